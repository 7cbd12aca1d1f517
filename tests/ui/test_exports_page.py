"""Exports page: the revue, a porteur's report and the attendance matrix, written in a worker."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QThreadPool
from pytestqt.qtbot import QtBot
from python_calamine import CalamineWorkbook
from sqlalchemy import func, select

from cites_app.db.database import Database
from cites_app.models import AuditEntry
from cites_app.ui.pages.exports_page import ExportsPage


def _page(qtbot: QtBot, demo_db: Database, tmp_path: Path) -> ExportsPage:
    page = ExportsPage(demo_db, lambda: datetime(2026, 9, 15, 10, 0), pool=QThreadPool())
    qtbot.addWidget(page)
    page.show()
    page.choose_save_file = lambda name: tmp_path / name
    return page


def test_revue_is_written_with_its_sheets(qtbot: QtBot, demo_db: Database, tmp_path: Path) -> None:
    page = _page(qtbot, demo_db, tmp_path)
    assert page.year_combo.currentText() == "2025-2026"
    page.revue_button.click()
    qtbot.waitUntil(lambda: page.status.text().startswith("Revue de projet"), timeout=60_000)
    target = tmp_path / "revue-de-projet-2025-2026.xlsx"
    assert page.last_file == target and str(target) in page.status.text()
    sheets = CalamineWorkbook.from_path(str(target)).sheet_names
    assert sheets[:6] == ["Synthèse", "Actions", "Établissements", "Séances", "Mixité", "Méthodo"]
    assert page.open_folder_button.isVisible()


def test_porteur_report_and_audited_matrix(qtbot: QtBot, demo_db: Database, tmp_path: Path) -> None:
    page = _page(qtbot, demo_db, tmp_path)
    page.porteur_button.click()
    qtbot.waitUntil(lambda: "enregistré" in page.status.text(), timeout=60_000)
    assert page.last_file is not None and page.last_file.exists()
    with demo_db.read_session() as session:
        before = session.scalar(select(func.count()).select_from(AuditEntry))
    page.matrix_button.click()
    qtbot.waitUntil(lambda: "Matrice des présences" in page.status.text(), timeout=60_000)
    assert "ne pas diffuser" in page.status.text()
    with demo_db.read_session() as session:
        after = session.scalar(select(func.count()).select_from(AuditEntry))
        actions = session.scalars(select(AuditEntry.action).order_by(AuditEntry.id.desc())).first()
    assert after == (before or 0) + 1 and actions == "export.attendance_matrix"


def test_a_cancelled_dialog_writes_nothing(qtbot: QtBot, demo_db: Database, tmp_path: Path) -> None:
    page = _page(qtbot, demo_db, tmp_path)
    page.choose_save_file = lambda _name: None
    page.revue_button.click()
    assert page.status.text() == ""
    assert not list(tmp_path.glob("*.xlsx"))
