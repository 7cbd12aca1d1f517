"""Scatter of séances against the range chance would give: x = children, y = a mix figure.

The shaded band is the 95 % range of the figure for a group of that size filled at random; the
dashed line inside it is chance's mean. Each point is coloured by where it falls (``tone``):
``better`` (more mixed than chance), ``usual`` (within the band), ``worse`` (less mixed);
small groups are drawn hollow.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPen,
    QPixmap,
    QPolygonF,
    QResizeEvent,
)
from PySide6.QtWidgets import QWidget

from cites_app.indicators.table import FloatArray
from cites_app.ui.charts.base import (
    BAND,
    BAND_EDGE,
    SELECTED,
    TONE_COLOURS,
    USUAL,
    ChartWidget,
    Formatter,
    nice_ticks,
    number,
)


@dataclass(frozen=True)
class Point:
    key: int
    x: float
    y: float
    tone: str = "usual"
    hollow: bool = False
    tooltip: str = ""


@dataclass(frozen=True)
class BandStep:
    """Chance's range for groups of ``x`` individuals."""

    x: float
    mean: float
    low: float
    high: float


class ScatterBandChart(ChartWidget):
    """Points over a shaded band; a click selects the nearest point (:attr:`point_clicked`)."""

    point_clicked = Signal(int)

    def __init__(
        self,
        empty_text: str = "Aucune séance sur la période.",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(empty_text, parent)
        self._points: list[Point] = []
        self._band: list[BandStep] = []
        self._selected: int | None = None
        self._y_format: Formatter = number
        self._y_top: float | None = None
        self._x_ticks: list[float] = [0.0, 1.0]
        self._y_ticks: list[float] = [0.0, 1.0]
        # The points drawn once into a pixmap: 50,000 séances (tier L) take seconds to paint
        # from Python, and a click or a tooltip must not repaint them all.
        self._layer: QPixmap | None = None
        self.x_title = ""
        self.y_title = ""

    def set_data(
        self,
        points: list[Point],
        band: list[BandStep],
        *,
        y_format: Formatter,
        y_top: float | None = None,
        x_title: str = "",
        y_title: str = "",
    ) -> None:
        """``y_top`` fixes the top of the y axis (1 for a share); else it follows the data."""
        self._points = list(points)
        self._band = sorted(band, key=lambda step: step.x)
        self._y_format = y_format
        self._y_top = y_top
        self.x_title, self.y_title = x_title, y_title
        self._x_ticks = nice_ticks(max((p.x for p in self._points), default=1.0))
        if y_top is not None:
            self._y_ticks = [y_top * i / 4 for i in range(5)]
        else:
            values = [p.y for p in self._points] + [s.high for s in self._band]
            self._y_ticks = nice_ticks(max(values, default=1.0))
        if self._selected not in {p.key for p in self._points}:
            self._selected = None
        self._layer = None
        self.update()

    def points(self) -> list[tuple[float, float]]:
        """Every point as ``(x, y)``, in the order given."""
        return [(p.x, p.y) for p in self._points]

    def band(self) -> list[tuple[float, float, float]]:
        """Chance's range as ``(x, low, high)``, by increasing ``x``."""
        return [(s.x, s.low, s.high) for s in self._band]

    def tones(self) -> dict[int, str]:
        return {p.key: p.tone for p in self._points}

    def selected_key(self) -> int | None:
        return self._selected

    def select(self, key: int | None) -> None:
        self._selected = key
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(round(self.line * 30), round(self.line * 24))

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(round(self.line * 16), round(self.line * 18))

    # -- geometry -----------------------------------------------------------------------------

    def _plot_area(self) -> QRectF:
        widest = max(
            self.fontMetrics().horizontalAdvance(self._y_format(tick)) for tick in self._y_ticks
        )
        left = widest + self.line * 0.9
        top = self.line * 1.4  # room for the y title
        return QRectF(
            left,
            top,
            max(self.width() - left - self.line * 0.8, self.line),
            max(self.height() - top - self.line * 2.8, self.line),
        )

    def map_point(self, x: float, y: float, area: QRectF | None = None) -> QPointF:
        """Widget coordinates of the value ``(x, y)`` (tests click points through it)."""
        area = area or self._plot_area()
        x_top, y_top = self._x_ticks[-1], self._y_ticks[-1]
        return QPointF(
            area.left() + area.width() * x / x_top,
            area.bottom() - area.height() * min(max(y, 0.0), y_top) / y_top,
        )

    def point_position(self, key: int) -> QPointF | None:
        for point in self._points:
            if point.key == key:
                return self.map_point(point.x, point.y)
        return None

    # -- painting and interaction -------------------------------------------------------------

    def is_empty(self) -> bool:
        return not self._points

    def paint_chart(self, painter: QPainter) -> None:
        area = self._plot_area()
        ratio = painter.device().devicePixelRatioF()
        layer = self._layer
        if layer is None or layer.size() != self.size() * ratio:
            layer = QPixmap(self.size() * ratio)
            layer.setDevicePixelRatio(ratio)
            layer.fill(self.palette().base().color())
            layer_painter = QPainter(layer)
            try:
                layer_painter.setRenderHint(QPainter.RenderHint.Antialiasing)
                self._paint_layer(layer_painter, area)
            finally:
                layer_painter.end()
            self._layer = layer
        painter.drawPixmap(0, 0, layer)
        chosen = next((p for p in self._points if p.key == self._selected), None)
        if chosen is not None:  # on top, ringed
            radius = self.line * 0.28
            centre = self._draw_point(painter, chosen, radius * 1.3, area)
            painter.setPen(QPen(SELECTED, 2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawEllipse(centre, radius * 2.2, radius * 2.2)

    def _paint_layer(self, painter: QPainter, area: QRectF) -> None:
        self.draw_value_axis(painter, area, self._y_ticks, self._y_format, vertical=True)
        self._draw_x_axis(painter, area)
        self._draw_band(painter, area)
        self._draw_points(painter, area, self.line * 0.28)
        self.axis_title(painter, self.y_title, QPointF(0, self.line * 0.9))
        width = self.fontMetrics().horizontalAdvance(self.x_title)
        self.axis_title(
            painter, self.x_title, QPointF(area.right() - width, self.height() - self.line * 0.3)
        )

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        self._layer = None
        super().resizeEvent(event)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.PaletteChange):
            self._layer = None
        super().changeEvent(event)

    def _draw_x_axis(self, painter: QPainter, area: QRectF) -> None:
        painter.setFont(self.small_font())
        metrics = painter.fontMetrics()
        x_ticks = self._x_ticks
        for tick in x_ticks:
            x = area.left() + area.width() * tick / x_ticks[-1]
            label = number(tick)
            painter.setPen(self.palette().placeholderText().color())
            painter.drawText(
                QPointF(x - metrics.horizontalAdvance(label) / 2, area.bottom() + metrics.height()),
                label,
            )
        painter.setFont(self.font())

    def _draw_band(self, painter: QPainter, area: QRectF) -> None:
        if not self._band:
            return
        upper = [self.map_point(s.x, s.high, area) for s in self._band]
        lower = [self.map_point(s.x, s.low, area) for s in reversed(self._band)]
        if len(self._band) == 1:  # one size only: a short horizontal slab
            half = self.line * 0.6
            upper = [upper[0] - QPointF(half, 0), upper[0] + QPointF(half, 0)]
            lower = [lower[0] + QPointF(half, 0), lower[0] - QPointF(half, 0)]
        painter.setPen(QPen(BAND_EDGE, 1))
        painter.setBrush(QBrush(BAND))
        painter.drawPolygon(QPolygonF([*upper, *lower]))
        path = QPainterPath()
        means = [self.map_point(s.x, s.mean, area) for s in self._band]
        path.moveTo(means[0])
        for point in means[1:]:
            path.lineTo(point)
        painter.setPen(QPen(BAND_EDGE, 1.5, Qt.PenStyle.DashLine))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(path)

    def _draw_point(self, painter: QPainter, point: Point, radius: float, area: QRectF) -> QPointF:
        colour = TONE_COLOURS.get(point.tone, USUAL)
        centre = self.map_point(point.x, point.y, area)
        painter.setPen(QPen(colour, 1.6))
        painter.setBrush(Qt.BrushStyle.NoBrush if point.hollow else QBrush(colour))
        painter.drawEllipse(centre, radius, radius)
        return centre

    def _centres(self, area: QRectF) -> tuple[FloatArray, FloatArray]:
        """Widget coordinates of every point, in one numpy pass (tier L: 50,000 séances)."""
        xs = np.array([p.x for p in self._points], dtype=np.float64)
        ys = np.array([p.y for p in self._points], dtype=np.float64)
        x_top, y_top = self._x_ticks[-1], self._y_ticks[-1]
        px = area.left() + area.width() * xs / x_top
        py = area.bottom() - area.height() * np.clip(ys, 0.0, y_top) / y_top
        return px, py

    def _draw_points(self, painter: QPainter, area: QRectF, radius: float) -> None:
        """One call per colour: a round pen as wide as a point draws every centre of a group."""
        px, py = self._centres(area)
        groups: dict[tuple[str, bool], list[QPointF]] = {}
        for point, x, y in zip(self._points, px.tolist(), py.tolist(), strict=True):
            groups.setdefault((point.tone, point.hollow), []).append(QPointF(x, y))
        base = self.palette().base().color()
        for (tone, hollow), centres in groups.items():
            polygon = QPolygonF(centres)
            pen = QPen(TONE_COLOURS.get(tone, USUAL), radius * 2 + 1.6)
            pen.setCapStyle(Qt.PenCapStyle.RoundCap)
            painter.setPen(pen)
            painter.drawPoints(polygon)
            if hollow:  # punch the middle out: a ring
                inner = QPen(base, radius * 2 - 1.6)
                inner.setCapStyle(Qt.PenCapStyle.RoundCap)
                painter.setPen(inner)
                painter.drawPoints(polygon)

    def _point_at(self, pos: QPointF) -> Point | None:
        if not self._points:
            return None
        px, py = self._centres(self._plot_area())
        distances = (px - pos.x()) ** 2 + (py - pos.y()) ** 2
        nearest = int(np.argmin(distances))
        if distances[nearest] > (self.line * 0.8) ** 2:
            return None
        return self._points[nearest]

    def tooltip_at(self, pos: QPointF) -> str | None:
        point = self._point_at(pos)
        return point.tooltip if point is not None and point.tooltip else None

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        point = self._point_at(event.position())
        if point is not None and event.button() == Qt.MouseButton.LeftButton:
            self._selected = point.key
            self.update()
            self.point_clicked.emit(point.key)
        super().mousePressEvent(event)
