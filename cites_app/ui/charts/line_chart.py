"""Line of one figure over time (months), with an optional horizontal reference line."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QWidget

from cites_app.ui.charts.base import BAR, REFERENCE, ChartWidget, Formatter, nice_ticks, number


@dataclass(frozen=True)
class TrendPoint:
    label: str  # "oct." under the axis
    value: float | None  # None: no figure that month (a gap in the line)
    tooltip: str = ""


@dataclass(frozen=True)
class Reference:
    value: float
    label: str


class LineTrendChart(ChartWidget):
    """One series, points joined month after month; values are written above the points."""

    def __init__(
        self,
        empty_text: str = "Aucune séance sur la période.",
        value_formatter: Formatter = number,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(empty_text, parent)
        self._points: list[TrendPoint] = []
        self._reference: Reference | None = None
        self._format = value_formatter

    def set_series(
        self,
        points: list[TrendPoint],
        value_formatter: Formatter | None = None,
        reference: Reference | None = None,
    ) -> None:
        self._points = list(points)
        self._reference = reference
        if value_formatter is not None:
            self._format = value_formatter
        self.update()

    def series(self) -> list[tuple[str, float | None]]:
        """Every point as ``(label, value)``, in time order."""
        return [(p.label, p.value) for p in self._points]

    def reference(self) -> Reference | None:
        return self._reference

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(round(self.line * 26), round(self.line * 11))

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(round(self.line * 14), round(self.line * 11))

    def is_empty(self) -> bool:
        return all(p.value is None for p in self._points)

    def _ticks(self) -> list[float]:
        values = [p.value for p in self._points if p.value is not None]
        if self._reference is not None:
            values.append(self._reference.value)
        return nice_ticks(max(values, default=1.0) * 1.15)  # room for the labels above

    def _plot_area(self) -> QRectF:
        widest = max(self.fontMetrics().horizontalAdvance(self._format(t)) for t in self._ticks())
        left = widest + self.line * 0.9
        return QRectF(
            left,
            self.line * 0.6,
            max(self.width() - left - self.line * 1.2, self.line),
            max(self.height() - self.line * 2.4, self.line),
        )

    def _positions(self) -> list[QPointF | None]:
        area = self._plot_area()
        top = self._ticks()[-1]
        step = area.width() / max(len(self._points), 1)
        return [
            None
            if p.value is None
            else QPointF(
                area.left() + step * (i + 0.5), area.bottom() - area.height() * p.value / top
            )
            for i, p in enumerate(self._points)
        ]

    def paint_chart(self, painter: QPainter) -> None:
        area = self._plot_area()
        ticks = self._ticks()
        self.draw_value_axis(painter, area, ticks, self._format, vertical=True)
        step = area.width() / max(len(self._points), 1)
        painter.setFont(self.small_font())
        metrics = painter.fontMetrics()
        painter.setPen(self.palette().placeholderText().color())
        for i, point in enumerate(self._points):
            x = area.left() + step * (i + 0.5)
            width = metrics.horizontalAdvance(point.label)
            painter.drawText(QPointF(x - width / 2, area.bottom() + metrics.height()), point.label)
        if self._reference is not None:
            y = area.bottom() - area.height() * self._reference.value / ticks[-1]
            painter.setPen(QPen(REFERENCE, 1.5, Qt.PenStyle.DashLine))
            painter.drawLine(QPointF(area.left(), y), QPointF(area.right(), y))
            painter.setPen(REFERENCE)
            label = self._reference.label
            painter.drawText(
                QPointF(area.right() - metrics.horizontalAdvance(label), y - metrics.descent() - 2),
                label,
            )
        painter.setFont(self.font())
        positions = self._positions()
        path = QPainterPath()
        drawing = False
        for position in positions:
            if position is None:
                drawing = False
            elif drawing:
                path.lineTo(position)
            else:
                path.moveTo(position)
                drawing = True
        painter.setPen(QPen(BAR, 2.2))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(path)
        label_values = len(self._points) <= 12  # a year of months: every value is readable
        for point, position in zip(self._points, positions, strict=True):
            if position is None or point.value is None:
                continue
            painter.setPen(QPen(BAR, 2))
            painter.setBrush(QBrush(self.palette().base()))
            painter.drawEllipse(position, self.line * 0.22, self.line * 0.22)
            if label_values:
                text = self._format(point.value)
                painter.setPen(self.palette().text().color())
                painter.drawText(
                    QPointF(
                        position.x() - self.fontMetrics().horizontalAdvance(text) / 2,
                        position.y() - self.line * 0.45,
                    ),
                    text,
                )

    def tooltip_at(self, pos: QPointF) -> str | None:
        area = self._plot_area()
        if not self._points or not area.adjusted(0, 0, 0, self.line * 1.5).contains(pos):
            return None
        step = area.width() / len(self._points)
        i = int((pos.x() - area.left()) // step)
        if not 0 <= i < len(self._points):
            return None
        point = self._points[i]
        return point.tooltip or None
