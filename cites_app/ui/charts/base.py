"""What every chart of the mix page shares: sizes from the font, axes, ticks, tooltips, colours.

Charts are plain QPainter widgets (PySide6-Essentials has no QtCharts). Every length comes from
the font's height, so a chart reads the same at 100 % and 150 % display scaling; Qt's painter
handles the device pixel ratio itself.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from PySide6.QtCore import QEvent, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QHelpEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from cites_app.registers import formatting
from cites_app.ui import style

Formatter = Callable[[float], str]

AXIS = QColor("#9aa5b1")
GRID = QColor("#e6ebf1")
BAR = QColor(style.ACCENT)
SELECTED = QColor("#173f6e")
BAND = QColor(47, 109, 181, 40)  # the accent, translucent: chance's 95 % range
BAND_EDGE = QColor(47, 109, 181, 110)
BETTER = QColor("#2e7d4f")  # more mixed than chance
USUAL = QColor("#6b7c93")  # within chance's range
WORSE = QColor("#c2571a")  # less mixed than chance
REFERENCE = QColor("#8a5a9e")

TONE_COLOURS = {"better": BETTER, "usual": USUAL, "worse": WORSE}


def number(value: float) -> str:
    """Tick label of a count: ``1 200``, or ``2,5`` between integers."""
    if abs(value - round(value)) < 1e-9:
        return formatting.integer(round(value))
    return formatting.decimal(value, 1)


def share(value: float) -> str:
    """Tick label of a share: ``50 %``."""
    return formatting.percent(value)


def index(value: float) -> str:
    """Tick label of an index between 0 and 1: ``0,15``."""
    return formatting.decimal(value, 2)


def nice_ticks(high: float, count: int = 5) -> list[float]:
    """Round tick values from 0 up to at least ``high`` (``high`` > 0), about ``count`` of them."""
    if not high > 0:
        return [0.0, 1.0]
    raw = high / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    steps = math.ceil(high / step - 1e-9)
    return [i * step for i in range(steps + 1)]


class ChartWidget(QWidget):
    """Base of the charts: an empty-state message, tooltips per item, font-relative sizes."""

    def __init__(self, empty_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.empty_text = empty_text
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, False)

    # -- for subclasses -----------------------------------------------------------------------

    def is_empty(self) -> bool:
        raise NotImplementedError

    def paint_chart(self, painter: QPainter) -> None:
        raise NotImplementedError

    def tooltip_at(self, pos: QPointF) -> str | None:
        """The tooltip of the item under ``pos``; ``None`` shows the chart's own tooltip."""
        return None

    # -- shared -------------------------------------------------------------------------------

    @property
    def line(self) -> float:
        """One line of text: the unit every length of the chart is a multiple of."""
        return float(self.fontMetrics().height())

    def small_font(self) -> QFont:
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 0.9)
        return font

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.fillRect(self.rect(), self.palette().base())
            if self.is_empty():
                painter.setPen(self.palette().placeholderText().color())
                painter.drawText(
                    QRectF(self.rect()), int(Qt.AlignmentFlag.AlignCenter), self.empty_text
                )
            else:
                self.paint_chart(painter)
        finally:
            painter.end()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            text = None if self.is_empty() else self.tooltip_at(QPointF(event.pos()))
            text = text or self.toolTip()
            if text:
                QToolTip.showText(event.globalPos(), text, self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)

    def draw_value_axis(
        self,
        painter: QPainter,
        area: QRectF,
        ticks: list[float],
        formatter: Formatter,
        *,
        vertical: bool,
    ) -> None:
        """Grid lines and labels of the value axis (left of ``area`` or under it)."""
        painter.setFont(self.small_font())
        metrics = painter.fontMetrics()
        top = ticks[-1]
        for tick in ticks:
            label = formatter(tick)
            painter.setPen(QPen(GRID, 1))
            if vertical:
                y = area.bottom() - area.height() * tick / top
                painter.drawLine(QPointF(area.left(), y), QPointF(area.right(), y))
                painter.setPen(self.palette().placeholderText().color())
                width = metrics.horizontalAdvance(label)
                painter.drawText(
                    QPointF(area.left() - width - self.line * 0.4, y + metrics.ascent() / 2.5),
                    label,
                )
            else:
                x = area.left() + area.width() * tick / top
                painter.drawLine(QPointF(x, area.top()), QPointF(x, area.bottom()))
                painter.setPen(self.palette().placeholderText().color())
                width = metrics.horizontalAdvance(label)
                painter.drawText(QPointF(x - width / 2, area.bottom() + metrics.height()), label)
        painter.setPen(QPen(AXIS, 1))
        painter.drawLine(area.bottomLeft(), area.bottomRight())
        painter.drawLine(area.bottomLeft(), area.topLeft())
        painter.setFont(self.font())

    def axis_title(self, painter: QPainter, text: str, point: QPointF) -> None:
        painter.setFont(self.small_font())
        painter.setPen(self.palette().placeholderText().color())
        painter.drawText(point, text)
        painter.setFont(self.font())
