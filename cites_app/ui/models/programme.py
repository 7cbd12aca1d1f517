"""Table models of the programme page: actions, activities, partners, conventions, venues,
facilitators.

These lists are short (tens to a few hundred rows), so the model holds the rows themselves and
sorts them in Python when a header is clicked; the columns reuse :class:`Column` of the lazy
tables for the same look (widths in characters, tones, tooltips).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from cites_app.models.vocabulary import ACTIVITY_KINDS, AXES, ORIENTATION_KINDS, PARTNER_KINDS
from cites_app.registers import formatting
from cites_app.registers.programme import (
    ActionRow,
    ActivityRow,
    ConventionRow,
    FacilitatorRow,
    PartnerRow,
    VenueRow,
)
from cites_app.registers.text import fold
from cites_app.ui import style
from cites_app.ui.models.lazy_table import Column

RowT = TypeVar("RowT")
ModelIndex = QModelIndex | QPersistentModelIndex
_TONES = {"muted": QColor(style.MUTED_TEXT), "warning": QColor(style.WARNING_TEXT)}


def euros(amount: Decimal | None) -> str:
    """ "12 500 €", "1 250,50 €"; "—" when unknown."""
    if amount is None:
        return "—"
    digits = 0 if amount == amount.to_integral_value() else 2
    return f"{formatting.decimal(float(amount), digits)}\u00a0€"


def day(value: date | None) -> str:
    return formatting.numeric_date(value) if value is not None else "—"


def _sort_value(text: str) -> Any:
    """Numbers sort as numbers ("1 250 €" after "800 €"), dates by date, words as a French
    reader expects."""
    if len(text) == 10 and text[2] == "/" and text[5] == "/":
        return (0, float(text[6:] + text[3:5] + text[:2]), "")
    digits = text.replace("\u202f", "").replace("\u00a0", "").replace("€", "").replace(",", ".")
    try:
        return (0, float(digits), "")
    except ValueError:
        return (1, 0.0, fold(text))


class RowsModel(QAbstractTableModel, Generic[RowT]):
    """A small list of rows with an ``id``; ``set_rows`` replaces them (one reset)."""

    def __init__(self, columns: Sequence[Column[RowT]], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self._rows: list[RowT] = []
        self._sort: tuple[int, Qt.SortOrder] | None = None

    def set_rows(self, rows: Sequence[RowT]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        if self._sort is not None:
            self._sort_rows(*self._sort)
        self.endResetModel()

    def row_at(self, row: int) -> RowT:
        return self._rows[row]

    def row_of(self, record_id: int) -> int:
        """Position of the row whose id is ``record_id`` (-1 if absent)."""
        for position, row in enumerate(self._rows):
            if getattr(row, "id", None) == record_id:
                return position
        return -1

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        column = self.columns[index.column()]
        row = self._rows[index.row()]
        tone = column.tone(row) if column.tone else None
        values: dict[int, Callable[[], Any]] = {
            Qt.ItemDataRole.DisplayRole.value: lambda: column.text(row),
            Qt.ItemDataRole.TextAlignmentRole.value: lambda: (
                (Qt.AlignmentFlag.AlignRight if column.numeric else Qt.AlignmentFlag.AlignLeft)
                | Qt.AlignmentFlag.AlignVCenter
            ),
            Qt.ItemDataRole.ToolTipRole.value: lambda: (
                column.tooltip(row) if column.tooltip else column.text(row)
            ),
            Qt.ItemDataRole.ForegroundRole.value: lambda: QBrush(_TONES[tone]) if tone else None,
            Qt.ItemDataRole.FontRole.value: lambda: _tone_font(tone) if tone else None,
        }
        value = values.get(int(role))
        return value() if value is not None else None

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.columns):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section].header
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.columns[section].header_tooltip
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.columns):
            return
        self._sort = (column, order)
        self.layoutAboutToBeChanged.emit()
        self._sort_rows(column, order)
        self.layoutChanged.emit()

    def _sort_rows(self, column: int, order: Qt.SortOrder) -> None:
        text: Callable[[RowT], str] = self.columns[column].text
        self._rows.sort(
            key=lambda r: _sort_value(text(r)), reverse=order == Qt.SortOrder.DescendingOrder
        )


def _tone_font(tone: str) -> QFont:
    font = QFont()
    font.setItalic(tone == "muted")
    font.setBold(tone == "warning")
    return font


def _none(value: object) -> str | None:
    return "muted" if value in (None, "", 0) else None


ACTION_COLUMNS: list[Column[ActionRow]] = [
    Column("Action", lambda r: r.title, width=30),
    Column("Axe", lambda r: AXES.get(r.axis, r.axis), width=26),
    Column("Porteur", lambda r: r.porteur or "—", width=20, tone=lambda r: _none(r.porteur)),
    Column("Année", lambda r: r.school_year or "—", width=9),
    Column("Budget prévu", lambda r: euros(r.budget_planned), width=12, numeric=True),
    Column(
        "Dépensé",
        lambda r: euros(r.budget_spent),
        width=11,
        numeric=True,
        tone=lambda r: (
            "warning"
            if r.budget_planned is not None
            and r.budget_spent is not None
            and r.budget_spent > r.budget_planned
            else None
        ),
        tooltip=lambda r: (
            "Dépenses au-delà du budget prévu."
            if r.budget_planned is not None
            and r.budget_spent is not None
            and r.budget_spent > r.budget_planned
            else None
        ),
    ),
    Column("Activités", lambda r: str(r.activities), width=8, numeric=True),
]


def _activity_kind(row: ActivityRow) -> str:
    kind = ACTIVITY_KINDS.get(row.kind, row.kind)
    if row.orientation_kind:
        return f"{kind} : {ORIENTATION_KINDS.get(row.orientation_kind, row.orientation_kind)}"
    return kind


def _targets(row: ActivityRow) -> str:
    parts = []
    if row.max_school_share is not None:
        parts.append(f"≤ {formatting.percent(row.max_school_share)} par étab.")
    if row.min_schools is not None:
        parts.append(f"≥ {row.min_schools} étab.")
    return ", ".join(parts) or "—"


ACTIVITY_COLUMNS: list[Column[ActivityRow]] = [
    Column("Activité", lambda r: r.title, width=28),
    Column("Type", _activity_kind, width=22),
    Column("Niveaux", lambda r: ", ".join(r.niveaux) or "tous", width=14),
    Column("Étab. invités", lambda r: str(r.invited), width=10, numeric=True),
    Column(
        "Places",
        lambda r: str(r.capacity) if r.capacity else "non limité",
        width=9,
        numeric=True,
    ),
    Column(
        "Inscrits",
        lambda r: f"{r.registered}" + (f" (+{r.waiting} en attente)" if r.waiting else ""),
        width=12,
        numeric=True,
    ),
    Column("Séances", lambda r: str(r.seances), width=8, numeric=True),
    Column(
        "Objectifs de mixité",
        _targets,
        width=20,
        header_tooltip="Part maximale d'un établissement dans le groupe, nombre minimal d'établissements",
    ),
]

PARTNER_COLUMNS: list[Column[PartnerRow]] = [
    Column("Partenaire", lambda r: r.name, width=28),
    Column("Type", lambda r: PARTNER_KINDS.get(r.kind, r.kind), width=18),
    Column(
        "Contact", lambda r: r.contact_name or "—", width=18, tone=lambda r: _none(r.contact_name)
    ),
    Column("Courriel", lambda r: r.email or "—", width=22, tone=lambda r: _none(r.email)),
    Column("Téléphone", lambda r: r.phone or "—", width=13, tone=lambda r: _none(r.phone)),
    Column("Conventions", lambda r: str(r.conventions), width=10, numeric=True),
    Column("Fin de convention", lambda r: day(r.convention_end), width=14),
]

CONVENTION_COLUMNS: list[Column[ConventionRow]] = [
    Column("Convention", lambda r: r.title, width=34),
    Column("Début", lambda r: day(r.start_date), width=11),
    Column("Fin", lambda r: day(r.end_date), width=11),
]

VENUE_COLUMNS: list[Column[VenueRow]] = [
    Column("Lieu", lambda r: r.name, width=30),
    Column("Adresse", lambda r: r.address or "—", width=28, tone=lambda r: _none(r.address)),
    Column("Commune", lambda r: r.commune or "—", width=16, tone=lambda r: _none(r.commune)),
    Column(
        "Capacité",
        lambda r: str(r.capacity) if r.capacity else "—",
        width=9,
        numeric=True,
    ),
    Column("Accessible", lambda r: "oui" if r.accessible else "non", width=10),
    Column("Séances", lambda r: str(r.seances), width=8, numeric=True),
]

FACILITATOR_COLUMNS: list[Column[FacilitatorRow]] = [
    Column("Animateur", lambda r: r.name, width=26),
    Column("Partenaire", lambda r: r.partner or "—", width=26, tone=lambda r: _none(r.partner)),
    Column("Courriel", lambda r: r.email or "—", width=24, tone=lambda r: _none(r.email)),
    Column("Téléphone", lambda r: r.phone or "—", width=14, tone=lambda r: _none(r.phone)),
]
