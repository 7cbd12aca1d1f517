"""The issue's corpus of malformed pupil files, imported through the service and the CLI.

Each file gets French messages naming the file (and, for row problems, the row and the
column), and the database is left exactly as it was: nothing written, not even an audit entry.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import cast

import pytest

from cites_app.db.database import Database
from cites_app.imports import ImportIssue, import_pupils
from tests.imports.conftest import CORPUS, ECOLE, TODAY, counts, run_cli, run_json, url
from tests.pupil_files.big_files import write_big_csv

# Files refused as a whole: (file, words of the message).
REFUSED_FILES = [
    ("vide.csv", "Le fichier est vide"),
    ("entete_seule.csv", "Aucune ligne d'élève : le fichier ne contient que la ligne d'en-têtes"),
    ("entetes_inconnus.csv", "Aucune ligne d'en-têtes reconnue dans les 30 premières lignes"),
    ("binaire.csv", "le contenu est une image PNG"),
    ("classeur_tronque.xlsx", "Archive zip tronquée ou endommagée"),
    ("ElevesSansAdresses_tronque.zip", "Archive zip tronquée ou endommagée"),
    ("ElevesSansAdresses_tronque.xml", "Fichier XML tronqué ou mal formé (ligne 13)"),
    ("encodage_inconnu.csv", "Encodage des caractères non reconnu"),
    ("liste_endommagee.ods", "Classeur ODS endommagé"),
    ("siecle_entites.xml", "il déclare des entités"),
]

# Files with faulty rows: (file, [(row, column, words of the message)]).
FAULTY_ROWS = [
    (
        "liste_titre_fusion.xlsx",  # title rows, merged cells, blank rows, formulas, long cell
        [
            (9, "Prénom", "Prénom manquant"),
            (10, "Date de naissance", "Date de naissance impossible : 31/02/2015"),
            (11, "Date de naissance", "Formule sans valeur calculée"),
            (13, "NOM", "Texte trop long pour « Nom » (10\u202f000 caractères"),
        ],
    ),
    ("onde_utf8.csv", [(7, "Date naissance", "Date de naissance impossible : 30/02/2016")]),
    # SIECLE rows are the lines of the <ELEVE> tags: ROCHE Adam is on line 12 of the file.
    ("ElevesSansAdresses.xml", [(12, "DATE_NAISS", "Date de naissance impossible : 31/02/2012")]),
    ("college_complet.csv", [(4, "UAI", "UAI invalide : 0930123A")]),
    ("uai_inconnu.csv", [(3, "UAI", "UAI 0931999T inconnu")]),
]


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """The stored corpus, plus a list naming an establishment the database does not know."""
    folder = tmp_path / "corpus"
    shutil.copytree(CORPUS, folder)
    (folder / "uai_inconnu.csv").write_text(
        f"Nom;Prénom;Date de naissance;UAI\nDIOP;Awa;01/02/2016;{ECOLE}\n"
        "SOW;Moussa;03/04/2016;0931999T\n",
        encoding="utf-8",
    )
    return folder


def _located(issue: ImportIssue) -> tuple[int | None, str | None]:
    return issue.row, issue.column


@pytest.mark.parametrize(("name", "words"), REFUSED_FILES)
def test_refused_files_name_the_file_and_write_nothing(
    schools: Database, corpus: Path, name: str, words: str
) -> None:
    before = counts(schools)
    report = import_pupils(schools, corpus / name, ECOLE, today=TODAY)
    assert report.refused and not report.committed
    assert report.errors, name
    assert all(issue.file == name for issue in report.errors)
    assert any(words in str(issue) for issue in report.errors), report.errors
    assert str(report.errors[0]).startswith(f"{name}")
    assert counts(schools) == before


@pytest.mark.parametrize(("name", "expected"), FAULTY_ROWS)
def test_faulty_rows_are_named_and_nothing_is_written(
    schools: Database, corpus: Path, name: str, expected: list[tuple[int, str, str]]
) -> None:
    before = counts(schools)
    report = import_pupils(schools, corpus / name, ECOLE, today=TODAY)
    assert report.refused and not report.committed
    assert "en erreur" in report.message and "--partial" in report.message
    assert (report.created, report.updated) == (0, 0)
    for row, column, words in expected:
        found = [i for i in report.errors if _located(i) == (row, column) and words in i.message]
        assert found, (row, column, words, [str(i) for i in report.errors])
        assert str(found[0]).startswith(f"{name}, ligne {row}, colonne « {column} » : ")
    assert counts(schools) == before


@pytest.mark.parametrize(
    ("name", "row"), [(name, expected[0][0]) for name, expected in FAULTY_ROWS]
)
def test_cli_refuses_faulty_files_with_exit_code_1(
    schools: Database, corpus: Path, capsys: pytest.CaptureFixture[str], name: str, row: int
) -> None:
    before = counts(schools)
    argv = ["import", "pupils", str(corpus / name), "--establishment", ECOLE, "--db", url(schools)]
    code, result = run_json(capsys, argv)
    assert code == 1
    assert result["refused"] is True and result["committed"] is False
    assert (result["created"], result["updated"]) == (0, 0)
    errors = result["errors"]
    assert isinstance(errors, list)
    assert {"file": name, "row": row} in [{"file": e["file"], "row": e["row"]} for e in errors]
    assert all(set(e) >= {"file", "row", "column", "message"} for e in errors)
    assert counts(schools) == before


@pytest.mark.parametrize(("name", "words"), REFUSED_FILES[:4])
def test_cli_refuses_unreadable_files(
    schools: Database,
    corpus: Path,
    capsys: pytest.CaptureFixture[str],
    name: str,
    words: str,
) -> None:
    before = counts(schools)
    argv = ["import", "pupils", str(corpus / name), "--establishment", ECOLE, "--db", url(schools)]
    code, result = run_json(capsys, argv)
    assert code == 1
    assert result["rejected"] == 0 and result["refused"] is True
    errors = result["errors"]
    assert isinstance(errors, list) and errors[0]["file"] == name
    assert words in str(errors[0]["message"])
    assert counts(schools) == before


def test_cli_human_output_names_the_row_and_column(
    schools: Database, corpus: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["import", "pupils", str(corpus / "onde_utf8.csv"), "--db", url(schools),
            "--establishment", ECOLE]  # fmt: skip
    code, out = run_cli(capsys, argv)
    assert code == 1
    assert "Rien n'a été importé : 1 ligne en erreur" in out
    assert (
        "onde_utf8.csv, ligne 7, colonne « Date naissance » : Date de naissance impossible : "
        "30/02/2016" in out
    )


def test_partial_imports_the_valid_rows_and_counts_the_others(
    schools: Database, corpus: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["import", "pupils", str(corpus / "onde_utf8.csv"), "--establishment", ECOLE,
            "--partial", "--db", url(schools)]  # fmt: skip
    code, result = run_json(capsys, argv)
    assert code == 0
    assert (result["created"], result["rejected"], result["committed"]) == (4, 1, True)
    assert counts(schools)["pupil"] == 4


@pytest.mark.slow
def test_a_200000_row_file_with_one_bad_row_at_the_end_writes_nothing(
    schools: Database, tmp_path: Path
) -> None:
    path = write_big_csv(tmp_path / "departement.csv", 200_000)
    with path.open("a", encoding="cp1252", newline="") as stream:
        stream.write("DIOP;Awa;31/02/2016;F;CP;CP A\r\n")
    before = counts(schools)
    report = import_pupils(schools, path, ECOLE, today=TODAY)
    assert report.refused
    faulty = [(i.row, i.column) for i in report.errors if "doublon" not in i.message]
    assert faulty == [(200_002, "Date de naissance")]
    assert counts(schools) == before


@pytest.mark.slow
def test_a_200000_row_file_is_imported_whole(schools: Database, tmp_path: Path) -> None:
    path = write_big_csv(tmp_path / "departement.csv", 200_000)
    report = import_pupils(schools, path, ECOLE, today=TODAY)
    assert report.committed
    # The generated names repeat: rows sharing name, first name and birth date are duplicates.
    assert all(issue.message.startswith("doublon") for issue in report.errors)
    assert report.created + report.rejected == 200_000 and report.created > 150_000
    assert counts(schools)["pupil"] == report.created


def test_cli_says_a_message_repeated_on_many_rows_once(
    schools: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A whole file of an unknown school: one line, with its rows, not one line per pupil."""
    lines = ["Nom;Prénom;Date de naissance;UAI"]
    lines += [f"NOM{n};Prénom;01/02/2016;0931999T" for n in range(12)]
    lines += ["SEUL;Awa;31/02/2016;0930288H"]
    path = tmp_path / "ecole_inconnue.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out = run_cli(capsys, ["import", "pupils", str(path), "--db", url(schools)])
    assert code == 1
    errors = out.split("Erreurs (13) :\n", 1)[1].splitlines()
    assert errors[0].startswith(
        "  ecole_inconnue.csv, 12 lignes (de 2 à 13), colonne « UAI » : UAI 0931999T inconnu"
    )
    assert errors[1] == (
        "  ecole_inconnue.csv, ligne 14, colonne « Date de naissance » : "
        "Date de naissance impossible : 31/02/2016"
    )
    code, data = run_json(capsys, ["import", "pupils", str(path), "--db", url(schools)])
    assert len(cast(list[object], data["errors"])) == 13  # --json keeps every row
