"""The charts of an export (openpyxl charts on write-only sheets), each sized to fill one
printed page and reading its data from table or hidden helper columns."""

from __future__ import annotations

import math
from datetime import date, datetime
from typing import cast

from openpyxl.chart import BarChart, Reference, ScatterChart, Series
from openpyxl.chart.axis import NumericAxis
from openpyxl.chart.series import SeriesLabel
from openpyxl.chart.shapes import GraphicalProperties
from openpyxl.utils.datetime import to_excel
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from cites_app.exports.sheet_model import (
    BarChartSpec,
    ChartSpec,
    SeriesRef,
    SheetSpec,
)
from cites_app.exports.xlsx_layout import Layout, TablePlace
from cites_app.exports.xlsx_style import BANNER_FILL, HEADER_FILL

CM_PER_ROW = 0.53  # a default 15-point row
CM_PER_UNIT = 0.19  # a unit of column width (7 pixels at 96 dpi), in centimetres
PRINT_WIDTH = 27.0  # cm: the printable width of a landscape A4 page (margins of 1 cm)
PRINT_HEIGHT = 16.0  # cm: what is left of its height under the header and repeated titles


def _reference(
    ref: SeriesRef, places: dict[str, TablePlace], sheets: dict[str, Worksheet]
) -> Reference:
    place = places[ref.table]
    column = ref.column
    if ref.helper:
        assert place.helper_column is not None
        column = place.helper_column + ref.column - 1
    return Reference(
        sheets[place.sheet], min_col=column, max_col=column,
        min_row=place.first_row, max_row=place.last_row,
    )  # fmt: skip


def add_charts(
    sheet: Worksheet,
    spec: SheetSpec,
    layout: Layout,
    places: dict[str, TablePlace],
    sheets: dict[str, Worksheet],
) -> int:
    """Charts stacked below the blocks, each on a printed page of its own and sized for it;
    returns the last row they cover.

    The sheet is printed fitted to the page width, that is shrunk by ``scale``: a chart as
    wide as the printed page is ``PRINT_WIDTH / scale`` centimetres wide on the sheet.
    """
    row: int = layout.end_row + 1
    sheet_cm = sum(layout.widths[: layout.text_columns]) * CM_PER_UNIT
    scale = min(1.0, PRINT_WIDTH / sheet_cm)
    for chart_spec in spec.charts:
        # Each chart starts a printed page: a chart cut by a page break is unreadable.
        sheet.row_breaks.append(Break(id=row - 1))
        chart = _chart(chart_spec, places, sheets)
        height = 12.0  # printed centimetres
        if isinstance(chart_spec, BarChartSpec):
            place = places[chart_spec.categories.table]
            bars = place.last_row - place.first_row + 1
            height = min(max(7.5, 0.42 * bars + 2.5), PRINT_HEIGHT)
        chart.width = round(PRINT_WIDTH * 0.95 / scale)
        chart.height = round(height / scale)
        # Helper columns are hidden: charts must plot hidden cells too.
        chart.visible_cells_only = False
        sheet.add_chart(chart, f"A{row}")
        row += math.ceil(chart.height / CM_PER_ROW) + 2
    return row


def _chart(
    spec: ChartSpec, places: dict[str, TablePlace], sheets: dict[str, Worksheet]
) -> BarChart | ScatterChart:
    if isinstance(spec, BarChartSpec):
        bar = BarChart()
        bar.type = "bar"
        bar.style = 10
        bar.title = spec.title
        bar.legend = None
        bar.add_data(_reference(spec.values, places, sheets), titles_from_data=False)
        bar.set_categories(_reference(spec.categories, places, sheets))
        bar.series[0].tx = SeriesLabel(v=spec.axis_title)
        bar.x_axis.scaling.orientation = "maxMin"  # first row at the top, as in the table
        bar.y_axis.title = spec.axis_title
        bar.y_axis.number_format = "0%" if spec.percent else "#,##0"
        bar.y_axis.majorGridlines = None
        bar.gapWidth = 25
        for axis in (bar.x_axis, bar.y_axis):
            axis.delete = False
        return bar
    scatter = ScatterChart()
    scatter.title = spec.title
    x = _reference(spec.x, places, sheets)
    points = Series(_reference(spec.y, places, sheets), x, title=spec.series_title)
    points.marker.symbol = "circle"
    points.marker.size = 5
    points.marker.graphicalProperties = GraphicalProperties(solidFill=HEADER_FILL)
    points.marker.graphicalProperties.line.solidFill = HEADER_FILL
    points.graphicalProperties.line.noFill = True
    scatter.series.append(points)
    if spec.reference is not None:
        line = Series(_reference(spec.reference, places, sheets), x, title=spec.reference_title)
        line.marker.symbol = "none"
        line.graphicalProperties.line.solidFill = BANNER_FILL
        line.graphicalProperties.line.width = 19050
        scatter.series.append(line)
    scatter.x_axis.title = spec.x_title
    scatter.y_axis.title = spec.y_title
    scatter.x_axis.number_format = "mm/yyyy"
    scatter.y_axis.number_format = "0%" if spec.percent else "0.00"
    scatter.y_axis.scaling.min = 0
    if spec.x_min is not None and spec.x_max is not None:
        scatter.x_axis.scaling.min = spec.x_min
        scatter.x_axis.scaling.max = spec.x_max
        cast(NumericAxis, scatter.x_axis).majorUnit = max(
            1.0, round((spec.x_max - spec.x_min) / 10)
        )
    if spec.percent:
        scatter.y_axis.scaling.max = 1
    if scatter.legend is not None:
        scatter.legend.position = "b"
    for axis in (scatter.x_axis, scatter.y_axis):
        axis.delete = False
    return scatter


def date_serial(day: date | datetime) -> float:
    """The Excel serial number of a day (chart axis bounds)."""
    return float(to_excel(day))  # type: ignore[no-untyped-call]
