"""Where everything of a sheet goes before it is streamed: each block's rows, each column's
width, the rows that need more height, and where each table lands (charts point at them).

Write-only sheets take their column widths, frozen panes and row heights before their first
row, so this is computed first, from the content alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from cites_app.exports.sheet_model import (
    CellValue,
    Field,
    Paragraph,
    Section,
    SheetSpec,
    Styled,
    Table,
    Title,
)
from cites_app.exports.xlsx_style import text_width

MAX_WIDTH = 48.0
ROW_POINTS = 13.5  # one line of 10-point Calibri
_SAMPLE = 3000  # rows measured for column widths (the longest values are rarely further down)


@dataclass(frozen=True)
class TablePlace:
    """Where a table landed: header row, data rows, first column, helper columns."""

    sheet: str
    header_row: int
    first_row: int
    last_row: int
    columns: int
    helper_column: int | None


@dataclass
class Layout:
    rows: dict[int, int]  # block index -> its first row
    widths: list[float]
    heights: dict[int, float]
    text_columns: int
    end_row: int


def layout_sheet(sheet: SheetSpec) -> Layout:
    rows: dict[int, int] = {}
    heights: dict[int, float] = {}
    n_columns = max([len(t.columns) for t in sheet.tables()] + [2])
    widths = [0.0] * (n_columns + sum(len(h.headers) + 1 for h in sheet.helpers))
    row = 2 if sheet.banner else 1
    for index, block in enumerate(sheet.blocks):
        rows[index] = row
        if isinstance(block, Table):
            _table_widths(block, widths)
            row += 1 + max(len(block.rows), 1) + 1
        elif isinstance(block, Field):
            # The value may run over the empty cells on its right: only the label counts.
            widths[0] = max(widths[0], len(block.label) + 2)
            row += 1
        else:
            row += 1
    widths = [max(w, 6.0) if i < n_columns else 0.0 for i, w in enumerate(widths)]
    text_width_total = sum(widths[:n_columns])
    if text_width_total < sheet.min_text_width:
        # Widen the last column so that paragraphs have room (they span every column).
        widths[n_columns - 1] += sheet.min_text_width - text_width_total
    span = sum(widths[:n_columns])
    for index, block in enumerate(sheet.blocks):
        if isinstance(block, Paragraph):
            lines = _lines(block.text, span, font="emphasis" if block.emphasis else "paragraph")
            heights[rows[index]] = lines * 15.0 + 6
        elif isinstance(block, Title):
            heights[rows[index]] = 24.0
        elif isinstance(block, Section):
            heights[rows[index]] = 19.0
        elif isinstance(block, Table):
            _table_heights(block, widths, rows[index], heights)
    return Layout(rows, widths, heights, n_columns, row)


def _cell_width(value: CellValue, kind: str) -> float:
    if isinstance(value, Styled):
        return text_width(value.value, value.kind)
    return text_width(value, kind)  # type: ignore[arg-type]


def _table_widths(table: Table, widths: list[float]) -> None:
    sample: Sequence[Sequence[CellValue]] = table.rows
    if len(sample) > _SAMPLE:
        sample = [*table.rows[: _SAMPLE // 2], *table.rows[-_SAMPLE // 2 :]]
    for c, column in enumerate(table.columns):
        if column.width is not None:
            widths[c] = max(widths[c], column.width)
            continue
        values = max((_cell_width(r[c], column.kind) for r in sample), default=0.0)
        words = max(len(w) for w in column.header.split())
        header = max(words + 1.0, len(column.header) / 3 + 1)
        widths[c] = max(widths[c], min(max(values * 1.05 + 2, header + 2), MAX_WIDTH))


def _table_heights(
    table: Table, widths: list[float], first: int, heights: dict[int, float]
) -> None:
    header_lines = max(
        _lines(c.header, widths[i], font="header") for i, c in enumerate(table.columns)
    )
    heights[first] = header_lines * ROW_POINTS + 6
    wrapped = [i for i, c in enumerate(table.columns) if c.kind == "wrap"]
    if not wrapped:
        return
    for offset, row in enumerate(table.rows, start=1):
        lines = max(_lines(row[i] if isinstance(row[i], str) else "", widths[i]) for i in wrapped)
        if lines > 1:
            heights[first + offset] = lines * ROW_POINTS + 3


#: Characters of text per unit of column width (one unit: a digit of 11-point Calibri), on
#: the narrower of Excel's (Calibri) and LibreOffice's (Carlito) renderings, rounded down:
#: a row a little too high is better than text cut off.
CHARS_PER_UNIT = {"body": 1.2, "header": 1.1, "paragraph": 1.15, "emphasis": 1.1}


def _lines(text: object, width: float, *, font: str = "body") -> int:
    """Lines a text takes in a column of ``width`` units, breaking between words."""
    if not isinstance(text, str) or not text:
        return 1
    room = max(width - 1.0, 1.0) * CHARS_PER_UNIT[font]
    lines = 0
    for paragraph in text.split("\n"):
        used, count = 0.0, 1
        for word in paragraph.split():
            size = len(word) + (1 if used else 0)
            if used and used + size > room:
                count, used = count + 1, len(word)
            else:
                used += size
        lines += count
    return lines


def table_places(sheet: SheetSpec, layout: Layout) -> dict[str, TablePlace]:
    places = {}
    helper_start = layout.text_columns + 2
    helpers = {h.table: h for h in sheet.helpers}
    for index, block in enumerate(sheet.blocks):
        if isinstance(block, Table):
            header = layout.rows[index]
            helper_column = None
            if block.name in helpers:
                helper_column = helper_start
                helper_start += len(helpers[block.name].headers) + 1
            places[block.name] = TablePlace(
                sheet=sheet.name,
                header_row=header,
                first_row=header + 1,
                last_row=header + max(len(block.rows), 1),
                columns=len(block.columns),
                helper_column=helper_column,
            )
    return places


# --- cells -------------------------------------------------------------------------------------
