"""The Seine-Saint-Denis extracts shipped in resources/opendata for the demo territory (Pantin)."""

import csv
import io
from collections import Counter
from pathlib import Path

import pytest

from cites_app.opendata import (
    DEMO_COMMUNE_INSEE,
    OpenDataError,
    default_opendata_dir,
    demo_source_files,
    opendata_file,
    read_establishment_file,
)
from cites_app.opendata.demo import CITES_EDUCATIVES_FILE, QPV_BY_COMMUNE_FILE
from tests.opendata.paths import REPO_ROOT, RESOURCES_DIR


def _rows(path: Path) -> list[dict[str, str]]:
    text = path.read_text(encoding="utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline=""), delimiter=";"))


def test_default_dir_is_the_repository_folder() -> None:
    assert default_opendata_dir() == RESOURCES_DIR


def test_installed_wheel_folder_comes_first(tmp_path: Path) -> None:
    package = tmp_path / "cites_app"
    bundled = package / "_bundled" / "resources" / "opendata"
    repository = tmp_path / "resources" / "opendata"
    repository.mkdir(parents=True)
    assert default_opendata_dir(package) == repository
    bundled.mkdir(parents=True)
    assert default_opendata_dir(package) == bundled


def test_missing_folder_and_file(tmp_path: Path) -> None:
    package = tmp_path / "cites_app"
    with pytest.raises(OpenDataError, match="fournies avec l'application sont introuvables"):
        default_opendata_dir(package)
    (tmp_path / "resources" / "opendata").mkdir(parents=True)
    with pytest.raises(OpenDataError) as caught:
        demo_source_files(package)
    assert str(caught.value) == (
        "Le fichier de données ouvertes « ips_ecoles_2022-2023_dep093-013-059-069.csv » manque "
        f"dans {tmp_path / 'resources' / 'opendata'}. Réinstallez l'application."
    )


def test_demo_files_hold_departement_093_only() -> None:
    files = demo_source_files()
    assert [path.name for path in files] == [
        "ips_ecoles_2022-2023_dep093-013-059-069.csv",
        "ips_colleges_2022-2023_national.csv",
        "ips_lycees_2022-2023_national.csv",
        "geoloc_colleges_dep093-013-059-069.csv",
    ]
    counts = {}
    for path in files:
        result = read_establishment_file(path)
        assert result.skipped == []
        assert {e.departement for e in result.establishments} == {"093"}
        # None of these files says REP / REP+: unknown, never guessed.
        assert {e.education_prioritaire for e in result.establishments} == {None}
        counts[result.kind] = (len(result.establishments), len(result.ips))
    assert counts == {
        "ips_ecoles": (478, 478),
        "ips_colleges": (158, 158),
        "ips_lycees": (92, 92),
        "geoloc": (173, 0),
    }


def test_pantin() -> None:
    kinds: Counter[str] = Counter()
    for path in demo_source_files()[:3]:
        result = read_establishment_file(path)
        kinds.update(e.kind for e in result.establishments if e.code_insee == DEMO_COMMUNE_INSEE)
    assert kinds == {
        "elementaire": 11,
        "primaire": 4,
        "college": 6,
        "lycee_gt": 2,
        "lycee_polyvalent": 2,
    }


def test_extracts_keep_the_original_header_and_bytes() -> None:
    ecoles = (RESOURCES_DIR / "ips_ecoles_2022-2023_dep093-013-059-069.csv").read_bytes()
    assert ecoles.startswith(
        b"rentree_scolaire;academie;code_du_departement;departement;uai;nom_de_l_etablissment;"
    )
    assert (
        b"\r\n2022-2023;CRETEIL;093;SEINE-SAINT-DENIS;0930288H;ECOLE ELEMENTAIRE EDOUARD " in ecoles
    )
    geoloc = (RESOURCES_DIR / "geoloc_colleges_dep093-013-059-069.csv").read_bytes()
    assert geoloc.startswith(b"\xef\xbb\xbfnumero_uai;")  # BOM kept


def test_qpv_extract() -> None:
    rows = _rows(opendata_file(QPV_BY_COMMUNE_FILE))
    assert len(rows) == 34
    assert all(row["insee_com"].startswith("93") for row in rows)
    pantin = next(row for row in rows if row["insee_com"] == DEMO_COMMUNE_INSEE)
    assert pantin["code_qp"] == "QN09310M, QN09323M, QN09324I"
    # A source artefact kept as is: a line break inside a quoted commune list.
    aubervilliers = next(row for row in rows if row["insee_com"] == "93001")
    assert "\n" in aubervilliers["lib_com"]


def test_cites_educatives_file() -> None:
    rows = _rows(opendata_file(CITES_EDUCATIVES_FILE))
    assert len(rows) == 189
    assert {"id_territoire": "cite-112", "lib_territoire": "Pantin"}.items() <= next(
        row for row in rows if row["liste_geo"] == "Pantin (93055)"
    ).items()


def test_sources_file_attribution() -> None:
    sources = (RESOURCES_DIR / "SOURCES.md").read_text(encoding="utf-8")
    assert "Licence Ouverte / Etalab 2.0" in sources
    assert "filtered `code_du_departement` = 093" in sources
    assert "4745642054d268506c2b8acbc5843eb5a6f9ac09" in sources
    listed = {path.name for path in RESOURCES_DIR.glob("*.csv")}
    assert all(f"`{name}`" in sources for name in listed)
    assert len(listed) == 6


def test_resources_live_in_the_packaged_folder() -> None:
    pyproject = (REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert '"resources" = "cites_app/_bundled/resources"' in pyproject
