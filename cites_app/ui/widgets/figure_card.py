"""A card showing one key figure of the home page: a big number, a title, a detail line."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from cites_app.ui.style import scaled_font


class FigureCard(QFrame):
    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.value_label = QLabel("—")
        self.value_label.setObjectName("cardValue")
        self.value_label.setFont(scaled_font(self.font(), 1.9, bold=True))
        self.title_label = QLabel(title)
        self.title_label.setObjectName("cardTitle")
        self.title_label.setFont(scaled_font(self.font(), 1.0, bold=True))
        self.title_label.setWordWrap(True)  # cards stay side by side on a 150 % laptop screen
        self.detail_label = QLabel("")
        self.detail_label.setObjectName("cardDetail")
        self.detail_label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 14)
        layout.setSpacing(2)
        layout.addWidget(self.value_label)
        layout.addWidget(self.title_label)
        layout.addWidget(self.detail_label)
        layout.addStretch(1)
        self.setAccessibleName(title)

    def set_figure(self, value: str, detail: str = "") -> None:
        self.value_label.setText(value)
        self.detail_label.setText(detail)
        self.setToolTip(f"{self.title_label.text()} : {value}" + (f"\n{detail}" if detail else ""))
