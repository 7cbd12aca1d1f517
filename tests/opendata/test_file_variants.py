"""The same content read through every variant of encoding, separator, line end and header."""

import csv
import dataclasses
import io
from pathlib import Path

import pytest

from cites_app.opendata import EstablishmentRecord, IpsRecord, OpenDataFile, read_establishment_file
from cites_app.opendata.csvtable import normalize_header
from tests.opendata.paths import DATA_DIR

COLLEGES = DATA_DIR / "ips_colleges_2022-2023_national.csv"
ANNUAIRE = DATA_DIR / "annuaire_education_094_ecoles_2026-05.csv"
NEW_SCHEMA = DATA_DIR / "ips_colleges_lille_2024-2025_sample_newschema.csv"

Content = tuple[str, list[EstablishmentRecord], list[IpsRecord], int]


def _content(result: OpenDataFile) -> Content:
    """What was read, without the file name (which differs between variants)."""
    establishments = [dataclasses.replace(e, source="") for e in result.establishments]
    return result.kind, establishments, result.ips, len(result.skipped)


def _records(path: Path) -> list[list[str]]:
    text = path.read_text(encoding="utf-8-sig")
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))


def _write(records: list[list[str]], delimiter: str = ";", newline: str = "\r\n") -> str:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=delimiter, lineterminator=newline).writerows(records)
    return buffer.getvalue()


@pytest.mark.parametrize("source", [COLLEGES, ANNUAIRE, NEW_SCHEMA])
def test_with_and_without_bom(tmp_path: Path, source: Path) -> None:
    data = source.read_bytes()
    without = tmp_path / "sans_bom.csv"
    without.write_bytes(data.removeprefix(b"\xef\xbb\xbf"))
    with_bom = tmp_path / "avec_bom.csv"
    with_bom.write_bytes(b"\xef\xbb\xbf" + data.removeprefix(b"\xef\xbb\xbf"))
    expected = _content(read_establishment_file(source))
    assert _content(read_establishment_file(without)) == expected
    assert _content(read_establishment_file(with_bom)) == expected


@pytest.mark.parametrize("source", [COLLEGES, ANNUAIRE, NEW_SCHEMA])
@pytest.mark.parametrize(
    ("delimiter", "newline"), [(",", "\r\n"), (",", "\n"), (";", "\n"), ("\t", "\r\n")]
)
def test_separators_and_line_ends(
    tmp_path: Path, source: Path, delimiter: str, newline: str
) -> None:
    # The new schema has "50.33, 3.24" in one field: the comma variant must quote it.
    variant = tmp_path / "variante.csv"
    variant.write_text(_write(_records(source), delimiter, newline), encoding="utf-8")
    assert _content(read_establishment_file(variant)) == _content(read_establishment_file(source))


def test_comma_file_really_has_quoted_commas(tmp_path: Path) -> None:
    text = _write(_records(NEW_SCHEMA), ",")
    assert '"50.33181566173207, 3.247760687010971"' in text
    variant = tmp_path / "virgules.csv"
    variant.write_text(text, encoding="utf-8")
    monod = read_establishment_file(variant).establishments[0]
    assert (monod.latitude, monod.longitude) == (50.33181566173207, 3.247760687010971)


@pytest.mark.parametrize("source", [ANNUAIRE, COLLEGES])
def test_windows_1252(tmp_path: Path, source: Path) -> None:
    variant = tmp_path / "ansi.csv"
    variant.write_bytes(source.read_text(encoding="utf-8-sig").encode("cp1252"))
    result = read_establishment_file(variant)
    assert _content(result) == _content(read_establishment_file(source))


def test_windows_1252_keeps_accents(tmp_path: Path) -> None:
    variant = tmp_path / "ansi.csv"
    variant.write_bytes(ANNUAIRE.read_text(encoding="utf-8-sig").encode("cp1252"))
    names = {e.uai: e for e in read_establishment_file(variant).establishments}
    assert names["0940209S"].name == "Ecole élémentaire Jardin Parisien A"
    assert names["0940209S"].commune == "L'Haÿ-les-Roses"


def test_utf16_with_bom(tmp_path: Path) -> None:
    variant = tmp_path / "unicode.csv"
    variant.write_text(_write(_records(COLLEGES), "\t"), encoding="utf-16")
    assert _content(read_establishment_file(variant)) == _content(read_establishment_file(COLLEGES))


def test_header_spellings_and_column_order(tmp_path: Path) -> None:
    records = _records(COLLEGES)
    labels = {
        "rentree_scolaire": "Rentrée Scolaire",
        "academie": "ACADÉMIE",
        "code_du_departement": "Code du département",
        "uai": " UAI ",
        "nom_de_l_etablissment": "Nom de l’établissment",  # typographic apostrophe
        "code_insee_de_la_commune": "Code INSEE de la commune",
        "nom_de_la_commune": "Nom-de-la-commune",
        "ecart_type_de_l_ips": "Écart-type de l'IPS",
        "effectifs": "EFFECTIFS",
    }
    header = [labels.get(h, h) for h in records[0]]
    assert [normalize_header(h) for h in header] == records[0]
    order = list(reversed(range(len(header))))
    shuffled = [[row[i] for i in order] for row in [header, *records[1:]]]
    variant = tmp_path / "libelles.csv"
    variant.write_text(_write(shuffled), encoding="utf-8")
    assert _content(read_establishment_file(variant)) == _content(read_establishment_file(COLLEGES))


@pytest.mark.parametrize(
    ("header", "key"),
    [
        ("Nom de l'établissment", "nom_de_l_etablissment"),
        ("Ecart-type de l'IPS", "ecart_type_de_l_ips"),
        ("\ufeffIdentifiant_de_l_etablissement", "identifiant_de_l_etablissement"),
        ("Latitude et longitude WGS84", "latitude_et_longitude_wgs84"),
        ("  Code postal ", "code_postal"),
        ("IPS Ensemble GT-PRO", "ips_ensemble_gt_pro"),
    ],
)
def test_normalize_header(header: str, key: str) -> None:
    assert normalize_header(header) == key


def test_source_is_the_file_name() -> None:
    result = read_establishment_file(str(COLLEGES))
    assert {e.source for e in result.establishments} == {COLLEGES.name}
