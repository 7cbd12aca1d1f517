"""The porteur report and the attendance matrix, on the hand-built territory."""

from __future__ import annotations

import json
import zipfile
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from cites_app.db.database import Database
from cites_app.exports.attendance_matrix import BANNER, write_attendance_matrix
from cites_app.exports.files import ExportError
from cites_app.exports.porteur import write_porteur_report
from cites_app.indicators.territory_period import PeriodError
from cites_app.models import AuditEntry, Pupil
from tests.exports.territory import PHONE_PARTNER, build, read_sheets, table


def test_porteur_report(db: Database, tmp_path: Path) -> None:
    ids = build(db)
    path = tmp_path / "ludo.xlsx"
    summary = write_porteur_report(db, path, ids["ludo"], year="2025-2026", today=date(2026, 9, 1))
    assert (summary.actions, summary.sessions, summary.beneficiaries) == (1, 4, 15)
    assert summary.activity_hours == pytest.approx(7.5)
    sheets = read_sheets(path)
    assert list(sheets) == ["Synthèse", "Actions", "Séances", "Méthodo"]
    header, actions = table(sheets["Actions"], "Axe")
    assert [row[header.index("Action")] for row in actions] == ["Théâtre inter-écoles"]
    # Masked exactly as in the revue: one child of unstated sex.
    assert actions[0][header.index("Sexe non renseigné")] == "< 5"
    header, sessions = table(sheets["Séances"], "Date")
    assert [row[header.index("Participants")] for row in sessions] == [8.0, 8.0, 7.0, 6.0]
    assert {row[header.index("Activité")] for row in sessions} == {"@Atelier théâtre", "-Chorale"}
    _, figures = table(sheets["Synthèse"], "Indicateur")
    values = {r[0]: r[1] for r in figures}
    assert values["Bénéficiaires distincts"] == 15
    assert (values["Filles"], values["Garçons"], values["Sexe non renseigné"]) in (
        (8.0, "masqué", "< 5"),
        ("masqué", 6.0, "< 5"),
    )
    assert values["Résidant en QPV"] == 6  # a01 a02 a03 a07 a08 a10
    with zipfile.ZipFile(path) as archive:
        xml = " ".join(archive.read(n).decode() for n in archive.namelist() if "worksheets" in n)
    assert "Zarkovsky" not in xml and "<f>" not in xml


def test_porteur_small_session_is_masked(db: Database, tmp_path: Path) -> None:
    ids = build(db)
    path = tmp_path / "phone.xlsx"
    write_porteur_report(db, path, ids["phone"], year="2025-2026")
    header, sessions = table(read_sheets(path)["Séances"], "Date")
    # S2 has 3 children; with its total known, S1 (12) is masked too.
    assert [row[header.index("Participants")] for row in sessions] == ["masqué", "< 5"]
    _, figures = table(read_sheets(path)["Synthèse"], "Indicateur")
    assert "Bilan du porteur" in read_sheets(path)["Synthèse"][0][0]
    assert PHONE_PARTNER in str(read_sheets(path)["Synthèse"][1][1])
    assert figures


def test_porteur_errors(db: Database, tmp_path: Path) -> None:
    ids = build(db)
    with pytest.raises(ExportError, match="Aucun partenaire n° 999"):
        write_porteur_report(db, tmp_path / "x.xlsx", 999)
    with pytest.raises(ExportError, match="ne porte aucune action en 2024-2025"):
        write_porteur_report(db, tmp_path / "x.xlsx", ids["phone"], year="2024-2025")
    with pytest.raises(PeriodError, match="Aucune présence enregistrée"):
        write_porteur_report(db, tmp_path / "x.xlsx", ids["ludo"], year="2026-2027")
    assert not (tmp_path / "x.xlsx").exists()


def test_attendance_matrix_is_marked_and_audited(db: Database, tmp_path: Path) -> None:
    ids = build(db)
    path = tmp_path / "presences.xlsx"
    summary = write_attendance_matrix(db, path, year="2025-2026", actor="coordination")
    # Activities with séances in 2025-2026: the old one is out; the cancelled S7 is left out.
    assert (summary.activities, summary.sessions) == (3, 6)
    sheets = read_sheets(path)
    assert sorted(sheets) == ["-Chorale", "@Atelier théâtre", "Découverte des métiers"]
    for rows in sheets.values():
        assert rows[0][0] == BANNER
    header, rows = table(sheets["@Atelier théâtre"], "Nom")
    assert header[:4] == ["Nom", "Prénom", "Établissement", "Niveau"]
    assert header[4:7] == ["08/10/2025 14h00", "15/10/2025 14h00", "14/01/2026 14h00"]
    with db.read_session() as session:
        names = dict(session.execute(select(Pupil.last_name, Pupil.id)).all())
    marks = {row[0]: row[4:7] for row in rows}
    assert marks["ZarkovskyxA01"] == ["P", "P", ""]
    assert marks["ZarkovskyxA10"] == ["AE", "", "P"]  # absent excused at S3
    assert marks["ZarkovskyxC02"] == ["", "", ""]  # registered, never marked
    presences = {row[0]: row[header.index("Présences")] for row in rows}
    assert presences["ZarkovskyxA01"] == 2
    assert set(marks) <= set(names)
    book = __import__("openpyxl").load_workbook(path)
    for sheet in book.worksheets:
        assert BANNER in sheet.oddHeader.left.text
        assert sheet.oddFooter.right.text.endswith(BANNER)
    with db.read_session() as session:
        entry = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "export.attendance_matrix")
        ).one()
    assert entry.actor == "coordination"
    assert "presences.xlsx" in entry.summary
    details = json.loads(entry.details or "{}")
    assert details["pupils"] == summary.pupils and details["sessions"] == 6
    assert sorted(details["activities"]) == sorted(
        [ids["activity_jobs"], ids["activity_theatre"], ids["activity_choir"]]
    )
    assert "Zarkovsky" not in (entry.details or "") + entry.summary


def test_attendance_matrix_of_one_activity(db: Database, tmp_path: Path) -> None:
    ids = build(db)
    path = tmp_path / "choeur.xlsx"
    summary = write_attendance_matrix(db, path, activity_id=ids["activity_choir"], year="2025-2026")
    assert (summary.activities, summary.sessions) == (1, 1)
    _, rows = table(read_sheets(path)["-Chorale"], "Nom")
    assert len(rows) == 8  # six present, two absent excused
    with pytest.raises(ExportError, match="Aucune activité n° 999"):
        write_attendance_matrix(db, tmp_path / "x.xlsx", activity_id=999)
    with pytest.raises(ExportError, match="rien à exporter"):
        write_attendance_matrix(
            db, tmp_path / "x.xlsx", activity_id=ids["activity_old"], year="2025-2026"
        )
