"""One look for the whole application: Fusion, a calm light palette, a named font, a QSS file.

Text sizes are in points (Qt scales them for 125–150 % displays); only borders and paddings in
the QSS are in pixels, which Qt also scales on high-DPI screens.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QFontDatabase, QPalette
from PySide6.QtWidgets import QApplication

from cites_app.paths import resources_dir

# Preferred families, first installed wins: Windows, then common Linux desktops.
FONT_FAMILIES = ("Segoe UI", "Noto Sans", "Cantarell", "DejaVu Sans", "Liberation Sans")
MIN_POINT_SIZE = 10.0

ACCENT = "#2f6db5"  # calm blue of the icon
TEXT = "#1f2933"
MUTED_TEXT = "#5f6b7a"
WARNING_TEXT = "#a84a00"
WINDOW = "#f3f5f8"
BASE = "#ffffff"
ALTERNATE = "#f2f6fb"


def apply_style(app: QApplication) -> None:
    app.setStyle("Fusion")
    app.setPalette(palette())
    app.setFont(application_font(app.font()))
    app.setStyleSheet((resources_dir() / "style" / "app.qss").read_text(encoding="utf-8"))


def palette() -> QPalette:
    pal = QPalette()
    roles = {
        QPalette.ColorRole.Window: WINDOW,
        QPalette.ColorRole.WindowText: TEXT,
        QPalette.ColorRole.Base: BASE,
        QPalette.ColorRole.AlternateBase: ALTERNATE,
        QPalette.ColorRole.Text: TEXT,
        QPalette.ColorRole.Button: "#e9edf2",
        QPalette.ColorRole.ButtonText: TEXT,
        QPalette.ColorRole.Highlight: ACCENT,
        QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.ToolTipBase: "#fffbe6",
        QPalette.ColorRole.ToolTipText: TEXT,
        QPalette.ColorRole.PlaceholderText: "#7b8794",
        QPalette.ColorRole.Link: ACCENT,
    }
    for role, color in roles.items():
        pal.setColor(role, QColor(color))
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText):
        pal.setColor(QPalette.ColorGroup.Disabled, role, QColor("#9aa5b1"))
    return pal


def application_font(current: QFont) -> QFont:
    """The first installed family of ``FONT_FAMILIES``, at least 10 pt (Windows defaults to 9)."""
    installed = set(QFontDatabase.families())
    font = QFont(current)
    family = next((name for name in FONT_FAMILIES if name in installed), None)
    if family is not None:
        font.setFamilies([family, *FONT_FAMILIES])
    if font.pointSizeF() < MIN_POINT_SIZE:
        font.setPointSizeF(MIN_POINT_SIZE)
    return font


def scaled_font(base: QFont, factor: float, *, bold: bool = False) -> QFont:
    """``base`` enlarged by ``factor`` (titles, figures): sizes stay relative to the user's."""
    font = QFont(base)
    font.setPointSizeF(base.pointSizeF() * factor)
    font.setBold(bold)
    return font
