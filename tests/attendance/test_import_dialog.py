"""The import dialog: a preview listing every row, « Importer » only for a file without errors."""

from __future__ import annotations

from typing import Any

from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from cites_app.db.database import Database
from cites_app.models import Attendance
from cites_app.ui.dialogs.attendance_import_dialog import AttendanceImportDialog
from tests.attendance.conftest import DATA
from tests.attendance.make_attendance_file import MAIN


def _presences(database: Database) -> int:
    with database.read_session() as session:
        return session.scalar(select(func.count()).select_from(Attendance)) or 0


def test_preview_then_import(qtbot: QtBot, qtmodeltester: Any, official_db: Database) -> None:
    dialog = AttendanceImportDialog(official_db)
    qtbot.addWidget(dialog)
    dialog.load(DATA / "presences_nom_manquant.xlsx")
    qtbot.waitUntil(lambda: not dialog.busy() and dialog.preview is not None)
    assert not dialog.import_button.isEnabled()
    assert "ligne 104, colonne « Nom »" in dialog.summary.text()
    assert dialog.model.data(dialog.model.index(0, 1)) == "Erreur"  # errors come first
    assert dialog.model.data(dialog.model.index(0, 0)) == "104"
    qtmodeltester.check(dialog.model)
    dialog.load(DATA / MAIN)
    qtbot.waitUntil(lambda: not dialog.busy() and dialog.import_button.isEnabled())
    assert dialog.summary.text().startswith("Aperçu : 408 présences créées")
    assert dialog.model.rowCount() == 408
    assert _presences(official_db) == 0
    dialog.import_button.click()
    qtbot.waitUntil(lambda: dialog.counts is not None)
    assert dialog.summary.text().startswith("Import terminé : 408 présences créées")
    assert _presences(official_db) == 408
