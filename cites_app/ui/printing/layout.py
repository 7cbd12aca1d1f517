"""Where each line of a feuille d'émargement goes: rows of fixed heights cut into A4 pages.

Plain arithmetic in millimetres (no Qt), so that the page count is known before drawing and
every page can say « page 2/3 ». A school heading is never left alone at the bottom of a page,
and a school that continues on the next page gets its heading again, marked « (suite) ».
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from cites_app.attendance.sheet import SessionSheet, SheetLine

PAGE_WIDTH_MM = 210.0
PAGE_HEIGHT_MM = 297.0
MARGIN_MM = 12.0
HEADER_MM = 43.0
"""Title and séance details, repeated at the top of every page."""
FOOTER_MM = 7.0
COLUMN_HEADER_MM = 7.5
MAX_WALK_IN_LINES = 14


class RowKind(enum.Enum):
    SCHOOL = "school"
    PUPIL = "pupil"
    SCHOOL_TOTAL = "school_total"
    WALK_IN_HEADING = "walk_in_heading"
    WALK_IN = "walk_in"
    GRAND_TOTAL = "grand_total"
    SIGNATURE = "signature"


ROW_HEIGHT_MM: dict[RowKind, float] = {
    RowKind.SCHOOL: 7.5,
    RowKind.PUPIL: 8.5,
    RowKind.SCHOOL_TOTAL: 7.0,
    RowKind.WALK_IN_HEADING: 16.0,  # a gap, the section title and its own column headers
    RowKind.WALK_IN: 8.5,
    RowKind.GRAND_TOTAL: 10.0,
    RowKind.SIGNATURE: 14.0,
}


@dataclass(frozen=True)
class SheetRow:
    """One row to draw; ``text`` for headings and totals, ``line`` for a pupil."""

    kind: RowKind
    text: str = ""
    line: SheetLine | None = None
    number: int = 0
    """Running number of the pupil (or of the walk-in line) on the sheet."""

    @property
    def height(self) -> float:
        return ROW_HEIGHT_MM[self.kind]


@dataclass(frozen=True)
class SheetPage:
    """The rows of one page of one séance's sheet; ``number`` of ``count``."""

    sheet: SessionSheet
    rows: tuple[SheetRow, ...]
    number: int
    count: int

    @property
    def number_text(self) -> str:
        """« page 2/3 »."""
        return f"page {self.number}/{self.count}"


def body_height() -> float:
    """Millimetres available for rows on a page, below the header and the column headers."""
    return PAGE_HEIGHT_MM - 2 * MARGIN_MM - HEADER_MM - COLUMN_HEADER_MM - FOOTER_MM


def sheet_rows(sheet: SessionSheet) -> list[SheetRow]:
    """Every row of the sheet, before it is cut into pages (walk-in lines at their minimum)."""
    rows: list[SheetRow] = []
    number = 0
    for school in sheet.schools:
        rows.append(SheetRow(RowKind.SCHOOL, school.school))
        for line in school.lines:
            number += 1
            rows.append(SheetRow(RowKind.PUPIL, line=line, number=number))
        rows.append(SheetRow(RowKind.SCHOOL_TOTAL, school.total_text + " — présents : ……"))
    rows.append(
        SheetRow(
            RowKind.WALK_IN_HEADING,
            "Élèves venus sans être inscrits (nom, prénom, école et niveau)",
        )
    )
    rows.extend(_walk_ins(sheet.walk_in_lines, number))
    rows.append(
        SheetRow(
            RowKind.GRAND_TOTAL,
            f"{sheet.total_text} — présents : ……  dont non inscrits : ……",
        )
    )
    rows.append(SheetRow(RowKind.SIGNATURE, "Signature de l'animateur ou de l'animatrice :"))
    return rows


def _walk_ins(count: int, after: int) -> list[SheetRow]:
    return [SheetRow(RowKind.WALK_IN, number=after + i) for i in range(1, count + 1)]


def paginate(sheet: SessionSheet) -> list[SheetPage]:
    """The sheet cut into pages; blank walk-in lines fill what the last page has left."""
    available = body_height()
    pages: list[list[SheetRow]] = [[]]
    used = 0.0
    school = ""
    rows = sheet_rows(sheet)
    for index, row in enumerate(rows):
        needed = row.height
        if row.kind is RowKind.SCHOOL:
            school = row.text
            needed += ROW_HEIGHT_MM[RowKind.PUPIL]  # never a heading alone at the bottom
        elif row.kind is RowKind.WALK_IN_HEADING:
            needed += ROW_HEIGHT_MM[RowKind.WALK_IN]
        if used + needed > available + 1e-6:
            pages.append([])
            used = 0.0
            if row.kind in (RowKind.PUPIL, RowKind.SCHOOL_TOTAL):
                suite = SheetRow(RowKind.SCHOOL, f"{school} (suite)")
                pages[-1].append(suite)
                used += suite.height
            elif row.kind is RowKind.WALK_IN:
                heading = next(r for r in rows[index::-1] if r.kind is RowKind.WALK_IN_HEADING)
                pages[-1].append(SheetRow(heading.kind, f"{heading.text} (suite)"))
                used += heading.height
        pages[-1].append(row)
        used += row.height
    _fill_last_page(pages[-1], available - used)
    return [
        SheetPage(sheet, tuple(rows), number, len(pages))
        for number, rows in enumerate(pages, start=1)
    ]


def _fill_last_page(rows: list[SheetRow], room: float) -> None:
    """Add blank walk-in lines in the room left on the last page (up to a reasonable count)."""
    walk_ins = [i for i, row in enumerate(rows) if row.kind is RowKind.WALK_IN]
    if not walk_ins:
        return
    total = sum(1 for row in rows if row.kind is RowKind.WALK_IN)
    extra = min(int(room // ROW_HEIGHT_MM[RowKind.WALK_IN]), MAX_WALK_IN_LINES - total)
    if extra <= 0:
        return
    last = walk_ins[-1]
    rows[last + 1 : last + 1] = _walk_ins(extra, rows[last].number)
