"""Files refused as a whole: each with a French message naming the file."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from cites_app.pupil_files import ColumnMapping, Field, read_pupil_file, read_tabular
from cites_app.pupil_files.textutil import read_error_reason
from tests.pupil_files.conftest import TODAY, messages, read
from tests.pupil_files.make_corpus import CORPUS

EXPECTED = (
    "Colonnes attendues : Nom, Prénom (ou « Nom et prénom »), Date de naissance, Sexe, Niveau, "
    "Classe, INE, UAI, Réside en QPV, ULIS, SEGPA."
)


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("vide.csv", "vide.csv : Le fichier est vide"),
        (
            "entete_seule.csv",
            "entete_seule.csv : Aucune ligne d'élève : le fichier ne contient que la ligne "
            "d'en-têtes",
        ),
        (
            "entetes_inconnus.csv",
            "entetes_inconnus.csv : Aucune ligne d'en-têtes reconnue dans les 30 premières "
            f"lignes. {EXPECTED}",
        ),
        (
            "binaire.csv",
            "binaire.csv : Ce n'est pas une liste d'élèves lisible : le contenu est une image "
            "PNG, pas un texte CSV ni un classeur",
        ),
        (
            "encodage_inconnu.csv",
            "encodage_inconnu.csv : Encodage des caractères non reconnu (ni UTF-8 ni "
            "Windows-1252) : enregistrez le fichier en « CSV UTF-8 » depuis Excel ou LibreOffice",
        ),
        (
            "classeur_tronque.xlsx",
            "classeur_tronque.xlsx : Archive zip tronquée ou endommagée : le fichier est "
            "incomplet ou abîmé (téléchargement ou copie interrompus ?)",
        ),
    ],
)
def test_refused_files(name: str, message: str) -> None:
    result = read(name)
    assert result.refused
    assert result.rows == []
    assert messages(result) == [message]
    assert all(issue.fatal and issue.file == name for issue in result.issues)


def test_missing_required_column_lists_found_and_expected_columns(tmp_path: Path) -> None:
    path = tmp_path / "sans_prenom.csv"
    path.write_text("Nom;Date de naissance;Classe\nDIOP;01/02/2016;CE2\n", encoding="utf-8")
    result = read_pupil_file(path, today=TODAY)
    assert result.refused
    assert messages(result) == [
        "sans_prenom.csv, ligne 1 : Colonne obligatoire introuvable : Prénom. Colonnes trouvées :"
        f" « Nom », « Date de naissance », « Classe ». {EXPECTED}"
    ]
    # The detected mapping comes back so that the user can point at the right column.
    assert result.mapping is not None
    assert result.mapping.headers == ("Nom", "Date de naissance", "Classe")


def test_unknown_headers_still_return_the_header_cells_for_the_mapping_dialog(
    tmp_path: Path,
) -> None:
    path = tmp_path / "maison.csv"
    path.write_text("Titre\nA;B;C\nDIOP;Awa;01/02/2016\n", encoding="utf-8")
    result = read_tabular(path, today=TODAY)
    assert result.refused
    assert result.mapping is not None
    assert (result.mapping.header_row, result.mapping.headers) == (1, ("Titre",))
    # The user says: headers on row 2, and which column is which.
    fixed = ColumnMapping(2, ("A", "B", "C")).with_column(Field.LAST_NAME, 0)
    fixed = fixed.with_column(Field.FIRST_NAME, 1).with_column(Field.BIRTH_DATE, 2)
    again = read_tabular(path, fixed, today=TODAY)
    assert [(r.last_name, r.first_name) for r in again.rows] == [("DIOP", "Awa")]


def test_csv_line_too_long_for_the_csv_module_stops_with_a_fatal_issue(tmp_path: Path) -> None:
    path = tmp_path / "enorme.csv"
    path.write_text(
        f'Nom;Prénom;Date de naissance\nDIOP;Awa;01/02/2016\nSOW;"{"x" * 200_000}";03/04/2016\n',
        encoding="utf-8",
    )
    result = read_pupil_file(path, today=TODAY)
    assert result.refused
    assert [r.last_name for r in result.rows] == ["DIOP"]
    fatal = [i for i in result.issues if i.fatal]
    assert len(fatal) == 1
    assert str(fatal[0]).startswith("enorme.csv, ligne 3 : Ligne 3 illisible, lecture interrompue")


def test_missing_file() -> None:
    result = read_pupil_file(Path("/nonexistent/eleves.csv"))
    assert result.refused
    assert messages(result) == [
        "eleves.csv : Impossible d'ouvrir le fichier : No such file or directory"
    ]


def test_a_text_document_in_a_zip_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "lettre.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    result = read_pupil_file(path)
    assert messages(result) == [
        "lettre.docx : C'est un document de traitement de texte, pas un tableur"
    ]


def test_damaged_ods_is_refused_instead_of_hanging() -> None:
    # Run in a child process: without the XML check, calamine never returns on this file.
    code = (
        "from cites_app.pupil_files import read_pupil_file;"
        f"print(read_pupil_file({str(CORPUS / 'liste_endommagee.ods')!r}).issues[0])"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    assert done.stdout.strip() == (
        "liste_endommagee.ods : Classeur ODS endommagé (contenu mal formé) : ouvrez-le dans "
        "LibreOffice et enregistrez-le de nouveau"
    )


def test_reading_errors_are_told_in_french_never_in_the_librarys_english() -> None:
    assert read_error_reason(ValueError("field larger than field limit (131072)")) == (
        "une cellule dépasse la taille autorisée"
    )
    assert read_error_reason(zipfile.BadZipFile("Bad CRC-32 for file 'xl/a.xml'")) == (
        "contenu corrompu"
    )
    assert read_error_reason(OSError("Xlsx error: something the library says")) == (
        "contenu illisible"
    )


def test_a_csv_line_over_the_size_limit_is_refused_in_french(tmp_path: Path) -> None:
    path = tmp_path / "enorme.csv"
    path.write_text(
        "Nom;Prénom;Date de naissance\nDIOP;Awa;01/02/2016\n" + 'SY;"' + "x" * 200_000 + '";x\n',
        encoding="utf-8",
    )
    result = read_pupil_file(path, today=TODAY)
    assert result.refused
    assert messages(result) == [
        "enorme.csv, ligne 3 : Ligne 3 illisible, lecture interrompue (une cellule dépasse la "
        "taille autorisée)"
    ]
