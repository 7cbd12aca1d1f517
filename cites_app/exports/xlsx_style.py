"""One consistent look for every exported workbook: fonts, fills, number formats, widths.

Every font is **named** (Calibri): a font without a name renders in a serif face in LibreOffice
(DESIGN.md §10; Debian's ``fonts-crosextra-carlito`` is metric-compatible with Calibri). Number
formats are the invariant Excel codes (``#,##0``, ``0.0%``): Excel and LibreOffice display them
with the reader's locale (``1 234,5`` and ``12,3 %`` on a French system).

Each format is registered once per workbook (:class:`StyleBook`) and cells carry its index
(:class:`FastCell`), instead of registering a font, a number format and an alignment again for
each of the hundred thousand cells of a large sheet.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date, datetime
from numbers import Real
from typing import Any

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.worksheet.worksheet import Worksheet

from cites_app.exports.sheet_model import Kind, Masked

FONT_NAME = "Calibri"
BODY_SIZE = 10
HEADER_FILL = "1F4E79"  # dark blue, white text: readable in print, black and white too
BANNER_FILL = "C00000"
MASKED_COLOUR = "595959"
GRID = Side(style="thin", color="BFBFBF")

#: Excel number format and horizontal alignment of each kind of value.
KINDS: dict[Kind, tuple[str, str]] = {
    "text": ("General", "left"),
    "note": ("General", "left"),
    "wrap": ("General", "left"),
    "code": ("@", "left"),  # UAI codes, identifiers: text, never numbers
    "mark": ("@", "center"),  # short marks (P, AE, ANE), centred in narrow columns
    "int": ("#,##0", "right"),
    "dec1": ("#,##0.0", "right"),
    "dec2": ("0.00", "right"),
    "dec3": ("0.000", "right"),
    "pct": ("0.0%", "right"),
    "date": ("dd/mm/yyyy", "center"),
    "money": ('#,##0.00\\ "€"', "right"),
    "hours": ("#,##0.0", "right"),
}

#: Characters that make spreadsheet software read a typed value as a formula.
FORMULA_STARTS = ("=", "+", "-", "@")
_CONTROL = re.compile(ILLEGAL_CHARACTERS_RE.pattern)


def font(size: float = BODY_SIZE, *, bold: bool = False, italic: bool = False,
         colour: str | None = None) -> Font:  # fmt: skip
    """A Calibri font (never an unnamed one)."""
    return Font(name=FONT_NAME, size=size, bold=bold, italic=italic, color=colour)


def clean_text(text: str) -> str:
    """Text Excel accepts: no control characters, at most 32,767 characters."""
    return _CONTROL.sub("", text)[:32767]


@dataclass(frozen=True)
class CellStyle:
    """A registered cell format: its index in the workbook's ``cellXfs``, and that of the same
    format marked *quote prefix* (text that must stay text when edited in Excel)."""

    id: int
    quoted_id: int


class StyleBook:
    """The formats of one workbook, registered once each (fonts and formats are per workbook)."""

    def __init__(self, worksheet: Worksheet) -> None:
        self._sheet = worksheet
        self._body: dict[tuple[Kind, bool], CellStyle] = {}
        border = Border(bottom=GRID)
        for kind, (number_format, horizontal) in KINDS.items():
            for wrapped in (False, True):
                self._body[(kind, wrapped)] = self._register(
                    font=font(italic=True, colour=MASKED_COLOUR) if kind == "note" else font(),
                    number_format=number_format,
                    alignment=Alignment(
                        horizontal=horizontal,
                        vertical="top",
                        wrap_text=wrapped or kind == "wrap",
                        indent=1 if kind == "note" else 0,
                    ),
                    border=border,
                )
        self.masked = self._register(
            font=font(italic=True, colour=MASKED_COLOUR),
            alignment=Alignment(horizontal="right", vertical="top"),
            border=border,
        )
        self.header = self._register(
            font=font(bold=True, colour="FFFFFF"),
            fill=PatternFill("solid", fgColor=HEADER_FILL),
            alignment=Alignment(horizontal="center", vertical="center", wrap_text=True),
        )
        self.title = self._register(font=font(16, bold=True, colour=HEADER_FILL))
        self.section = self._register(font=font(12, bold=True, colour=HEADER_FILL))
        self.label = self._register(
            font=font(bold=True), alignment=Alignment(horizontal="left", vertical="top")
        )
        self.value = self._register(
            font=font(), alignment=Alignment(horizontal="left", vertical="top")
        )
        self.paragraph = self._register(
            font=font(11), alignment=Alignment(wrap_text=True, vertical="top")
        )
        self.emphasis = self._register(
            font=font(11, bold=True),
            alignment=Alignment(wrap_text=True, vertical="top"),
            fill=PatternFill("solid", fgColor="DDEBF7"),
        )
        self.banner = self._register(
            font=font(12, bold=True, colour="FFFFFF"),
            fill=PatternFill("solid", fgColor=BANNER_FILL),
            alignment=Alignment(horizontal="left", vertical="center"),
        )
        self.helper = self._register(font=font(), number_format="General")
        self.helper_date = self._register(font=font(), number_format="dd/mm/yyyy")

    def _register(self, **styles: Any) -> CellStyle:
        cell = Cell(self._sheet, row=1, column=1)
        for name, value in styles.items():
            setattr(cell, name, value)
        array = StyleArray(cell._style)  # type: ignore[attr-defined]
        quoted = StyleArray(array)
        quoted.quotePrefix = 1
        registry = self._sheet.parent._cell_styles  # type: ignore[union-attr]
        return CellStyle(registry.add(array), registry.add(quoted))

    def body(self, kind: Kind, wrapped: bool = False) -> CellStyle:
        return self._body[(kind, wrapped)]


class FastCell(Cell):
    """A cell whose format is already registered: openpyxl's writer asks each cell for its
    format index, which a plain cell computes by hashing its style (most of the time spent
    writing a large sheet)."""

    __slots__ = ("_style_id",)

    def __init__(self, worksheet: Worksheet, value: object, data_type: str, style: int):
        self.parent = worksheet
        self._style = None
        self.row = 0
        self.column = 0
        self._value = value
        self.data_type = data_type
        self._hyperlink = None
        self._comment = None
        self._style_id = style

    @property
    def style_id(self) -> int:
        return self._style_id

    @property
    def has_style(self) -> bool:
        return True


def make_cell(
    worksheet: Worksheet, value: object, style: CellStyle, masked: CellStyle
) -> FastCell | None:
    """A cell holding ``value`` in ``style``. Text is always text (never a formula, an error
    code or a number), and text a spreadsheet would read as a formula gets the *quote prefix*
    format, so that editing it in Excel keeps it text."""
    if value is None:
        return None
    if isinstance(value, str):
        text = clean_text(value)
        quoted = text.startswith(FORMULA_STARTS)
        return FastCell(worksheet, text, "s", style.quoted_id if quoted else style.id)
    if isinstance(value, Masked):
        return FastCell(worksheet, value.text, "s", masked.id)
    data_type = _DATA_TYPES.get(type(value))
    if data_type is None:
        if not isinstance(value, Real):  # numpy numbers are Real, and written as floats
            raise TypeError(f"Valeur inattendue dans un export : {value!r}")
        value, data_type = float(value), "n"
    if data_type == "n" and not math.isfinite(value):  # type: ignore[arg-type]
        return None  # Excel has no NaN nor infinity: an undefined figure is an empty cell
    return FastCell(worksheet, value, data_type, style.id)


_DATA_TYPES: dict[type, str] = {bool: "b", int: "n", float: "n", date: "d", datetime: "d"}


def text_width(value: object, kind: Kind) -> float:
    """Roughly how many characters ``value`` takes once formatted (for column widths)."""
    if isinstance(value, bool) or value is None:
        text = "" if value is None else "VRAI"
    elif isinstance(value, Masked):
        text = value.text
    elif isinstance(value, str):
        text = max(value.split("\n"), key=len)
    elif isinstance(value, datetime | date):
        text = "00/00/0000"
    elif isinstance(value, int | float) and kind == "pct":
        text = f"{value * 100:.1f} %"
    elif isinstance(value, int | float):
        digits = {"dec1": 1, "hours": 1, "dec2": 2, "money": 2, "dec3": 3}.get(kind, 0)
        text = f"{value:,.{digits}f}" + (" €" if kind == "money" else "")
    else:
        text = str(value)
    return float(len(text))
