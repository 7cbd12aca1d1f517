"""The feuille d'émargement: who is on it, grouped how, and the PDF as a PDF reader sees it."""

from __future__ import annotations

import itertools
import os
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication
from sqlalchemy import func, select

from cites_app.attendance import AttendanceSheetService, RollCallService
from cites_app.db.database import Database
from cites_app.models import ActivitySession, AuditEntry, Registration
from cites_app.ui.printing import write_attendance_sheets
from cites_app.ui.printing.layout import RowKind, paginate
from tests.attendance.conftest import World, clock


def _pages_text(path: Path) -> list[str]:
    """Each page's text with runs of blanks (pypdf separates words by tabs) made single spaces."""
    return [" ".join(page.extract_text().split()) for page in PdfReader(path).pages]


def test_sheet_content_grouped_by_school(world: World) -> None:
    service = AttendanceSheetService(world.database)
    sheet = service.for_session(world.seances["today"])
    assert sheet.title == "Feuille d'émargement — Atelier théâtre"
    assert dict(sheet.header_fields) == {
        "Action": "Temps périscolaires partagés",
        "Axe": "Promouvoir la continuité éducative",
        "Date": "mercredi 7 janvier 2026, 14h00–16h30",
        "Lieu": "Salle Jacques-Brel",
        "Animateurs": "Karim Benali, Sophie Martin",
    }
    assert [(s.school, [(ln.last_name, ln.niveau) for ln in s.lines]) for s in sheet.schools] == [
        ("Collège Jean-Lolive", [("Benali", "6e"), ("Traoré", "CM2")]),
        ("École élémentaire Jean Jaures", [("Dupont", "CM1"), ("Petit", "CE2")]),
        ("École élémentaire Victor-Hugo", [("Lefèvre", "CM2"), ("Nguyen", "CM1")]),
    ]
    assert sheet.schools[1].total_text == "Total École élémentaire Jean Jaures : 2 élèves"
    assert sheet.total_text == "Total inscrits : 6 élèves de 3 établissements"
    # A walk-in added during the roll call is printed under their school afterwards.
    RollCallService(world.database, clock).add_walk_in(world.seances["today"], world.pupils["zoe"])
    again = service.for_session(world.seances["today"])
    assert [line.first_name for line in again.schools[0].lines] == ["Yanis", "Zoé", "Noé"]
    # Day and week: the cancelled séance (Monday) is left out; weeks run Monday to Sunday.
    assert [s.seance.id for s in service.for_day(date(2026, 1, 7))] == [world.seances["today"]]
    assert [s.seance.id for s in service.for_week(date(2026, 1, 10))] == [world.seances["today"]]
    assert service.for_week(date(2025, 12, 15))[0].seance.id == world.seances["last_week"]


def test_pdf_of_one_seance(qapp: QApplication, world: World, tmp_path: Path) -> None:
    sheet = AttendanceSheetService(world.database).for_session(world.seances["today"])
    path = tmp_path / "emargement.pdf"
    assert write_attendance_sheets([sheet], path) == 1
    [text] = _pages_text(path)
    for expected in (
        "Feuille d'émargement",
        "Atelier théâtre (périscolaire)",
        "Action : Temps périscolaires partagés",
        "Axe : Promouvoir la continuité éducative",
        "Date : mercredi 7 janvier 2026, 14h00–16h30",
        "Lieu : Salle Jacques-Brel",
        "Animateurs : Karim Benali, Sophie Martin",
        "Nom Prénom Niveau Présent(e) Signature ou initiales",
        "Total inscrits : 6 élèves de 3 établissements",
        "page 1/1",
    ):
        assert expected in text
    # Pupils under their school, in order; only name, niveau and school are printed.
    order = [
        "Collège Jean-Lolive",
        "Benali Yanis 6e",
        "Traoré Noé CM2",
        "École élémentaire Jean Jaures",
        "Dupont Lina CM1",
        "Petit Adam CE2",
        "École élémentaire Victor-Hugo",
        "Lefèvre Éloïse CM2",
        "Nguyen Sara CM1",
        "Élèves venus sans être inscrits",
    ]
    positions = [text.find(piece) for piece in order]
    assert -1 not in positions and positions == sorted(positions), positions
    assert "2016" not in text and "2017" not in text  # no birth date on a sheet
    with world.database.read_session() as session:
        assert not session.scalar(select(func.count()).select_from(AuditEntry))


