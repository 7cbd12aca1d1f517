"""Draw feuilles d'émargement into an A4 PDF with Qt's own PDF writer (no browser).

Each séance starts on a new page and numbers its own pages (« page 2/3 »); the title and the
séance's details are repeated at the top of every page. Sizes are in millimetres and points, so
the printed sheet reads the same whatever the screen: names in 11 pt, details in 9.5 pt.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QMarginsF, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QFontMetricsF,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
)

from cites_app.attendance.sheet import SessionSheet
from cites_app.registers import formatting
from cites_app.ui.printing.layout import (
    COLUMN_HEADER_MM,
    FOOTER_MM,
    HEADER_MM,
    MARGIN_MM,
    PAGE_HEIGHT_MM,
    PAGE_WIDTH_MM,
    RowKind,
    SheetPage,
    SheetRow,
    paginate,
)
from cites_app.ui.style import FONT_FAMILIES

RESOLUTION_DPI = 300
MIN_NAME_POINTS = 7.5
"""Smallest size a long name is shrunk to (still readable printed) before being cut."""
_ALIGN_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
_ALIGN_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_ALIGN_CENTER = Qt.AlignmentFlag.AlignCenter
_GRID = QColor("#7b8794")
_SHADE = QColor("#e8edf3")
_LIGHT_SHADE = QColor("#f4f6f9")

# (French header, width in mm) of the registered pupils' table and of the walk-ins' table.
PUPIL_COLUMNS: tuple[tuple[str, float], ...] = (
    ("N°", 9),
    ("Nom", 44),
    ("Prénom", 35),
    ("Niveau", 17),
    ("Présent(e)", 21),
    ("Signature ou initiales", 60),
)
WALK_IN_COLUMNS: tuple[tuple[str, float], ...] = (
    ("N°", 9),
    ("Nom", 36),
    ("Prénom", 30),
    ("École", 38),
    ("Niveau", 17),
    ("Présent(e)", 21),
    ("Signature", 35),
)


def write_attendance_sheets(sheets: Sequence[SessionSheet], path: str | Path) -> int:
    """Write the sheets into one PDF at ``path``; returns the number of pages.

    Needs a QGuiApplication (see ``ensure_gui_application``). An empty ``sheets`` is refused:
    a PDF without pages cannot be opened.
    """
    if not sheets:
        raise ValueError("Aucune séance à imprimer.")
    pages = [page for sheet in sheets for page in paginate(sheet)]
    title = (
        sheets[0].title if len(sheets) == 1 else f"Feuilles d'émargement ({len(sheets)} séances)"
    )
    writer = _writer(path, title)
    painter = QPainter()
    started = painter.begin(writer)
    if not started:
        raise OSError(f"Impossible d'écrire le fichier PDF {path}.")
    try:
        drawer = _Drawer(painter)
        for index, page in enumerate(pages):
            if index:
                writer.newPage()
            drawer.page(page)
    finally:
        painter.end()
    return len(pages)


def _writer(path: str | Path, title: str) -> QPdfWriter:
    writer = QPdfWriter(str(path))
    writer.setTitle(title)
    writer.setCreator("Cités éducatives — coordination")
    writer.setResolution(RESOLUTION_DPI)
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(0, 0, 0, 0),
            QPageLayout.Unit.Millimeter,
        )
    )
    return writer


def _font(points: float, *, bold: bool = False, italic: bool = False) -> QFont:
    installed = set(QFontDatabase.families())
    family = next((name for name in FONT_FAMILIES if name in installed), None)
    font = QFont()
    if family is not None:
        font.setFamilies([family, *FONT_FAMILIES])
    font.setPointSizeF(points)
    font.setBold(bold)
    font.setItalic(italic)
    # No "fi" ligature: the PDF's text must read back (and search) as the letters typed.
    font.setFeature(QFont.Tag("liga"), 0)
    return font


class _Drawer:
    """Draws pages in millimetre coordinates (converted to the writer's dots)."""

    def __init__(self, painter: QPainter) -> None:
        self.painter = painter
        self.scale = RESOLUTION_DPI / 25.4
        self.title_font = _font(15, bold=True)
        self.subtitle_font = _font(12.5, bold=True)
        self.label_font = _font(9.5, bold=True)
        self.column_font = _font(8, bold=True)
        self.text_font = _font(9.5)
        self.name_font = _font(11)
        self.heading_font = _font(10.5, bold=True)
        self.small_font = _font(8)
        self.italic_font = _font(9.5, italic=True)
        self.width = PAGE_WIDTH_MM - 2 * MARGIN_MM

    def rect(self, x: float, y: float, w: float, h: float) -> QRectF:
        s = self.scale
        return QRectF((MARGIN_MM + x) * s, (MARGIN_MM + y) * s, w * s, h * s)

    def text(
        self,
        x: float,
        y: float,
        w: float,
        h: float,
        text: str,
        font: QFont,
        align: Qt.AlignmentFlag = _ALIGN_LEFT,
        padding: float = 1.5,
        *,
        shrink: bool = False,
    ) -> None:
        """Draw ``text`` in the box; with ``shrink`` a long text (a pupil's name) is drawn
        smaller, down to ``MIN_NAME_POINTS``, before it is ever cut."""
        box = self.rect(x + padding, y, max(0.0, w - 2 * padding), h)
        metrics = QFontMetricsF(font, self.painter.device())
        if shrink and metrics.horizontalAdvance(text) > box.width():
            font = QFont(font)
            while (
                font.pointSizeF() > MIN_NAME_POINTS
                and metrics.horizontalAdvance(text) > box.width()
            ):
                font.setPointSizeF(font.pointSizeF() - 0.5)
                metrics = QFontMetricsF(font, self.painter.device())
        self.painter.setFont(font)
        shown = metrics.elidedText(text, Qt.TextElideMode.ElideRight, box.width())
        self.painter.drawText(box, int(align), shown)

    def line(self, x1: float, y1: float, x2: float, y2: float, width_mm: float = 0.2) -> None:
        self.painter.setPen(QPen(_GRID, width_mm * self.scale))
        s = self.scale
        self.painter.drawLine(
            QPointF((MARGIN_MM + x1) * s, (MARGIN_MM + y1) * s),
            QPointF((MARGIN_MM + x2) * s, (MARGIN_MM + y2) * s),
        )
        self.painter.setPen(QPen(QColor("#000000")))

    def fill(self, x: float, y: float, w: float, h: float, color: QColor) -> None:
        self.painter.fillRect(self.rect(x, y, w, h), color)

    def box(self, x: float, y: float, size: float) -> None:
        self.painter.setPen(QPen(QColor("#1f2933"), 0.3 * self.scale))
        self.painter.setBrush(Qt.BrushStyle.NoBrush)
        self.painter.drawRect(self.rect(x, y, size, size))
        self.painter.setPen(QPen(QColor("#000000")))

    # -- page parts -----------------------------------------------------------------------------

    def page(self, page: SheetPage) -> None:
        self.header(page.sheet)
        y = HEADER_MM
        columns = (
            WALK_IN_COLUMNS if page.rows and page.rows[0].kind is RowKind.WALK_IN_HEADING else None
        )
        if columns is None:
            self.column_headers(y, PUPIL_COLUMNS)
        y += COLUMN_HEADER_MM
        for row in page.rows:
            self.row(row, y)
            y += row.height
        self.footer(page)

    def header(self, sheet: SessionSheet) -> None:
        self.text(0, 0, self.width, 8, "Feuille d'émargement", self.title_font)
        subtitle = f"{sheet.seance.activity} ({sheet.seance.kind_label.lower()})"
        self.text(0, 7.5, self.width, 7, subtitle, self.subtitle_font)
        for index, (label, value) in enumerate(sheet.header_fields):
            y = 15.5 + index * 4.8
            self.text(0, y, 30, 4.8, f"{label} :", self.label_font)
            self.text(28, y, self.width - 28, 4.8, value, self.text_font)
        self.line(0, HEADER_MM - 1.5, self.width, HEADER_MM - 1.5, 0.4)

    def column_headers(self, y: float, columns: Sequence[tuple[str, float]]) -> None:
        self.fill(0, y, self.width, COLUMN_HEADER_MM, _SHADE)
        x = 0.0
        for title, width in columns:
            centred = title in ("N°", "Présent(e)", "Niveau")
            align = _ALIGN_CENTER if centred else _ALIGN_LEFT
            padding = 0.3 if centred else 1.5
            self.text(x, y, width, COLUMN_HEADER_MM, title, self.column_font, align, padding)
            x += width
        self.line(0, y + COLUMN_HEADER_MM, self.width, y + COLUMN_HEADER_MM, 0.3)

    def row(self, row: SheetRow, y: float) -> None:
        h = row.height
        if row.kind is RowKind.SCHOOL:
            self.fill(0, y + 0.6, self.width, h - 0.6, _LIGHT_SHADE)
            self.text(0, y + 0.6, self.width, h - 0.6, row.text, self.heading_font)
        elif row.kind is RowKind.PUPIL and row.line is not None:
            self.grid_row(y, h, PUPIL_COLUMNS)
            values = [
                str(row.number),
                row.line.last_name,
                row.line.first_name,
                row.line.niveau or "",
            ]
            self.cells(y, h, PUPIL_COLUMNS, values)
        elif row.kind is RowKind.SCHOOL_TOTAL:
            self.text(0, y, self.width, h, row.text, self.italic_font, _ALIGN_RIGHT)
        elif row.kind is RowKind.WALK_IN_HEADING:
            self.text(0, y + 2, self.width, 7, row.text, self.heading_font)
            self.column_headers(y + h - COLUMN_HEADER_MM, WALK_IN_COLUMNS)
        elif row.kind is RowKind.WALK_IN:
            self.grid_row(y, h, WALK_IN_COLUMNS)
            self.cells(y, h, WALK_IN_COLUMNS, [str(row.number)])
        elif row.kind is RowKind.GRAND_TOTAL:
            self.line(0, y + 1.5, self.width, y + 1.5, 0.4)
            self.text(0, y + 1.5, self.width, h - 1.5, row.text, self.label_font)
        elif row.kind is RowKind.SIGNATURE:
            self.text(0, y, self.width, 7, row.text, self.text_font)

    def grid_row(self, y: float, h: float, columns: Sequence[tuple[str, float]]) -> None:
        self.line(0, y + h, self.width, y + h)
        x = 0.0
        for title, width in columns:
            if title == "Présent(e)":
                size = 4.5
                self.box(x + (width - size) / 2, y + (h - size) / 2, size)
            x += width
            if x < self.width - 0.1:
                self.line(x, y, x, y + h, 0.1)

    def cells(
        self, y: float, h: float, columns: Sequence[tuple[str, float]], values: Sequence[str]
    ) -> None:
        x = 0.0
        for (title, width), value in zip(columns, values, strict=False):
            if title == "N°":
                self.text(x, y, width, h, value, self.small_font, _ALIGN_CENTER)
            elif title == "Niveau":
                self.text(x, y, width, h, value, self.text_font, _ALIGN_CENTER)
            else:
                self.text(x, y, width, h, value, self.name_font, shrink=True)
            x += width

    def footer(self, page: SheetPage) -> None:
        y = PAGE_HEIGHT_MM - 2 * MARGIN_MM - FOOTER_MM + 2
        self.line(0, y, self.width, y, 0.2)
        seance = page.sheet.seance
        left = (
            f"{seance.activity} — {formatting.numeric_date(seance.starts_at.date())} — "
            f"séance n° {seance.id}"
        )
        self.text(0, y, self.width * 0.75, FOOTER_MM - 2, left, self.small_font)
        self.text(
            self.width * 0.75,
            y,
            self.width * 0.25,
            FOOTER_MM - 2,
            page.number_text,
            self.text_font,
            _ALIGN_RIGHT,
        )
