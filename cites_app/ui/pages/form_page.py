"""A page of stacked group boxes under a title, scrolling when the window is small."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

from cites_app.ui.style import scaled_font


class FormPage(QScrollArea):
    """« Exports », « Paramètres »: a title, then the boxes a subclass adds to ``layout``.

    The page scrolls by itself (the main window adds no second scroll area around it), so a
    1366×768 laptop at 150 % still reaches the last box.
    """

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        body = QWidget()
        self.setWidget(body)
        self.content = QVBoxLayout(body)
        self.content.setContentsMargins(24, 18, 24, 18)
        self.content.setSpacing(14)
        self.title_label = QLabel(title)
        self.title_label.setFont(scaled_font(self.font(), 1.6, bold=True))
        self.content.addWidget(self.title_label)
