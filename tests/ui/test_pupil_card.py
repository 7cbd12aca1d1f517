"""A pupil's page: authorisations and séances attended, access export and erasure."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from cites_app.db.database import Database
from cites_app.models import Attendance, AuditEntry, Pupil
from cites_app.privacy.access_export import ATTENDANCE, AUTHORISATIONS
from cites_app.ui.dialogs.pupil_card import PupilCardDialog
from cites_app.ui.pages.pupils import PupilsPage


def _busy_pupil(database: Database) -> tuple[int, int]:
    with database.read_session() as session:
        pupil_id, count = session.execute(
            select(Attendance.pupil_id, func.count())
            .group_by(Attendance.pupil_id)
            .order_by(func.count().desc(), Attendance.pupil_id)
            .limit(1)
        ).one()
    return int(pupil_id), int(count)


def test_enter_on_a_pupil_opens_the_page_with_every_seance(
    qtbot: QtBot, demo_db: Database, qtmodeltester: Any
) -> None:
    pupil_id, attended = _busy_pupil(demo_db)
    page = PupilsPage(demo_db)
    qtbot.addWidget(page)
    page.show()
    with demo_db.read_session() as session:
        name = session.scalars(select(Pupil.last_name).where(Pupil.id == pupil_id)).one()
    page.search_for(name)
    row = page.pupil_model.row_of(pupil_id)
    assert row is not None
    page.table.setCurrentIndex(page.pupil_model.index(row, 0))
    QTest.keyClick(page.table, Qt.Key.Key_Return)
    card = page.card
    assert isinstance(card, PupilCardDialog) and card.pupil_id == pupil_id
    assert card.models[ATTENDANCE].rowCount() == attended
    assert card.tabs.tabText(3) == f"Séances et présences ({attended})"
    assert card.tabs.currentIndex() == 3
    assert card.models[AUTHORISATIONS].rowCount() >= 1
    qtmodeltester.check(card.models[ATTENDANCE])
    card.reject()


def test_access_export_and_erasure_from_the_page(
    qtbot: QtBot, demo_db: Database, tmp_path: Path
) -> None:
    pupil_id, attended = _busy_pupil(demo_db)
    card = PupilCardDialog(demo_db, pupil_id)
    qtbot.addWidget(card)
    card.choose_file = lambda _name: tmp_path / "acces.json"
    card.export_button.click()
    exported = json.loads((tmp_path / "acces.json").read_text(encoding="utf-8"))
    assert len(exported[ATTENDANCE]) == attended
    assert "inscrit au journal" in card.status.text()
    card.confirm = lambda _title, _question: False
    card.erase_button.click()
    with demo_db.read_session() as session:
        assert session.get(Pupil, pupil_id).anonymised_at is None  # type: ignore[union-attr]
    card.confirm = lambda _title, _question: True
    card.erase_button.click()
    assert card.status.text() == "Les données nominatives de l'élève ont été effacées."
    with demo_db.read_session() as session:
        pupil = session.get(Pupil, pupil_id)
        assert pupil is not None and pupil.anonymised_at is not None
        assert pupil.birth_date is None
        kept = session.scalar(
            select(func.count()).select_from(Attendance).where(Attendance.pupil_id == pupil_id)
        )
        actions = set(session.scalars(select(AuditEntry.action)))
    assert kept == attended  # aggregates survive the erasure
    assert {"privacy.export", "privacy.erase"} <= actions
    assert card.title.text().startswith("Élève anonymisé") or "anonymisé" in card.title.text()
