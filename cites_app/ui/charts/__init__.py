"""Charts drawn with QPainter (PySide6-Essentials has no QtCharts): bars, scatter with band, line."""

from cites_app.ui.charts.bar_chart import Bar, HorizontalBarChart
from cites_app.ui.charts.line_chart import LineTrendChart, Reference, TrendPoint
from cites_app.ui.charts.scatter_chart import BandStep, Point, ScatterBandChart

__all__ = [
    "BandStep",
    "Bar",
    "HorizontalBarChart",
    "LineTrendChart",
    "Point",
    "Reference",
    "ScatterBandChart",
    "TrendPoint",
]
