"""The calendar's legend: a swatch and a word per colour, wrapping onto a second line when the
window is narrow (a laptop at 150 %) rather than widening the page."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from cites_app.ui.calendar import colours

_ENTRIES: tuple[tuple[str, str], ...] = (
    *((kind, swatch.label) for kind, swatch in colours.KIND_SWATCHES.items()),
    ("cancelled", "Annulée"),
    ("conflict", "Conflit"),
    ("holiday", "Vacances scolaires"),
    ("public_holiday", "Jour férié"),
)


class Legend(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self.setAccessibleName("Légende")
        self.entries = list(_ENTRIES)
        self.setAccessibleDescription(", ".join(text for _, text in self.entries))

    def set_holiday_text(self, text: str) -> None:
        """Name the holidays of the territory's zone: « Vacances de la zone C »."""
        self.entries = [(k, text if k == "holiday" else t) for k, t in _ENTRIES]
        self.setAccessibleDescription(", ".join(t for _, t in self.entries))
        self.updateGeometry()
        self.update()

    def _positions(self, width: int) -> list[tuple[QPointF, str, str]]:
        metrics = self.fontMetrics()
        line = metrics.height() * 1.3
        x, y = 0.0, 0.0
        placed: list[tuple[QPointF, str, str]] = []
        for kind, text in self.entries:
            needed = self._swatch_width() + 6 + metrics.horizontalAdvance(text)
            if x > 0 and x + needed > width:
                x, y = 0.0, y + line
            placed.append((QPointF(x, y), kind, text))
            x += needed + metrics.averageCharWidth() * 3
        return placed

    def _swatch_width(self) -> int:
        return round(self.fontMetrics().height() * 1.6)

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt API
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt API
        last = self._positions(width)[-1][0]
        return round(last.y() + self.fontMetrics().height() * 1.3)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        metrics = self.fontMetrics()
        width = sum(
            self._swatch_width() + 6 + metrics.horizontalAdvance(t) + metrics.averageCharWidth() * 3
            for _, t in self.entries
        )
        return QSize(width, round(metrics.height() * 1.3))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt API
        # The layout asks heightForWidth() with the real width; this only bounds the page.
        char = self.fontMetrics().averageCharWidth()
        return QSize(char * 24, self.heightForWidth(char * 70))

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt API
        painter = QPainter(self)
        try:
            metrics = self.fontMetrics()
            side = metrics.height() * 0.9
            for point, kind, text in self._positions(self.width()):
                box = QRectF(
                    point.x(), point.y() + metrics.height() * 0.15, self._swatch_width(), side
                )
                colours.paint_legend_swatch(painter, kind, box)
                painter.setPen(colours.TEXT)
                painter.drawText(
                    QRectF(
                        box.right() + 6,
                        point.y(),
                        metrics.horizontalAdvance(text) + 2,
                        metrics.height() * 1.2,
                    ),
                    int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                    text,
                )
        finally:
            painter.end()