def _largest_seance(database: Database) -> int:
    with database.read_session() as session:
        activity = session.execute(
            select(Registration.activity_id, func.count())
            .where(Registration.status == "inscrit", Registration.session_id.is_(None))
            .group_by(Registration.activity_id)
            .order_by(func.count().desc(), Registration.activity_id)
            .limit(1)
        ).one()
        assert activity[1] >= 70
        seance = session.scalar(
            select(func.min(ActivitySession.id)).where(ActivitySession.activity_id == activity[0])
        )
        assert seance is not None
        return seance


def test_a_large_seance_spans_pages_with_header_and_numbers(
    qapp: QApplication, demo_db: Database, tmp_path: Path
) -> None:
    service = AttendanceSheetService(demo_db)
    sheet = service.for_session(_largest_seance(demo_db))
    pages = paginate(sheet)
    count = len(pages)
    assert count >= 3
    path = tmp_path / "grande.pdf"
    assert write_attendance_sheets([sheet], path) == count
    texts = _pages_text(path)
    assert len(texts) == count
    for number, text in enumerate(texts, start=1):
        assert f"page {number}/{count}" in text
        assert text.startswith(f"Feuille d'émargement {sheet.seance.activity}")
        assert f"Date : {sheet.seance.when_text}" in text
    whole = " ".join(texts)
    for school in sheet.schools:
        heading = whole.find(school.school)
        assert heading >= 0
        for line in school.lines:  # each pupil once, after their school's heading
            label = f"{line.last_name} {line.first_name} {line.niveau}"
            assert whole.count(label) == 1, label
            assert whole.find(label) > heading
        assert school.total_text in whole
    # A school cut by a page break is announced again at the top of the next page.
    cut = 0
    for before, page in itertools.pairwise(pages):
        if before.rows[-1].kind is RowKind.PUPIL:
            cut += 1
            assert page.rows[0].kind is RowKind.SCHOOL and page.rows[0].text.endswith("(suite)")
        assert before.rows[-1].kind is not RowKind.SCHOOL  # never a heading alone at the bottom
    assert cut >= 1
    assert sum(1 for p in pages for r in p.rows if r.kind is RowKind.PUPIL) == sheet.total


def test_week_pdf_numbers_each_seance_from_page_one(
    qapp: QApplication, demo_db: Database, tmp_path: Path
) -> None:
    service = AttendanceSheetService(demo_db)
    with demo_db.read_session() as session:
        first = session.scalar(select(func.min(ActivitySession.starts_at)))
    assert first is not None
    sheets = service.for_week(first.date())
    assert len(sheets) >= 2
    path = tmp_path / "semaine.pdf"
    pages = write_attendance_sheets(sheets, path)
    texts = _pages_text(path)
    assert len(texts) == pages == sum(len(paginate(s)) for s in sheets)
    starts = [t for t in texts if re.search(r"page 1/\d+", t)]
    assert len(starts) == len(sheets)
    service.record_export(sheets, str(path))
    with demo_db.read_session() as session:
        entry = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "export.attendance_sheet")
        ).one()
        assert entry.details is not None and "session_ids" in entry.details


# dev.py test installs poppler where it can (root with apt, as in CI): there, no skip.
@pytest.mark.skipif(
    shutil.which("pdftoppm") is None and not os.environ.get("CI"), reason="pdftoppm absent"
)
def test_pdf_page_renders_as_a_clean_image(
    qapp: QApplication, world: World, tmp_path: Path
) -> None:
    sheet = AttendanceSheetService(world.database).for_session(world.seances["today"])
    path = tmp_path / "emargement.pdf"
    write_attendance_sheets([sheet], path)
    subprocess.run(
        ["pdftoppm", "-r", "50", "-png", "-singlefile", str(path), str(tmp_path / "page")],
        check=True,
    )
    image = QImage(str(tmp_path / "page.png"))
    assert abs(image.width() - 413) <= 1 and abs(image.height() - 585) <= 1  # A4 at 50 dpi
    dark = sum(
        1
        for y in range(0, image.height(), 3)
        for x in range(0, image.width(), 3)
        if image.pixelColor(x, y).lightness() < 128
    )
    assert 50 < dark < 3000  # text and lines, on a white page
    corner = image.pixelColor(5, 5)
    assert corner.lightness() == 255  # the margins stay blank
