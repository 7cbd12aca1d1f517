"""Committing a preview: all accepted rows or nothing, stale previews, the rejected-rows export."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select, update

from cites_app import audit
from cites_app.db.database import Database
from cites_app.imports import (
    StalePreviewError,
    commit_pupils,
    export_rejected,
    import_pupils,
    preview_pupils,
)
from cites_app.imports.matching import chunks
from cites_app.models import AuditEntry, Pupil
from cites_app.pupil_files import read_pupil_file
from tests.imports.conftest import CORPUS, ECOLE, TODAY, counts

LIST = [
    "Nom;Prénom;Date de naissance;Classe;INE",
    "DIOP;Awa;01/02/2016;CE2 A;111111111AA",
    "SOW;Moussa;03/04/2016;CE2 A;",
    "KANE;Ali;05/06/2016;CE2 B;",
    "BA;Binta;07/08/2016;CE2 B;",
]


def _file(tmp_path: Path, lines: list[str], name: str = "liste.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def with_pupils(schools: Database, tmp_path: Path) -> Database:
    """Two pupils already stored (DIOP by INE, SOW by identity), then a list that moves them."""
    import_pupils(schools, _file(tmp_path, LIST[:3], "avant.csv"), ECOLE, today=TODAY)
    return schools


def _rentree(tmp_path: Path) -> Path:
    """DIOP and SOW change class (updates), KANE and BA are new."""
    lines = [line.replace("CE2 A", "CM1 A") for line in LIST]
    return _file(tmp_path, lines, "rentree.csv")


def test_a_failure_after_every_write_leaves_the_database_as_it_was(
    with_pupils: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    preview = preview_pupils(with_pupils, _rentree(tmp_path), ECOLE, today=TODAY)
    assert [row.status for row in preview.rows] == ["update", "update", "new", "new"]
    before = counts(with_pupils)

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disque plein")

    monkeypatch.setattr(audit, "record", broken)  # after inserts and updates
    with pytest.raises(RuntimeError, match="disque plein"):
        commit_pupils(with_pupils, preview)
    assert counts(with_pupils) == before
    with with_pupils.read_session() as session:
        assert set(session.scalars(select(Pupil.class_label))) == {"CE2 A"}


def test_a_failure_between_two_insert_batches_leaves_nothing(
    schools: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    preview = preview_pupils(schools, _file(tmp_path, LIST), ECOLE, today=TODAY)
    before = counts(schools)

    def one_batch_then_crash(values: Iterable[object], size: int = 900) -> Iterator[list[object]]:
        batches = chunks(values, 2)
        yield next(batches)
        raise OSError("coupure de courant")

    monkeypatch.setattr("cites_app.imports.pupil_commit.chunks", one_batch_then_crash)
    with pytest.raises(OSError, match="coupure de courant"):
        commit_pupils(schools, preview)
    assert counts(schools) == before


def test_only_the_accepted_rows_are_written(with_pupils: Database, tmp_path: Path) -> None:
    preview = preview_pupils(with_pupils, _rentree(tmp_path), ECOLE, today=TODAY)
    report = commit_pupils(with_pupils, preview, accepted_rows=[0, 3])
    assert (report.created, report.updated, report.ignored) == (1, 1, 2)
    with with_pupils.read_session() as session:
        rows = session.execute(select(Pupil.last_name, Pupil.class_label)).all()
    assert sorted(rows) == [("BA", "CE2 B"), ("DIOP", "CM1 A"), ("SOW", "CE2 A")]


def test_a_pupil_changed_since_the_preview_stops_the_commit(
    with_pupils: Database, tmp_path: Path
) -> None:
    preview = preview_pupils(with_pupils, _rentree(tmp_path), ECOLE, today=TODAY)
    with with_pupils.session() as session:  # someone edits SOW in the meantime
        session.execute(
            update(Pupil).where(Pupil.last_name == "SOW").values(version=Pupil.version + 1)
        )
    before = counts(with_pupils)
    with pytest.raises(StalePreviewError, match="refaites l'aperçu"):
        commit_pupils(with_pupils, preview)
    assert counts(with_pupils) == before


def test_an_ine_stored_since_the_preview_stops_the_commit(
    schools: Database, tmp_path: Path
) -> None:
    preview = preview_pupils(schools, _file(tmp_path, LIST), ECOLE, today=TODAY)
    with schools.session() as session:
        session.add(Pupil(last_name="X", first_name="Y", ine="111111111AA"))
    before = counts(schools)
    with pytest.raises(StalePreviewError):
        commit_pupils(schools, preview)
    assert counts(schools) == before


def test_the_audit_entry_holds_counts_and_never_names(schools: Database, tmp_path: Path) -> None:
    report = import_pupils(schools, _file(tmp_path, LIST), ECOLE, today=TODAY)
    assert report.created == 4
    with schools.read_session() as session:
        entry = session.scalars(select(AuditEntry)).one()
    assert entry.action == "import.pupils"
    assert "liste.csv" in entry.summary and "4 créés" in entry.summary
    text = f"{entry.summary} {entry.details}"
    for name in ("DIOP", "Awa", "SOW", "Moussa", "KANE", "BA ", "Binta"):
        assert name not in text
    assert '"establishments": ["0930288H"]' in (entry.details or "")


def test_rejected_rows_are_exported_with_their_reason(schools: Database, tmp_path: Path) -> None:
    path = _file(
        tmp_path,
        [
            "Nom;Prénom;Date de naissance;Classe",
            "DIOP;Awa;01/02/2016;CE2",
            "=1+1;Marie;31/02/2015;CE2",
            "DIOP;Awa;01/02/2016;CE2",
            "@SUM(A1);;12/12/2015;-CE2",
        ],
        "bulles.csv",
    )
    preview = preview_pupils(schools, path, ECOLE, today=TODAY)
    assert [row.status for row in preview.rows] == ["new", "error", "duplicate", "error"]
    out = tmp_path / "refus" / "lignes_refusees.xlsx"
    assert export_rejected(preview, out, database=schools) == 3
    sheet = openpyxl.load_workbook(out).active
    assert sheet is not None
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0] == [
        "Nom",
        "Prénom",
        "Date de naissance",
        "Classe",
        "Ligne d'origine",
        "Motif du rejet",
    ]
    assert rows[1] == [
        "=1+1",
        "Marie",
        "31/02/2015",
        "CE2",
        3,
        "Date de naissance impossible : 31/02/2015",
    ]
    assert rows[2][4:] == [
        4,
        "doublon : mêmes nom, prénom, date de naissance et établissement que la ligne 2",
    ]
    assert rows[3][:4] == ["@SUM(A1)", None, "12/12/2015", "-CE2"]
    assert rows[3][5] == "Prénom manquant"
    formula_like = [sheet.cell(2, 1), sheet.cell(4, 1), sheet.cell(4, 4)]
    assert all(cell.data_type == "s" and cell.quotePrefix for cell in formula_like)
    with schools.read_session() as session:
        entry = session.scalars(select(AuditEntry)).one()
    assert entry.action == "export.rejected_rows"
    assert "Marie" not in f"{entry.summary} {entry.details}"


def test_rejected_rows_of_a_workbook_keep_their_sheet_and_values(
    schools: Database, tmp_path: Path
) -> None:
    preview = preview_pupils(schools, CORPUS / "liste_titre_fusion.xlsx", ECOLE, today=TODAY)
    out = tmp_path / "refus.xlsx"
    written = export_rejected(preview, out)
    assert written == len(preview.rejected_rows) == 4
    sheet = openpyxl.load_workbook(out).active
    assert sheet is not None
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(values_only=False)]
    assert rows[0][:3] == ["NOM", "Prénom", "Date de naissance"]
    by_line = {row[-2]: row for row in rows[1:]}
    assert set(by_line) == {9, 10, 11, 13}
    assert by_line[9][0] == "MARTIN" and by_line[9][-1] == "Prénom manquant"
    assert len(str(by_line[13][0])) == 10_000


def test_a_file_where_every_row_is_rejected_writes_nothing(
    schools: Database, tmp_path: Path
) -> None:
    path = _file(tmp_path, ["Nom;Prénom;Date de naissance", "DIOP;Awa;31/02/2016"])
    before = counts(schools)
    preview = preview_pupils(schools, path, ECOLE, today=TODAY)
    report = commit_pupils(schools, preview)
    assert report.refused and not report.committed
    assert report.message == "toutes les lignes sont refusées"
    assert counts(schools) == before


def test_birth_dates_are_judged_against_the_given_day(schools: Database, tmp_path: Path) -> None:
    path = _file(tmp_path, ["Nom;Prénom;Date de naissance", "DIOP;Awa;01/02/2024"])
    early = preview_pupils(schools, path, ECOLE, today=date(2025, 9, 1))
    assert early.rows[0].status == "error"
    late = preview_pupils(schools, path, ECOLE, today=date(2026, 9, 1))
    assert late.rows[0].status == "new"


def test_rejected_siecle_pupils_are_exported_with_their_line_in_the_xml(
    schools: Database, tmp_path: Path
) -> None:
    """SIECLE rows are named by the line of their <ELEVE> tag, in the preview and the export."""
    preview = preview_pupils(schools, CORPUS / "ElevesSansAdresses.xml", today=TODAY)
    rejected = {row.row: row.reason for row in preview.rejected_rows}
    assert rejected == {12: "Date de naissance impossible : 31/02/2012"}
    xml_lines = (CORPUS / "ElevesSansAdresses.xml").read_text(encoding="iso-8859-15").splitlines()
    assert "<PRENOM>Adam</PRENOM>" in xml_lines[12 - 1]  # what a text editor shows at line 12
    out = tmp_path / "refus.xlsx"
    assert export_rejected(preview, out) == 1
    sheet = openpyxl.load_workbook(out).active
    assert sheet is not None
    header, row = ([cell.value for cell in line] for line in sheet.iter_rows())
    assert (header[0], row[0], row[header.index("Ligne d'origine")]) == (
        "NOM_DE_FAMILLE",
        "ROCHE",
        12,
    )


def test_a_siecle_file_on_one_line_numbers_its_pupils_by_rank(tmp_path: Path) -> None:
    text = (CORPUS / "ElevesSansAdresses.xml").read_bytes().replace(b"\n", b"")
    path = tmp_path / "une_ligne.xml"
    path.write_bytes(text)
    result = read_pupil_file(path, today=TODAY)
    assert [row.source_row for row in result.rows] == [1, 2, 3, 4, 7, 8]
