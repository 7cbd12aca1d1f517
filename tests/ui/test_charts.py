"""The QPainter charts of the « Mixité » page: their data, clicks, tooltips and rendering."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QImage, QPixmap
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLabel, QWidget
from pytestqt.qtbot import QtBot

from cites_app.ui.charts import (
    BandStep,
    Bar,
    HorizontalBarChart,
    LineTrendChart,
    Point,
    Reference,
    ScatterBandChart,
    TrendPoint,
)
from cites_app.ui.charts.base import index, nice_ticks, share


def _bar_chart(qtbot: QtBot) -> HorizontalBarChart:
    chart = HorizontalBarChart(max_bars=3)
    qtbot.addWidget(chart)
    chart.set_bars(
        [
            Bar("A", "École A", 4, "École A : 4 enfants"),
            Bar("B", "Collège B", 12),
            Bar("C", "École C", 7),
            Bar("D", "École D", 1),
        ]
    )
    chart.resize(600, chart.sizeHint().height())
    chart.show()
    qtbot.waitExposed(chart)
    return chart


def _scatter(qtbot: QtBot) -> ScatterBandChart:
    chart = ScatterBandChart()
    qtbot.addWidget(chart)
    chart.set_data(
        [
            Point(1, 8, 0.5, "worse", True, "séance 1"),
            Point(2, 20, 0.9, "usual", False, "séance 2"),
            Point(3, 14, 0.97, "better", False, "séance 3"),
        ],
        [BandStep(8, 0.85, 0.7, 1.0), BandStep(20, 0.88, 0.8, 0.95)],
        y_format=share,
        y_top=1.0,
        x_title="Enfants",
        y_title="Camarades d'autres écoles",
    )
    chart.resize(600, chart.sizeHint().height())
    chart.show()
    qtbot.waitExposed(chart)
    return chart


def _line(qtbot: QtBot) -> LineTrendChart:
    chart = LineTrendChart()
    qtbot.addWidget(chart)
    chart.set_series(
        [
            TrendPoint("sept.", 0.16, "septembre"),
            TrendPoint("oct.", None),
            TrendPoint("nov.", 0.14, "novembre"),
        ],
        index,
        Reference(0.3, "entre écoles"),
    )
    chart.resize(500, chart.sizeHint().height())
    chart.show()
    qtbot.waitExposed(chart)
    return chart


def test_nice_ticks_are_round_and_cover_the_maximum() -> None:
    assert nice_ticks(46) == [0, 10, 20, 30, 40, 50]
    assert nice_ticks(0.3) == pytest.approx([0, 0.1, 0.2, 0.3])
    assert nice_ticks(0) == [0.0, 1.0]
    assert nice_ticks(7)[-1] >= 7


def test_bars_are_sorted_and_extra_ones_counted(qtbot: QtBot) -> None:
    chart = _bar_chart(qtbot)
    assert chart.bars() == [("Collège B", 12), ("École C", 7), ("École A", 4), ("École D", 1)]
    assert [bar.key for bar in chart.visible_bars()] == ["B", "C", "A"]
    assert chart.bar_rect("D") is None  # beyond max_bars: in the table only
    assert chart.tooltip_at(chart.bar_rect("A").center()) == "École A : 4 enfants"  # type: ignore[union-attr]


def test_clicking_a_bar_selects_it(qtbot: QtBot) -> None:
    chart = _bar_chart(qtbot)
    rect = chart.bar_rect("C")
    assert rect is not None
    with qtbot.waitSignal(chart.bar_clicked) as signal:
        QTest.mouseClick(chart, Qt.MouseButton.LeftButton, pos=rect.center().toPoint())
    assert signal.args == ["C"]
    assert chart.selected_key() == "C"
    with qtbot.waitSignal(chart.bar_clicked) as signal:
        QTest.keyClick(chart, Qt.Key.Key_Down)
    assert signal.args == ["A"]


def test_clicking_a_point_selects_the_nearest(qtbot: QtBot) -> None:
    chart = _scatter(qtbot)
    assert chart.points() == [(8, 0.5), (20, 0.9), (14, 0.97)]
    assert chart.band() == [(8, 0.7, 1.0), (20, 0.8, 0.95)]
    position = chart.point_position(2)
    assert position is not None
    with qtbot.waitSignal(chart.point_clicked) as signal:
        QTest.mouseClick(chart, Qt.MouseButton.LeftButton, pos=(position + QPointF(2, 1)).toPoint())
    assert signal.args == [2]
    assert chart.selected_key() == 2
    assert chart.tooltip_at(position) == "séance 2"
    assert chart.tooltip_at(QPointF(1, 1)) is None  # nowhere near a point


def test_line_keeps_gaps_and_reference(qtbot: QtBot) -> None:
    chart = _line(qtbot)
    assert chart.series() == [("sept.", 0.16), ("oct.", None), ("nov.", 0.14)]
    reference = chart.reference()
    assert reference is not None and reference.value == 0.3


def _drawn(image: QImage, background: QColor) -> int:
    """Pixels differing from the background (sampled): something was painted."""
    return sum(
        1
        for x in range(0, image.width(), 3)
        for y in range(0, image.height(), 3)
        if image.pixelColor(x, y) != background
    )


@pytest.mark.parametrize("ratio", [1.0, 1.5])
@pytest.mark.parametrize("make", [_bar_chart, _scatter, _line])
def test_charts_render_at_100_and_150_percent(qtbot: QtBot, make: object, ratio: float) -> None:
    assert callable(make)
    chart: QWidget = make(qtbot)
    pixmap = QPixmap(chart.size() * ratio)
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.white)
    chart.render(pixmap)  # a Qt warning here fails the test (qt_log_level_fail)
    image = pixmap.toImage()
    assert image.width() == round(chart.width() * ratio)
    assert _drawn(image, chart.palette().base().color()) > 50


def test_empty_charts_say_so(qtbot: QtBot) -> None:
    chart = HorizontalBarChart("Aucun élève présent sur la période.")
    qtbot.addWidget(chart)
    chart.resize(400, 200)
    assert chart.is_empty()
    chart.grab()  # paints the message
    scatter = ScatterBandChart()
    qtbot.addWidget(scatter)
    scatter.resize(400, 300)
    assert scatter.is_empty()
    scatter.grab()
    assert scatter.tooltip_at(QPointF(10, 10)) is None


def test_tooltip_event_shows_the_item_under_the_mouse(qtbot: QtBot) -> None:
    chart = _bar_chart(qtbot)
    chart.setToolTip("Aide du graphique")
    rect = chart.bar_rect("B")
    assert rect is not None
    assert chart.tooltip_at(rect.center()) is not None
    assert chart.tooltip_at(QPointF(5, chart.height() - 2)) is None  # falls back to the help
    QTest.mouseMove(chart, QPoint(5, 5))


def test_void_calls_keep_none_alive(qtbot: QtBot) -> None:
    """PySide6 6.12.0 lost a reference to None per void call on Python 3.11 until the
    interpreter aborted (hence the pin below 6.12): this fails on such a release."""
    label = QLabel()
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for _ in range(1000):
        label.setText("x")
    assert sys.getrefcount(None) - before > -100
