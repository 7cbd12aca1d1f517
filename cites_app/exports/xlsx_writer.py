"""Lay out and write a :class:`~cites_app.exports.sheet_model.WorkbookSpec` with openpyxl.

Write-only mode throughout (the large Séances sheet streams to disk; with lxml installed it is the
fastest openpyxl path, DESIGN.md §10). Write-only sheets take their column widths, frozen panes
and row heights before the first row, so each sheet is laid out first — every block's rows and
every column's width — then streamed. Tables, charts, print titles and page set-up are attached
to the streamed sheets and written when the workbook is saved.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import cast

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.filters import AutoFilter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.table import Table as ExcelTable
from openpyxl.worksheet.table import TableColumn, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from cites_app.exports.sheet_model import (
    Blank,
    Block,
    Field,
    HelperColumns,
    Paragraph,
    Section,
    SheetSpec,
    Styled,
    Table,
    Title,
    WorkbookSpec,
)
from cites_app.exports.xlsx_charts import add_charts
from cites_app.exports.xlsx_layout import Layout, TablePlace, layout_sheet, table_places
from cites_app.exports.xlsx_style import FONT_NAME, FastCell, StyleBook, make_cell

__all__ = ["write_workbook"]


def write_workbook(spec: WorkbookSpec, path: Path) -> None:
    """Write ``spec`` to ``path`` (an ``.xlsx`` file)."""
    workbook = Workbook(write_only=True)
    workbook.properties.title = spec.title
    workbook.properties.subject = spec.subject
    workbook.properties.creator = "Cités éducatives — coordination"
    # Write-only sheets take the attributes of ordinary ones (the stubs do not say so).
    sheets = [cast(Worksheet, workbook.create_sheet(s.name)) for s in spec.sheets]
    styles = StyleBook(sheets[0])
    layouts = [layout_sheet(s) for s in spec.sheets]
    places: dict[str, TablePlace] = {}
    for described, layout in zip(spec.sheets, layouts, strict=True):
        places.update(table_places(described, layout))
    by_name = dict(zip((s.name for s in spec.sheets), sheets, strict=True))
    for sheet_spec, layout, sheet in zip(spec.sheets, layouts, sheets, strict=True):
        _write_sheet(sheet, sheet_spec, layout, styles, places)
        end = add_charts(sheet, sheet_spec, layout, places, by_name)
        _page_setup(sheet, sheet_spec, spec, layout, end)
    workbook.save(path)


# --- layout ------------------------------------------------------------------------------------


def _write_sheet(
    sheet: Worksheet,
    spec: SheetSpec,
    layout: Layout,
    styles: StyleBook,
    places: dict[str, TablePlace],
) -> None:
    for i, width in enumerate(layout.widths, start=1):
        dimension = sheet.column_dimensions[get_column_letter(i)]
        if i > layout.text_columns:
            dimension.hidden = True
            dimension.width = 12
        else:
            dimension.width = round(width, 1)
    for row, height in layout.heights.items():
        sheet.row_dimensions[row].height = height
    # Rows are appended as ready-made cells: openpyxl's own conversion would try each cell as
    # a value first (an exception per cell), and would turn text starting with "=" into a
    # formula. This replaces it for this sheet only.
    setattr(sheet, "_values_to_row", _placed_cells)  # noqa: B010 - a private hook, on purpose
    # Sheet properties are streamed with the first row: fit to the page width now.
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    frozen = next((places[t.name] for t in spec.tables()), None)
    if frozen is not None and spec.freeze:
        sheet.freeze_panes = f"A{frozen.first_row}"
        sheet.print_title_rows = f"{frozen.header_row}:{frozen.header_row}"
    if spec.banner:
        sheet.append([make_cell(sheet, spec.banner, styles.banner, styles.masked)])
        _merge(sheet, 1, layout.text_columns)
    helpers = {h.table: h for h in spec.helpers}
    for index, block in enumerate(spec.blocks):
        for cells in _block_rows(sheet, block, styles, layout, helpers, places):
            sheet.append(cells)
        if isinstance(block, Paragraph | Title):
            _merge(sheet, layout.rows[index], layout.text_columns)


def _placed_cells(cells: Sequence[FastCell | None], row: int) -> Iterator[FastCell]:
    """The cells of a row, given their coordinates; empty positions are skipped."""
    for column, cell in enumerate(cells, start=1):
        if cell is not None:
            cell.row = row
            cell.column = column
            yield cell


def _merge(sheet: Worksheet, row: int, columns: int) -> None:
    if columns > 1:
        sheet.merged_cells.add(f"A{row}:{get_column_letter(columns)}{row}")


def _block_rows(
    sheet: Worksheet,
    block: Block,
    styles: StyleBook,
    layout: Layout,
    helpers: dict[str, HelperColumns],
    places: dict[str, TablePlace],
) -> Iterator[list[FastCell | None]]:
    masked = styles.masked
    if isinstance(block, Title):
        yield [make_cell(sheet, block.text, styles.title, masked)]
    elif isinstance(block, Section):
        yield [make_cell(sheet, block.text, styles.section, masked)]
    elif isinstance(block, Paragraph):
        style = styles.emphasis if block.emphasis else styles.paragraph
        yield [make_cell(sheet, block.text, style, masked)]
    elif isinstance(block, Field):
        value, kind = (
            (block.value.value, block.value.kind)
            if isinstance(block.value, Styled)
            else (block.value, "text")
        )
        yield [
            make_cell(sheet, block.label, styles.label, masked),
            make_cell(sheet, value, styles.value if kind == "text" else styles.body(kind), masked),
        ]
    elif isinstance(block, Blank):
        yield []
    elif isinstance(block, Table):
        yield from _table_rows(sheet, block, styles, layout, helpers, places)
        yield []


def _table_rows(
    sheet: Worksheet,
    table: Table,
    styles: StyleBook,
    layout: Layout,
    helpers: dict[str, HelperColumns],
    places: dict[str, TablePlace],
) -> Iterator[list[FastCell | None]]:
    place = places[table.name]
    helper = helpers.get(table.name)
    gap: list[FastCell | None] = []
    if helper is not None and place.helper_column is not None:
        gap = [None] * (place.helper_column - len(table.columns) - 1)
    header = [make_cell(sheet, c.header, styles.header, styles.masked) for c in table.columns]
    if helper is not None:
        header += gap + [make_cell(sheet, h, styles.helper, styles.masked) for h in helper.headers]
    yield header
    masked = styles.masked
    column_styles = [styles.body(c.kind) for c in table.columns]
    if not table.rows:
        yield [make_cell(sheet, table.empty_text, column_styles[0], masked)]
    for r, row in enumerate(table.rows):
        cells: list[FastCell | None] = []
        for value, style in zip(row, column_styles, strict=True):
            if isinstance(value, Styled):
                cells.append(make_cell(sheet, value.value, styles.body(value.kind), masked))
            else:
                cells.append(make_cell(sheet, value, style, masked))
        if helper is not None:
            cells += gap
            for value, kind in zip(helper.rows[r], helper.kinds, strict=True):
                style = styles.helper_date if kind == "date" else styles.helper
                cells.append(make_cell(sheet, value, style, masked))
        yield cells
    excel = ExcelTable(
        displayName=table.name,
        ref=f"A{place.header_row}:{get_column_letter(place.columns)}{place.last_row}",
        tableStyleInfo=TableStyleInfo(name="TableStyleMedium2", showRowStripes=True),
    )
    # Columns named here: a write-only sheet cannot be read back to name them.
    excel.tableColumns = [
        TableColumn(id=i, name=c.header) for i, c in enumerate(table.columns, start=1)
    ]
    excel.autoFilter = AutoFilter(ref=excel.ref)
    with warnings.catch_warnings():
        # openpyxl warns on every table of a write-only sheet; its columns are named above.
        warnings.filterwarnings("ignore", "In write-only mode you must add table columns")
        sheet.add_table(excel)


# --- charts and page set-up ----------------------------------------------------------------------


def _page_setup(
    sheet: Worksheet, spec: SheetSpec, book: WorkbookSpec, layout: Layout, end: int
) -> None:
    setup = sheet.page_setup
    setup.orientation = "landscape"
    setup.paperSize = Worksheet.PAPERSIZE_A4
    setup.fitToWidth = 1
    setup.fitToHeight = 0
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.page_margins.top = sheet.page_margins.bottom = 0.7
    sheet.page_margins.header = sheet.page_margins.footer = 0.3
    sheet.print_options.horizontalCentered = False
    last_column = get_column_letter(layout.text_columns)
    sheet.print_area = f"A1:{last_column}{max(end, layout.end_row)}"
    font = f'&"{FONT_NAME},Bold"&9'
    plain = f'&"{FONT_NAME},Regular"&8'
    header, footer = sheet.oddHeader, sheet.oddFooter
    assert header is not None and footer is not None
    if spec.banner:
        header.left.text = f"{font}{_escape(spec.banner)}"
        header.right.text = f"{plain}{_escape(book.header)}"
    else:
        header.center.text = f"{font}{_escape(book.header)}"
    footer.left.text = f"{plain}&A"
    footer.center.text = f"{plain}Page &P sur &N"
    footer.right.text = f"{plain}{_escape(book.footer_note)}"


def _escape(text: str) -> str:
    """Header and footer codes start with ``&``: a literal one is doubled."""
    return text.replace("&", "&&")
