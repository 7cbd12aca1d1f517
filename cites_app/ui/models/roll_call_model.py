"""The roll call of one séance as a table: a heading row per school, then its pupils.

A séance holds tens of pupils, at most a few hundred: the whole roll call is kept in memory and
a change of one mark repaints one row. Each of the three présence columns shows a mark when it
is the pupil's status; the page turns a click on it (or the keys P, E, A) into a saved mark.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont

from cites_app.attendance import (
    EXCUSED,
    MARK_LABELS,
    PRESENT,
    UNEXCUSED,
    Mark,
    MarkCounts,
    RollCall,
    RollCallEntry,
)
from cites_app.registers import formatting
from cites_app.ui import style

ModelIndex = QModelIndex | QPersistentModelIndex

NAME, NIVEAU, PRESENT_COLUMN, EXCUSED_COLUMN, ABSENT_COLUMN, MINUTES, NOTE = range(7)
HEADERS = ("Élève", "Niveau", "Présent", "Excusé", "Absent", "Durée", "Remarque")
STATUS_COLUMNS: dict[int, str] = {
    PRESENT_COLUMN: PRESENT,
    EXCUSED_COLUMN: EXCUSED,
    ABSENT_COLUMN: UNEXCUSED,
}
KEYS = {PRESENT: "P", EXCUSED: "E", UNEXCUSED: "A"}
_HEADER_TIPS = (
    "Nom et prénom",
    "Niveau scolaire",
    "Présent : touche P ou clic",
    "Absent excusé : touche E ou clic",
    "Absent non excusé : touche A ou clic",
    "Présence partielle en minutes : touche M",
    "",
)
_TINTS = {PRESENT: "#d8f0df", EXCUSED: "#fdf0d2", UNEXCUSED: "#f9dcdc"}
_INKS = {PRESENT: "#1e7a3c", EXCUSED: "#8a5a00", UNEXCUSED: "#b3261e"}
_GROUP_BACKGROUND = "#e6ecf3"
_CENTER = Qt.AlignmentFlag.AlignCenter
_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter


@dataclass(frozen=True)
class _Group:
    school: str
    size: int


class RollCallModel(QAbstractTableModel):
    """Rows of a :class:`RollCall`; ``minutes_edited(pupil_id, minutes)`` asks the page to save
    a partial presence typed in the « Durée » column."""

    minutes_edited = Signal(int, int)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[_Group | RollCallEntry] = []
        self._duration = 0
        self._notes: dict[int, str] = {}

    # -- content ------------------------------------------------------------------------------

    def set_roll_call(self, roll_call: RollCall | None) -> None:
        """Show ``roll_call`` (None: nothing)."""
        self.beginResetModel()
        self._rows = []
        self._notes = {}
        if roll_call is not None:
            self._duration = roll_call.seance.duration_minutes
            for group in roll_call.groups:
                self._rows.append(_Group(group.school, len(group.items)))
                self._rows.extend(group.items)
        self.endResetModel()

    def update_mark(self, pupil_id: int, mark: Mark | None, note: str | None = None) -> None:
        """Show a pupil's new mark (and a note such as a conflict) at once."""
        row = self.row_of(pupil_id)
        if row is None:
            return
        entry = self._rows[row]
        assert isinstance(entry, RollCallEntry)
        self._rows[row] = RollCallEntry(entry.pupil, mark)
        if note is None:
            self._notes.pop(pupil_id, None)
        else:
            self._notes[pupil_id] = note
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(HEADERS) - 1))

    def merge_marks(self, marks: dict[int, Mark]) -> None:
        """Show the marks saved meanwhile (by this page or someone else), pupil by pupil."""
        for row, entry in enumerate(self._rows):
            if isinstance(entry, RollCallEntry) and marks.get(entry.pupil.id) != entry.mark:
                self._rows[row] = RollCallEntry(entry.pupil, marks.get(entry.pupil.id))
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(HEADERS) - 1))

    def entry(self, row: int) -> RollCallEntry | None:
        """The pupil at ``row`` (None for a school heading or outside the table)."""
        if 0 <= row < len(self._rows):
            item = self._rows[row]
            return item if isinstance(item, RollCallEntry) else None
        return None

    def row_of(self, pupil_id: int) -> int | None:
        for row, item in enumerate(self._rows):
            if isinstance(item, RollCallEntry) and item.pupil.id == pupil_id:
                return row
        return None

    def is_group(self, row: int) -> bool:
        return 0 <= row < len(self._rows) and isinstance(self._rows[row], _Group)

    def next_pupil_row(self, row: int) -> int | None:
        """The first pupil row after ``row`` (school headings skipped), or None."""
        return next((r for r in range(row + 1, len(self._rows)) if self.entry(r)), None)

    def first_pupil_row(self) -> int | None:
        return self.next_pupil_row(-1)

    def entries(self) -> list[RollCallEntry]:
        return [item for item in self._rows if isinstance(item, RollCallEntry)]

    def counts(self) -> MarkCounts:
        return MarkCounts.of(entry.mark for entry in self.entries())

    # -- QAbstractTableModel ------------------------------------------------------------------

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(HEADERS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        if role == Qt.ItemDataRole.ToolTipRole:
            return _HEADER_TIPS[section] or None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _CENTER if section in STATUS_COLUMNS else _LEFT
        return None

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return Qt.ItemFlag.NoItemFlags
        if self.is_group(index.row()):
            return Qt.ItemFlag.ItemIsEnabled
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == MINUTES:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        item = self._rows[index.row()]
        if isinstance(item, _Group):
            return self._group_data(item, index.column(), role)
        return self._entry_data(item, index.column(), role)

    def setData(  # noqa: N802
        self, index: ModelIndex, value: Any, role: int = Qt.ItemDataRole.EditRole
    ) -> bool:
        entry = self.entry(index.row()) if index.isValid() else None
        if entry is None or index.column() != MINUTES or role != Qt.ItemDataRole.EditRole:
            return False
        try:
            minutes = int(value)
        except (TypeError, ValueError):
            return False
        self.minutes_edited.emit(entry.pupil.id, minutes)
        return True

    # -- cells ---------------------------------------------------------------------------------

    def _group_data(self, group: _Group, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and column == NAME:
            return f"{group.school} — {formatting.count(group.size, 'élève', 'élèves')}"
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(QColor(_GROUP_BACKGROUND))
        return None

    def _entry_data(self, entry: RollCallEntry, column: int, role: int) -> Any:
        getter = self._ROLES.get(role)
        return None if getter is None else getter(self, entry, column)

    def _display(self, entry: RollCallEntry, column: int) -> str:
        if column == NAME:
            return entry.pupil.full_name
        if column == NIVEAU:
            return entry.pupil.niveau or ""
        if column in STATUS_COLUMNS:
            return "✔" if _status(entry) == STATUS_COLUMNS[column] else "·"
        if column == MINUTES:
            return _duration_text(entry)
        note = self._notes.get(entry.pupil.id)
        return note or ("" if entry.pupil.registered else "non inscrit (ajouté)")

    def _edit(self, entry: RollCallEntry, column: int) -> Any:
        if column != MINUTES:
            return None
        mark = entry.mark
        return mark.minutes if mark and mark.minutes is not None else self._duration

    def _alignment(self, _entry: RollCallEntry, column: int) -> Any:
        return _CENTER if column in STATUS_COLUMNS else _LEFT

    def _background(self, entry: RollCallEntry, column: int) -> Any:
        status = _status(entry)
        if status is not None and STATUS_COLUMNS.get(column) == status:
            return QBrush(QColor(_TINTS[status]))
        return None

    def _foreground(self, entry: RollCallEntry, column: int) -> Any:
        status = STATUS_COLUMNS.get(column)
        if status is not None and status == _status(entry):
            return QBrush(QColor(_INKS[status]))
        if column in (MINUTES, NOTE) or status is not None:
            return QBrush(QColor(style.MUTED_TEXT))
        return None

    def _accessible(self, entry: RollCallEntry, column: int) -> Any:
        status = STATUS_COLUMNS.get(column)
        if status is None:
            return None
        return f"{MARK_LABELS[status]} : {'oui' if status == _status(entry) else 'non'}"

    def _tooltip(self, entry: RollCallEntry, column: int) -> Any:
        if column in STATUS_COLUMNS:
            status = STATUS_COLUMNS[column]
            return f"{MARK_LABELS[status].capitalize()} (touche {KEYS[status]})"
        if column == MINUTES:
            return "Présence partielle : touche M, puis le nombre de minutes"
        if column == NOTE:
            note = self._notes.get(entry.pupil.id)
            mark = entry.mark
            if note:
                return note
            if mark is not None and mark.recorded_by:
                at = f" à {formatting.clock_time(mark.recorded_at)}" if mark.recorded_at else ""
                return f"Noté par {mark.recorded_by}{at}"
        return None

    _ROLES: ClassVar[dict[int, Callable[[RollCallModel, RollCallEntry, int], Any]]] = {
        Qt.ItemDataRole.DisplayRole: _display,
        Qt.ItemDataRole.EditRole: _edit,
        Qt.ItemDataRole.TextAlignmentRole: _alignment,
        Qt.ItemDataRole.BackgroundRole: _background,
        Qt.ItemDataRole.ForegroundRole: _foreground,
        Qt.ItemDataRole.ToolTipRole: _tooltip,
        Qt.ItemDataRole.AccessibleTextRole: _accessible,
    }


def _status(entry: RollCallEntry) -> str | None:
    return entry.mark.status if entry.mark else None


def _duration_text(entry: RollCallEntry) -> str:
    """« 90 min » for a partial presence; nothing for the whole séance (the usual case)."""
    mark = entry.mark
    if mark is None or mark.status != PRESENT:
        return ""
    return f"{mark.minutes} min" if mark.minutes is not None else ""
