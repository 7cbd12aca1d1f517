"""Writing workbooks whose cells are data, never formulas (DESIGN.md §6).

A text starting with ``=``, ``+``, ``-`` or ``@`` is what a spreadsheet takes for a formula
(« formula injection »: a pupil « named » ``=HYPERLINK(…)``). Such a text is written as a
string cell with Excel's *quote prefix* — exactly what Excel stores when someone types
``'=1+1`` — so it shows as typed, stays text when edited, and reads back unchanged.
Workbooks are written in openpyxl's write-only mode (DESIGN.md §10); the header font is named
(Calibri), since an unnamed bold font renders in a serif font in LibreOffice.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime, time
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""First characters that make a spreadsheet read a text as a formula."""

MAX_CELL_TEXT = 32767
"""Excel's limit on the characters of one cell (longer texts are cut)."""
HEADER_FONT = Font(name="Calibri", bold=True)
DATE_FORMAT = "DD/MM/YYYY"
DATETIME_FORMAT = "DD/MM/YYYY HH:MM"


def data_cell(sheet: WriteOnlyWorksheet, value: object) -> Any:
    """A write-only cell holding ``value`` as data (formula-looking text escaped)."""
    if isinstance(value, bool) or value is None or isinstance(value, int | float):
        return WriteOnlyCell(sheet, value=value)
    if isinstance(value, datetime):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = DATETIME_FORMAT
        return cell
    if isinstance(value, date):
        cell = WriteOnlyCell(sheet, value=datetime.combine(value, time()))
        cell.number_format = DATE_FORMAT
        return cell
    text = (value if isinstance(value, str) else str(value))[:MAX_CELL_TEXT]
    cell = WriteOnlyCell(sheet, value=text)
    if text.startswith(FORMULA_STARTS):
        cell.data_type = "s"  # openpyxl would otherwise write « =… » as a formula
        cell.quotePrefix = True
    return cell


def add_table(
    workbook: Workbook,
    title: str,
    headers: Sequence[str],
    rows: Iterable[Sequence[object]],
    widths: Sequence[int] | None = None,
) -> WriteOnlyWorksheet:
    """Append a sheet: a bold header row, then ``rows`` written with `data_cell`."""
    sheet: WriteOnlyWorksheet = workbook.create_sheet(title=title[:31])
    sheet.freeze_panes = "A2"  # write-only sheets take their layout before the first row
    for index, width in enumerate(widths or ()):
        dimensions: Any = sheet.column_dimensions  # type: ignore[attr-defined]  # not in the stubs
        dimensions[get_column_letter(index + 1)].width = width
    header_cells = []
    for header in headers:
        cell = data_cell(sheet, header)
        cell.font = HEADER_FONT
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in rows:
        sheet.append([data_cell(sheet, value) for value in row])
    return sheet


def new_workbook() -> Workbook:
    """An empty write-only workbook."""
    return Workbook(write_only=True)
