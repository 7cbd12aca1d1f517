"""Files in shapes no one on the team had seen, imported with the command line (`corpus_shapes`).

What a user checks after ``cites-app import pupils``: the stored names, dates, niveaux and
classes, or, for a damaged file, the message naming the row and column and a database left as
it was.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import cast

import openpyxl
import pytest
from sqlalchemy import select

from cites_app.db.database import Database
from cites_app.imports import import_pupils
from cites_app.models import Establishment, Pupil
from tests.imports.conftest import CORPUS, ECOLE, TODAY, counts, run_cli, run_json, url
from tests.pupil_files.corpus_siecle import UAI_COLLEGE


def _stored(database: Database) -> list[tuple[object, ...]]:
    with database.read_session() as session:
        rows = session.execute(
            select(
                Pupil.last_name,
                Pupil.first_name,
                Pupil.birth_date,
                Pupil.sex,
                Pupil.niveau,
                Pupil.class_label,
                Establishment.uai,
            )
            .join(Establishment, Pupil.establishment_id == Establishment.id)
            .order_by(Pupil.last_name)
        ).all()
    return [tuple(row) for row in rows]


def test_cli_imports_a_siecle_export_with_a_namespace(
    schools: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = run_json(
        capsys,
        ["import", "pupils", str(CORPUS / "siecle_espace_de_noms.xml"), "--db", url(schools)],
    )
    assert code == 0, out
    assert (out["created"], out["updated"], out["unchanged"], out["rejected"]) == (2, 0, 0, 0)
    assert _stored(schools) == [
        ("BŒUF", "Œdipe", date(2014, 3, 14), "M", "6e", "6 A", UAI_COLLEGE),
        ("ŸVART", "Noël", date(2012, 12, 21), None, "4e", "4 SEGPA", UAI_COLLEGE),
    ]


def test_one_sheet_per_class_stores_the_sheet_names_as_classes(schools: Database) -> None:
    report = import_pupils(schools, CORPUS / "onglets_par_classe.xlsx", UAI_COLLEGE, today=TODAY)
    assert report.committed and not report.errors, report.errors
    assert (report.created, report.rejected) == (3, 0)  # the « Total » lines are no pupils
    assert _stored(schools) == [
        ("ABADIE", "Léon", date(2014, 1, 12), "M", "6e", "6ème A", UAI_COLLEGE),
        ("BRUN", "Lou", date(2014, 3, 3), "F", "6e", "6ème A", UAI_COLLEGE),
        ("DUVAL", "Hugo", date(2013, 8, 8), "M", "5e", "5EME B", UAI_COLLEGE),
    ]


def test_a_lycee_list_stores_niveaux_from_divisions(schools: Database) -> None:
    report = import_pupils(schools, CORPUS / "lycee_divisions.csv", UAI_COLLEGE, today=TODAY)
    assert report.committed and not report.errors, report.errors
    assert [(r[0], r[2], r[4], r[5]) for r in _stored(schools)] == [
        ("FAURE", date(2008, 4, 12), "Tle", "TMELEC"),
        ("LÉGER", date(2009, 4, 12), "2de", "2GT3"),
        ("MOREAU", date(2008, 2, 22), "1re", "1STMG2"),
    ]


def test_cli_refuses_a_shifted_row_and_writes_nothing(
    schools: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    before = counts(schools)
    argv = ["import", "pupils", str(CORPUS / "onde_adresse_decalee.csv"), "--db", url(schools)]
    code, out = run_cli(capsys, [*argv, "--establishment", ECOLE])
    assert code == 1
    assert (
        "onde_adresse_decalee.csv, ligne 3, colonne « H » : Ligne refusée : 8 valeurs pour 7 "
        "colonnes d'en-tête, les colonnes sont décalées"
    ) in out
    assert counts(schools) == before


def test_cli_refuses_a_pdf_renamed_csv(
    schools: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    before = counts(schools)
    argv = ["import", "pupils", str(CORPUS / "document_pdf.csv"), "--db", url(schools)]
    code, out = run_json(capsys, [*argv, "--establishment", ECOLE])
    assert code == 1
    assert out["errors"] == [
        {
            "file": "document_pdf.csv",
            "row": None,
            "column": None,
            "message": "Ce n'est pas une liste d'élèves lisible : le contenu est un document "
            "PDF, pas un texte CSV ni un classeur",
        }
    ]
    assert counts(schools) == before


def test_class_title_rows_give_the_class_of_the_pupils_below(
    schools: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A head teacher's list pasted class after class, each under a « CM2 A » title row."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["Liste des élèves — école Édouard Vaillant"])
    sheet.append([])
    sheet.append(["Nom", "Prénom", "Né(e) le", "Sexe"])
    sheet.append(["CM2 A"])
    sheet.merge_cells("A4:D4")
    sheet.append(["BENALI", "Yasmine", date(2014, 5, 2), "F"])
    sheet.append(["COSTA", "Tiago", date(2014, 9, 30), "M"])
    sheet.append(["Classe de CE2-CM1"])
    sheet.append(["DIALLO", "Awa", date(2015, 11, 8), "F"])
    sheet.append(["Nouveaux arrivants"])  # no class: still refused, with its row named
    path = tmp_path / "liste_par_classe.xlsx"
    workbook.save(path)

    code, out = run_json(
        capsys, ["import", "pupils", str(path), "--establishment", ECOLE, "--db", url(schools)]
    )
    assert code == 1
    assert out["created"] == 0
    errors = cast(list[dict[str, object]], out["errors"])
    warnings = cast(list[dict[str, object]], out["warnings"])
    assert [(e["row"], e["column"], e["message"]) for e in errors] == [
        (9, "Prénom", "Prénom manquant"),
        (9, "Né(e) le", "Date de naissance manquante"),
    ]
    assert [(w["row"], w["message"]) for w in warnings] == [
        (4, "Titre de classe « CM2 A » : classe des élèves des lignes suivantes"),
        (7, "Titre de classe « CE2-CM1 » : classe des élèves des lignes suivantes"),
    ]
    assert counts(schools)["pupil"] == 0

    code, out = run_json(
        capsys,
        [
            "import",
            "pupils",
            str(path),
            "--establishment",
            ECOLE,
            "--partial",
            "--db",
            url(schools),
        ],
    )
    assert code == 0, out
    assert (out["created"], out["rejected"]) == (3, 1)
    assert _stored(schools) == [
        ("BENALI", "Yasmine", date(2014, 5, 2), "F", "CM2", "CM2 A", ECOLE),
        ("COSTA", "Tiago", date(2014, 9, 30), "M", "CM2", "CM2 A", ECOLE),
        ("DIALLO", "Awa", date(2015, 11, 8), "F", None, "CE2-CM1", ECOLE),
    ]
