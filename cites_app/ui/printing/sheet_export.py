"""Printing émargement sheets from a page: one séance, or every séance of its day or week.

Used by the « Appel » page; the séance list can call ``export_sheets`` the same way.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Literal

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog, QWidget

from cites_app.attendance import AttendanceSheetService
from cites_app.db.database import Database
from cites_app.ui.printing.attendance_sheet import write_attendance_sheets

SheetScope = Literal["session", "day", "week"]


def export_sheets(
    database: Database, session_id: int, day: date, path: str | Path, scope: SheetScope
) -> int:
    """Write the sheet of séance ``session_id`` (``scope`` "session"), or of every séance of
    ``day`` or of its week, to ``path``; logs the export; returns the number of pages."""
    service = AttendanceSheetService(database)
    if scope == "session":
        sheets = [service.for_session(session_id)]
    else:
        sheets = service.for_day(day) if scope == "day" else service.for_week(day)
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        pages = write_attendance_sheets(sheets, path)
    finally:
        QGuiApplication.restoreOverrideCursor()
    service.record_export(sheets, str(path))
    return pages


def ask_sheet_path(parent: QWidget, session_id: int, day: date) -> str | None:
    """The PDF file the user chooses (None when cancelled)."""
    suggested = f"emargement_{day:%Y-%m-%d}_{session_id}.pdf"
    path, _filter = QFileDialog.getSaveFileName(
        parent, "Enregistrer la feuille d'émargement", suggested, "Documents PDF (*.pdf)"
    )
    return path or None
