"""What a sheet of an export holds, independent of the library that writes it.

The sheet builders (``sheet_*.py``) describe their content with these classes; the openpyxl
writer (:mod:`~cites_app.exports.xlsx_writer`) lays it out and styles it, and the benchmark
writes the very same cells with xlsxwriter to compare. Values are plain Python: ``str`` (always
written as text, never as a formula), ``int``, ``float``, ``date``, ``None`` (empty cell),
:class:`Masked` (a masked count) or :class:`Styled` (a value with its own number format).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Literal, TypeAlias

#: Number format and alignment of a value: see :data:`cites_app.exports.xlsx_style.KINDS`.
Kind: TypeAlias = Literal[
    "text",
    "note",
    "wrap",
    "int",
    "dec1",
    "dec2",
    "dec3",
    "pct",
    "date",
    "money",
    "hours",
    "code",
    "mark",
]


@dataclass(frozen=True)
class Masked:
    """A count (or a figure derived from one) that is not published: ``"< 5"``, ``"masqué"``."""

    text: str


@dataclass(frozen=True)
class Styled:
    """A value shown with another kind than its column's (the key figures of the Synthèse)."""

    value: Value
    kind: Kind


Value: TypeAlias = str | int | float | date | Masked | None
CellValue: TypeAlias = Value | Styled


@dataclass(frozen=True)
class Column:
    """A table column: its header, the kind of its values and, optionally, a fixed width."""

    header: str
    kind: Kind = "text"
    width: float | None = None


@dataclass
class Table:
    """An Excel table (filters, banded rows) with a header row; ``name`` is its unique
    ``displayName`` in the workbook (letters, digits and underscores)."""

    name: str
    columns: Sequence[Column]
    rows: Sequence[Sequence[CellValue]]
    empty_text: str = "Aucune donnée pour cette période."


@dataclass(frozen=True)
class Title:
    text: str


@dataclass(frozen=True)
class Paragraph:
    """Text across the width of the sheet, wrapped; ``lines`` sizes its row."""

    text: str
    emphasis: bool = False


@dataclass(frozen=True)
class Field:
    """A ``label: value`` line (the heading of the Synthèse)."""

    label: str
    value: CellValue


@dataclass(frozen=True)
class Blank:
    pass


@dataclass(frozen=True)
class Section:
    """A sub-heading inside a sheet."""

    text: str


Block: TypeAlias = Title | Paragraph | Field | Blank | Section | Table


@dataclass(frozen=True)
class SeriesRef:
    """Values of a chart: column ``column`` (1-based) of the table ``table``'s data rows, or of
    the hidden helper columns (``helper=True``) of the sheet ``sheet``."""

    sheet: str
    table: str
    column: int
    helper: bool = False


@dataclass(frozen=True)
class BarChartSpec:
    """Horizontal bars: one per data row of ``categories``' table."""

    title: str
    categories: SeriesRef
    values: SeriesRef
    axis_title: str
    percent: bool = False


@dataclass(frozen=True)
class ScatterChartSpec:
    """Points (``x``, ``y``) and a reference line (``x``, ``reference``), e.g. chance."""

    title: str
    x: SeriesRef
    y: SeriesRef
    y_title: str
    x_title: str
    series_title: str
    reference: SeriesRef | None = None
    reference_title: str = ""
    percent: bool = True
    #: Bounds of the x axis (Excel serial numbers of days), else automatic.
    x_min: float | None = None
    x_max: float | None = None


ChartSpec: TypeAlias = BarChartSpec | ScatterChartSpec


@dataclass
class HelperColumns:
    """Hidden columns beside a table, one value per data row, that charts read (masked rows are
    left empty there, so that a chart never draws them as zeros)."""

    table: str
    headers: Sequence[str]
    rows: Sequence[Sequence[str | float | date | None]]
    kinds: Sequence[Kind]


@dataclass
class SheetSpec:
    """One worksheet: blocks from top to bottom, charts below them."""

    name: str
    blocks: list[Block]
    charts: list[ChartSpec] = field(default_factory=list)
    helpers: list[HelperColumns] = field(default_factory=list)
    #: Repeated at the top of every printed page, and as a banner row (nominative data).
    banner: str | None = None
    #: Freeze the rows above the first table's data and repeat its header on printed pages.
    freeze: bool = True
    #: Narrowest width of the sheet's text area, in characters, for paragraphs.
    min_text_width: float = 100.0

    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]


@dataclass(frozen=True)
class WorkbookSpec:
    """Every sheet, with what goes in the page header and footer and the document properties."""

    sheets: list[SheetSpec]
    header: str
    footer_note: str
    title: str
    subject: str = ""
