"""Printing with Qt's own PDF writer: the feuille d'émargement.

The command line imports this package lazily and calls :func:`ensure_gui_application` first:
fonts need a QGuiApplication, and without a display the offscreen platform is used.
"""

from __future__ import annotations

import os
import sys

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QGuiApplication

from cites_app.ui.printing.attendance_sheet import write_attendance_sheets

__all__ = ["ensure_gui_application", "write_attendance_sheets"]


def ensure_gui_application() -> QCoreApplication:
    """The running Qt application, or a new QGuiApplication (offscreen when there is no display)."""
    existing = QCoreApplication.instance()
    if existing is not None:
        return existing
    headless = (
        sys.platform.startswith("linux")
        and not os.environ.get("DISPLAY")
        and not os.environ.get("WAYLAND_DISPLAY")
    )
    if headless:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    return QGuiApplication(["cites-app"])
