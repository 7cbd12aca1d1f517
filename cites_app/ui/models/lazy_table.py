"""A table model over a list of ids, building rows on demand (Anki's browser model, simplified).

The model keeps the ordered ids from one SQL query. ``data()`` looks the row up in a small cache
and, on a miss, fetches the whole block of ~200 rows around it in one query. Sorting and filtering
re-run the query and reset the model: never a ``QSortFilterProxyModel`` (DESIGN.md §10).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont

from cites_app.ui import style

RowT = TypeVar("RowT")
ModelIndex = QModelIndex | QPersistentModelIndex

_ALIGN_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
_ALIGN_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_TONES = {"muted": QColor(style.MUTED_TEXT), "warning": QColor(style.WARNING_TEXT)}


class HeaderColumn(Protocol):
    """What a table's header shows of a column (both kinds of table columns have it)."""

    @property
    def header(self) -> str: ...
    @property
    def header_tooltip(self) -> str | None: ...
    @property
    def numeric(self) -> bool: ...


def header_data(
    columns: Sequence[HeaderColumn], section: int, orientation: Qt.Orientation, role: int
) -> Any:
    """``headerData`` of a table whose columns are ``columns``: title, tooltip, alignment."""
    if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(columns):
        return None
    column = columns[section]
    if role == Qt.ItemDataRole.DisplayRole:
        return column.header
    if role == Qt.ItemDataRole.ToolTipRole:
        return column.header_tooltip or f"Trier par « {column.header} »"
    if role == Qt.ItemDataRole.TextAlignmentRole:
        return _ALIGN_RIGHT if column.numeric else _ALIGN_LEFT
    return None


@dataclass(frozen=True)
class Column(Generic[RowT]):
    """One column: its French header, how a row shows in it, and the register's sort key."""

    header: str
    text: Callable[[RowT], str]
    sort_key: str | None = None
    width: int = 12  # in average characters: the view turns it into pixels for the user's font
    numeric: bool = False
    tooltip: Callable[[RowT], str | None] | None = None
    header_tooltip: str | None = None
    # "muted" (greyed, italic: unknown values) or "warning" (needs the coordinator's attention).
    tone: Callable[[RowT], str | None] | None = None


class LazyTableModel(QAbstractTableModel, Generic[RowT]):
    """Subclasses provide ``query_ids()`` and ``fetch_rows()`` and hold their own filter."""

    BLOCK_SIZE = 200
    CACHE_LIMIT = 5000

    # Emitted after every reload with (rows shown, rows in the whole table).
    reloaded = Signal(int, int)

    def __init__(self, columns: Sequence[Column[RowT]], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self._ids: list[int] = []
        self._cache: OrderedDict[int, RowT] = OrderedDict()
        self.sort_column = 0
        self.sort_order = Qt.SortOrder.AscendingOrder
        # A page built but never opened must not query: the window's start-up waits for none.
        self._loaded = False
        self._deferred = False

    # -- to implement -------------------------------------------------------------------------

    def query_ids(self, sort_key: str, descending: bool) -> list[int]:
        raise NotImplementedError

    def fetch_rows(self, ids: Sequence[int]) -> dict[int, RowT]:
        raise NotImplementedError

    def total(self) -> int:
        """Rows in the whole table, whatever the filter (for "12 élèves sur 3 000")."""
        raise NotImplementedError

    def set_search(self, text: str) -> None:
        """Show only the rows matching what the user typed, then reload."""
        raise NotImplementedError

    def filter_active(self) -> bool:
        return False

    def empty_message(self) -> str:
        return "Aucune ligne."

    # -- behaviour ----------------------------------------------------------------------------

    def defer_loading(self) -> None:
        """Until ``ensure_loaded()`` or a filter change, sorting only records the order."""
        self._deferred = True

    def ensure_loaded(self) -> None:
        if not self._loaded:
            self.reload()

    def reload(self) -> None:
        """Re-run the query with the current filter and sort; cheap (one query, one reset)."""
        self._loaded = True
        key = self.columns[self.sort_column].sort_key
        assert key is not None, "the sort column must be sortable"
        descending = self.sort_order == Qt.SortOrder.DescendingOrder
        self.beginResetModel()
        self._ids = self.query_ids(key, descending)
        self._cache.clear()
        self.endResetModel()
        self.reloaded.emit(len(self._ids), self.total())

    def row_id(self, row: int) -> int:
        return self._ids[row]

    def row_of(self, row_id: int) -> int | None:
        """The row showing ``row_id`` under the current filter and sort, if shown."""
        try:
            return self._ids.index(row_id)
        except ValueError:
            return None

    def row_at(self, row: int) -> RowT | None:
        """The row object at ``row``, fetching its block if needed (None if it was deleted)."""
        row_id = self._ids[row]
        cached = self._cache.get(row_id)
        if cached is not None:
            self._cache.move_to_end(row_id)
            return cached
        start = row - row % self.BLOCK_SIZE
        block = [i for i in self._ids[start : start + self.BLOCK_SIZE] if i not in self._cache]
        self._cache.update(self.fetch_rows(block))
        while len(self._cache) > self.CACHE_LIMIT:
            self._cache.popitem(last=False)
        return self._cache.get(row_id)

    # -- QAbstractTableModel ------------------------------------------------------------------

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._ids):
            return None
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _ALIGN_RIGHT if column.numeric else _ALIGN_LEFT
        getter = _ROLE_GETTERS.get(Qt.ItemDataRole(role))
        if getter is None:
            return None
        row = self.row_at(index.row())  # only now: alignment alone must not hit the database
        return None if row is None else getter(column, row)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        return header_data(self.columns, section, orientation, role)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.columns) or self.columns[column].sort_key is None:
            return
        self.sort_column, self.sort_order = column, order
        if self._deferred and not self._loaded:
            return
        self.reload()


def _display(column: Column[Any], row: Any) -> Any:
    return column.text(row)


def _tooltip(column: Column[Any], row: Any) -> Any:
    if column.tooltip is not None:
        return column.tooltip(row)
    # Long texts (names of schools, activities) may be cut by the column: show them whole.
    return column.text(row) if column.width >= 20 else None


def _foreground(column: Column[Any], row: Any) -> Any:
    tone = column.tone(row) if column.tone else None
    return QBrush(_TONES[tone]) if tone else None


def _font(column: Column[Any], row: Any) -> Any:
    tone = column.tone(row) if column.tone else None
    if tone is None:
        return None
    font = QFont()
    font.setItalic(tone == "muted")
    font.setBold(tone == "warning")
    return font


_ROLE_GETTERS: dict[Qt.ItemDataRole, Callable[[Column[Any], Any], Any]] = {
    Qt.ItemDataRole.DisplayRole: _display,
    Qt.ItemDataRole.ToolTipRole: _tooltip,
    Qt.ItemDataRole.ForegroundRole: _foreground,
    Qt.ItemDataRole.FontRole: _font,
}
