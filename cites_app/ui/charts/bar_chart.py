"""Horizontal bar chart: one bar per item (establishments by participants), largest first."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent, QPainter, QPen
from PySide6.QtWidgets import QWidget

from cites_app.registers import formatting
from cites_app.ui.charts.base import BAR, SELECTED, ChartWidget, Formatter, nice_ticks, number


@dataclass(frozen=True)
class Bar:
    key: str
    label: str
    value: float
    tooltip: str = ""


class HorizontalBarChart(ChartWidget):
    """Bars sorted by value (largest first); ``max_bars`` at most, the rest counted below.

    A click (or the arrow keys) selects a bar and emits :attr:`bar_clicked` with its key.
    """

    bar_clicked = Signal(str)

    def __init__(
        self,
        empty_text: str = "Aucune donnée sur la période.",
        value_formatter: Formatter = number,
        max_bars: int = 30,
        overflow_text: str = "… et {n} autres : voir le tableau",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(empty_text, parent)
        self._bars: list[Bar] = []
        self._selected: str | None = None
        self._format = value_formatter
        self.max_bars = max_bars
        self.overflow_text = overflow_text
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    # -- data ---------------------------------------------------------------------------------

    def set_bars(self, bars: list[Bar]) -> None:
        # Stable sort: equal values keep the caller's order (by name).
        self._bars = sorted(bars, key=lambda bar: -bar.value)
        if self._selected not in {bar.key for bar in self._bars}:
            self._selected = None
        self.updateGeometry()
        self.update()

    def bars(self) -> list[tuple[str, float]]:
        """Every bar as ``(label, value)``, in the order drawn (largest first)."""
        return [(bar.label, bar.value) for bar in self._bars]

    def selected_key(self) -> str | None:
        return self._selected

    def select(self, key: str | None) -> None:
        """Highlight the bar of ``key`` (no signal: the caller already knows)."""
        self._selected = key
        self.update()

    def visible_bars(self) -> list[Bar]:
        return self._bars[: self.max_bars]

    def bar_rect(self, key: str) -> QRectF | None:
        """Where the bar of ``key`` is drawn (tests click it), ``None`` when not shown."""
        for bar, rect in self._layout():
            if bar.key == key:
                return rect
        return None

    # -- geometry -----------------------------------------------------------------------------

    def _row_height(self) -> float:
        return self.line * 1.5

    def sizeHint(self) -> QSize:  # noqa: N802
        rows = max(len(self.visible_bars()), 3)
        extra = 1 if len(self._bars) > self.max_bars else 0
        height = (rows + extra) * self._row_height() + self.line * 2.6
        return QSize(round(self.line * 30), round(height))

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(round(self.line * 16), self.sizeHint().height())

    def _label_width(self) -> float:
        widest = max((self.fontMetrics().horizontalAdvance(b.label) for b in self._bars), default=0)
        return min(float(widest), self.width() * 0.5)

    def _plot_area(self) -> QRectF:
        value_room = self.fontMetrics().horizontalAdvance(self._format(self._top()) + "  ")
        left = self._label_width() + self.line * 0.8
        rows = len(self.visible_bars())
        return QRectF(
            left,
            self.line * 0.4,
            max(self.width() - left - value_room - self.line * 0.4, self.line),
            rows * self._row_height(),
        )

    def _top(self) -> float:
        return nice_ticks(max((b.value for b in self._bars), default=0.0))[-1]

    def _layout(self) -> list[tuple[Bar, QRectF]]:
        area = self._plot_area()
        top = self._top()
        row = self._row_height()
        result = []
        for i, bar in enumerate(self.visible_bars()):
            width = area.width() * bar.value / top if top > 0 else 0.0
            y = area.top() + i * row + row * 0.18
            result.append((bar, QRectF(area.left(), y, max(width, 1.0), row * 0.64)))
        return result

    # -- painting and interaction -------------------------------------------------------------

    def is_empty(self) -> bool:
        return not self._bars

    def paint_chart(self, painter: QPainter) -> None:
        area = self._plot_area()
        ticks = nice_ticks(max(b.value for b in self._bars))
        self.draw_value_axis(painter, area, ticks, self._format, vertical=False)
        metrics = self.fontMetrics()
        label_width = self._label_width()
        text = self.palette().text().color()
        for bar, rect in self._layout():
            selected = bar.key == self._selected
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(SELECTED if selected else BAR)
            painter.drawRoundedRect(rect, 2, 2)
            painter.setPen(text)
            font = self.font()
            font.setBold(selected)
            painter.setFont(font)
            baseline = rect.center().y() + metrics.ascent() / 2.6
            label = metrics.elidedText(bar.label, Qt.TextElideMode.ElideRight, round(label_width))
            painter.drawText(QPointF(0, baseline), label)
            painter.drawText(
                QPointF(rect.right() + self.line * 0.3, baseline), self._format(bar.value)
            )
        painter.setFont(self.font())
        hidden = len(self._bars) - self.max_bars
        if hidden > 0:
            painter.setPen(self.palette().placeholderText().color())
            y = area.bottom() + self.line * 2.2
            painter.drawText(
                QPointF(area.left(), y),
                self.overflow_text.format(n=formatting.integer(hidden)),
            )
        if self.hasFocus() and self._selected is None:
            painter.setPen(QPen(SELECTED, 1, Qt.PenStyle.DotLine))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(QRectF(self.rect()).adjusted(1, 1, -1, -1))

    def _bar_at(self, pos: QPointF) -> Bar | None:
        row = self._row_height()
        for bar, rect in self._layout():
            # The whole row (label included) is clickable: thin bars are hard to hit.
            if rect.top() - row * 0.18 <= pos.y() < rect.top() + row * 0.82:
                return bar
        return None

    def tooltip_at(self, pos: QPointF) -> str | None:
        bar = self._bar_at(pos)
        if bar is None:
            return None
        return bar.tooltip or f"{bar.label} : {self._format(bar.value)}"

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        bar = self._bar_at(event.position())
        if bar is not None and event.button() == Qt.MouseButton.LeftButton:
            self._choose(bar.key)
        super().mousePressEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        keys = [bar.key for bar in self.visible_bars()]
        step = {Qt.Key.Key_Down: 1, Qt.Key.Key_Up: -1}.get(Qt.Key(event.key()))
        if step is None or not keys:
            super().keyPressEvent(event)
            return
        current = keys.index(self._selected) if self._selected in keys else -step
        self._choose(keys[max(0, min(len(keys) - 1, current + step))])

    def _choose(self, key: str) -> None:
        self._selected = key
        self.update()
        self.bar_clicked.emit(key)
