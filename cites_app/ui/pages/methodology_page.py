"""Page « Méthodologie »: docs/indicateurs.md shown inside the application.

The Markdown file lives in ``docs/`` of the checkout; an installed package carries it in
``cites_app/_bundled/docs`` (beside ``resources``). When neither is found the page says so in
French instead of staying blank.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor, QTextDocument
from PySide6.QtWidgets import QDialog, QLabel, QTextBrowser, QVBoxLayout, QWidget

import cites_app
from cites_app.ui.style import scaled_font

DOC_NAME = "indicateurs.md"
_PACKAGE_DIR = Path(cites_app.__file__).resolve().parent
CANDIDATES = (
    _PACKAGE_DIR / "_bundled" / "docs" / DOC_NAME,
    _PACKAGE_DIR.parent / "docs" / DOC_NAME,
)

MISSING_TEXT = (
    "La page de méthodologie est introuvable : le fichier « indicateurs.md » n'a pas été "
    "installé avec l'application. Les indicateurs restent calculés normalement ; signalez ce "
    "problème à la personne qui a installé l'application."
)


def methodology_file() -> Path | None:
    """The methodology file of the installed package or of the checkout, if present."""
    return next((path for path in CANDIDATES if path.is_file()), None)


class MethodologyPage(QWidget):
    """The methodology rendered from Markdown, with working links and text search."""

    def __init__(self, path: Path | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path = path if path is not None else methodology_file()
        title = QLabel("Méthodologie des indicateurs de mixité")
        title.setObjectName("pageTitle")
        title.setFont(scaled_font(self.font(), 1.5, bold=True))
        self.browser = QTextBrowser()
        self.browser.setOpenExternalLinks(True)
        self.browser.setAccessibleName("Méthodologie des indicateurs")
        # Comfortable reading: a margin around the text, lines not glued to the frame.
        self.browser.document().setDocumentMargin(self.fontMetrics().height())
        self.missing = QLabel(MISSING_TEXT)
        self.missing.setObjectName("muted")
        self.missing.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 18)
        layout.setSpacing(10)
        layout.addWidget(title)
        layout.addWidget(self.missing)
        layout.addWidget(self.browser, 1)
        self.load()

    def load(self) -> None:
        text = None
        if self.path is not None:
            try:
                text = self.path.read_text(encoding="utf-8")
            except OSError:
                text = None
        self.missing.setVisible(text is None)
        self.browser.setVisible(text is not None)
        if text is not None:
            self.browser.setMarkdown(text)
            self.browser.moveCursor(QTextCursor.MoveOperation.Start)

    def has_text(self) -> bool:
        return self.browser.isVisibleTo(self) and not self.browser.document().isEmpty()

    def show_section(self, heading: str) -> bool:
        """Scroll to the first occurrence of ``heading`` (e.g. « Gain de mixité »)."""
        self.browser.moveCursor(QTextCursor.MoveOperation.Start)
        found = self.browser.find(heading, QTextDocument.FindFlag(0))
        if found:
            # Bring the heading to the top rather than leaving it at the bottom edge.
            bar = self.browser.verticalScrollBar()
            bar.setValue(bar.value() + self.browser.cursorRect().top())
            cursor = self.browser.textCursor()
            cursor.clearSelection()  # a highlighted heading reads like a selection to copy
            self.browser.setTextCursor(cursor)
            self.browser.setFocus(Qt.FocusReason.OtherFocusReason)
        return found


class MethodologyDialog(QDialog):
    """The methodology in its own window, to read beside the figures (non-modal)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Méthodologie des indicateurs de mixité")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.page = MethodologyPage(parent=self)
        layout.addWidget(self.page)
        line = self.fontMetrics().height()
        self.resize(line * 58, line * 44)
