"""Files that cannot be read at all: each refused with a French message naming the file."""

from pathlib import Path

import pytest

from cites_app.opendata import OpenDataError, read_establishment_file
from tests.opendata.paths import DATA_DIR

COLLEGES = DATA_DIR / "ips_colleges_2022-2023_national.csv"
HEADER = COLLEGES.read_bytes().split(b"\r\n", 1)[0] + b"\r\n"
ROW = b"2022-2023;CRETEIL;093;SEINE-SAINT-DENIS;0930616P;COLLEGE ROMAIN ROLLAND;93014;CLICHY SOUS BOIS;public;544.0;73.4;21.2\r\n"


def _error(path: Path) -> str:
    with pytest.raises(OpenDataError) as caught:
        read_establishment_file(path)
    assert isinstance(caught.value, ValueError)
    return str(caught.value)


def _file(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "absent.csv"
    assert _error(path) == f"Le fichier « {path} » est introuvable."


def test_directory(tmp_path: Path) -> None:
    assert _error(tmp_path) == f"« {tmp_path} » est un dossier, pas un fichier CSV."


@pytest.mark.parametrize("data", [b"", b"\r\n\r\n  \n", b"\xef\xbb\xbf", b"\xef\xbb\xbf\r\n"])
def test_empty_file(tmp_path: Path, data: bytes) -> None:
    assert _error(_file(tmp_path, "vide.csv", data)) == "Le fichier « vide.csv » est vide."


def test_header_only(tmp_path: Path) -> None:
    assert _error(_file(tmp_path, "entete.csv", HEADER)) == (
        "Le fichier « entete.csv » ne contient que la ligne d'en-tête : aucun établissement à "
        "importer."
    )


def test_first_line_empty(tmp_path: Path) -> None:
    assert _error(_file(tmp_path, "decale.csv", b";;;\r\n" + HEADER + ROW)) == (
        "Le fichier « decale.csv » commence par une ligne vide : la ligne 1 doit contenir les "
        "noms des colonnes."
    )


@pytest.mark.parametrize(
    ("data", "what"),
    [
        (
            b"PK\x03\x04\x14\x00\x06\x00",
            "un classeur Excel (.xlsx), OpenDocument (.ods) ou une archive ZIP",
        ),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00", "un ancien classeur Excel (.xls)"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "un document PDF"),
    ],
)
def test_renamed_office_files(tmp_path: Path, data: bytes, what: str) -> None:
    assert _error(_file(tmp_path, "ips.csv", data + bytes(200))) == (
        f"Le fichier « ips.csv » n'est pas un fichier CSV : c'est {what} renommé. "
        "Ouvrez-le dans votre tableur et enregistrez-le au format CSV."
    )


@pytest.mark.parametrize("data", [bytes(range(256)) * 4, b"\x89PNG\r\n\x1a\n" + bytes(64)])
def test_binary_file(tmp_path: Path, data: bytes) -> None:
    assert _error(_file(tmp_path, "image.csv", data)) == (
        "Le fichier « image.csv » n'est pas un fichier texte CSV (contenu binaire). "
        "Vérifiez qu'il s'agit bien de l'export CSV attendu."
    )


def test_neither_utf8_nor_windows_1252(tmp_path: Path) -> None:
    # 0x81 is undefined in Windows-1252 and invalid alone in UTF-8.
    data = HEADER + ROW + ROW.replace(b"CLICHY", b"CLICHY\x81")
    assert _error(_file(tmp_path, "abime.csv", data)) == (
        "Le fichier « abime.csv » n'est ni en UTF-8 ni en Windows-1252 : la ligne 3 contient un "
        "octet illisible (0x81). Enregistrez-le de nouveau au format « CSV UTF-8 »."
    )


def test_bom_but_not_utf8(tmp_path: Path) -> None:
    data = b"\xef\xbb\xbf" + HEADER + ROW.replace(b"ROMAIN", b"ROM\xc9AIN")
    assert _error(_file(tmp_path, "melange.csv", data)) == (
        "Le fichier « melange.csv » annonce l'encodage UTF-8 mais la ligne 2 contient un "
        "caractère illisible (octet 0xC9). Enregistrez-le de nouveau au format « CSV UTF-8 »."
    )


def test_unknown_shape_lists_found_and_expected_headers(tmp_path: Path) -> None:
    data = "Description;Population;Date de début;Date de fin;Académies\r\nNoël;-;x;y;Créteil\r\n"
    message = _error(_file(tmp_path, "calendrier.csv", data.encode()))
    assert message == (
        "Le fichier « calendrier.csv » n'est pas reconnu : ce n'est ni l'annuaire de "
        "l'éducation, ni un fichier IPS, ni le fichier de géolocalisation. Colonnes trouvées "
        "(séparateur « ; ») : « Description », « Population », « Date de début », "
        "« Date de fin », « Académies ». Colonnes attendues — l'annuaire de l'éducation : "
        "Identifiant_de_l_etablissement, Nom_etablissement, Type_etablissement ; la "
        "géolocalisation des établissements : numero_uai, appellation_officielle ; l'IPS des "
        "lycées : uai, rentree_scolaire (ou « Rentrée scolaire »), nom_de_l_etablissment, "
        "ips_ensemble_gt_pro (ou « IPS Ensemble GT-PRO ») ; l'IPS des écoles ou des collèges : "
        "uai, rentree_scolaire (ou « Année scolaire »), nom_de_l_etablissment (ou « Nom de "
        "l'établissement »), ips."
    )


def test_unknown_shape_with_wrong_separator_shows_the_single_column(tmp_path: Path) -> None:
    data = HEADER.replace(b";", b"|") + ROW.replace(b";", b"|")
    message = _error(_file(tmp_path, "barres.csv", data))
    assert "Colonnes trouvées (séparateur « ; ») : « rentree_scolaire|academie|" in message


def test_many_headers_are_abbreviated(tmp_path: Path) -> None:
    header = ";".join(f"colonne{i}" for i in range(30))
    message = _error(_file(tmp_path, "large.csv", f"{header}\r\n{';' * 29}x\r\n".encode()))
    assert "« colonne11 »… (30 colonnes)." in message
    assert "colonne12" not in message


def test_recognised_shape_with_missing_column(tmp_path: Path) -> None:
    data = b"uai;ips;effectifs\r\n0930616P;73.4;544\r\n"
    assert _error(_file(tmp_path, "incomplet.csv", data)) == (
        "Le fichier « incomplet.csv » ressemble à un fichier de l'IPS des écoles ou des "
        "collèges, mais il lui manque la ou les colonnes : rentree_scolaire (ou « Année "
        "scolaire »), nom_de_l_etablissment (ou « Nom de l'établissement »). Colonnes trouvées : "
        "« uai », « ips », « effectifs »."
    )


def test_annuaire_without_type_column(tmp_path: Path) -> None:
    data = b"Identifiant_de_l_etablissement;Nom_etablissement\r\n0930616P;College\r\n"
    assert "il lui manque la ou les colonnes : Type_etablissement." in _error(
        _file(tmp_path, "annuaire.csv", data)
    )


def test_duplicate_columns(tmp_path: Path) -> None:
    data = HEADER.replace(b";ips;", b";IPS;").replace(b"effectifs", b"Ips") + ROW
    assert _error(_file(tmp_path, "doublon.csv", data)) == (
        "Le fichier « doublon.csv » contient deux colonnes de même nom : « Ips » et « IPS »."
    )


def test_unclosed_quote(tmp_path: Path) -> None:
    data = HEADER + ROW + ROW.replace(b";COLLEGE", b';"COLLEGE')
    message = _error(_file(tmp_path, "guillemet.csv", data))
    assert message.startswith(
        "Le fichier « guillemet.csv » est mal formé vers la ligne 3 (guillemets non refermés ?)"
    )
