"""The frames of the mix dashboard: a chart in its card (a title, a « ? » that explains how to
read it, the chart), the verdict banner, and a grid that reflows on narrow pages."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from cites_app.ui.style import scaled_font

VERDICT_COLOURS = {"good": "#e8f4ec", "neutral": "#fff6e8", "warning": "#fdecea"}


class ChartSection(QFrame):
    def __init__(self, title: str, help_text: str, *widgets: QWidget) -> None:
        super().__init__()
        self.setObjectName("card")
        heading = QLabel(title)
        heading.setFont(scaled_font(self.font(), 1.1, bold=True))
        heading.setWordWrap(True)
        self.help = QLabel("?")
        self.help.setObjectName("muted")
        self.help.setToolTip(help_text)
        self.help.setAccessibleName(f"Comment lire « {title} »")
        self.help.setAccessibleDescription(help_text)
        self.help.setAlignment(Qt.AlignmentFlag.AlignCenter)
        side = round(self.fontMetrics().height() * 1.3)
        self.help.setFixedSize(side, side)
        self.help.setStyleSheet(
            f"QLabel {{ border: 1px solid #b9c4d2; border-radius: {side // 2}px; }}"
        )
        # The whole card explains itself on hover: a coordinator need not find the « ? ».
        self.setToolTip(help_text)
        top = QHBoxLayout()
        top.addWidget(heading, 1)
        top.addWidget(self.help, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 12)
        layout.setSpacing(8)
        layout.addLayout(top)
        for widget in widgets:
            layout.addWidget(widget)


class VerdictBanner(QFrame):
    """The one-sentence verdict, on a background of its tone (good, neutral, warning)."""

    def __init__(self, help_text: str) -> None:
        super().__init__()
        self.setObjectName("verdictBanner")
        self.title = QLabel("Calcul des indicateurs…")
        self.title.setFont(scaled_font(self.font(), 1.3, bold=True))
        self.title.setWordWrap(True)
        self.detail = QLabel("")
        self.detail.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 10, 16, 12)
        layout.addWidget(self.title)
        layout.addWidget(self.detail)
        self.setToolTip(help_text)
        self.tone = ""
        self.set_verdict("Calcul des indicateurs…", "", "neutral")

    def set_verdict(self, headline: str, detail: str, tone: str) -> None:
        self.title.setText(headline)
        self.detail.setText(detail)
        self.detail.setVisible(bool(detail))
        if tone != self.tone:
            self.tone = tone
            # Local style: the shared style sheet has no verdict colours to offer.
            self.setStyleSheet(
                f"QFrame#verdictBanner {{ background: {VERDICT_COLOURS[tone]}; "
                "border: 1px solid #d9e0e8; border-radius: 8px; }"
                " QFrame#verdictBanner QLabel { background: transparent; }"
            )


class FlowGrid(QGridLayout):
    """Widgets in rows of ``columns``; :meth:`set_columns` lays them out again (narrow pages)."""

    def __init__(
        self, widgets: Sequence[QWidget], alignment: Qt.AlignmentFlag | None = None
    ) -> None:
        super().__init__()
        self.widgets = list(widgets)
        self.columns = 0
        self._alignment = alignment or Qt.AlignmentFlag(0)

    def set_columns(self, columns: int) -> None:
        if columns == self.columns:
            return
        self.columns = columns
        for widget in self.widgets:
            self.removeWidget(widget)
        for position, widget in enumerate(self.widgets):
            self.addWidget(widget, position // columns, position % columns, self._alignment)
        for column in range(max(len(self.widgets), 1)):
            self.setColumnStretch(column, 1 if column < columns else 0)
