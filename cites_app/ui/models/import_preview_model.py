"""The preview table of the « Imports » page: one line per row of the file and its fate.

The lines are built once, off the UI thread (`pupil_entries`, `establishment_entries`), as
tuples of ready-made French texts: ``data()`` only indexes them, so 25,000 rows stay fluid.
Sorting re-orders the Python list (never a ``QSortFilterProxyModel``, DESIGN.md §10).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor

from cites_app.imports import EstablishmentPreview, PupilPreview
from cites_app.imports.raw_rows import RowKey
from cites_app.ui import style

ModelIndex = QModelIndex | QPersistentModelIndex

STATUS_TEXTS: dict[str, str] = {
    "new": "Nouveau",
    "update": "Mise à jour",
    "unchanged": "Inchangé",
    "duplicate": "Doublon",
    "error": "Erreur",
}
"""Short French status names, in the order the counts are shown."""

# Light background tints (the text stays dark: readable at any scaling, not colour-only).
STATUS_COLOURS: dict[str, str] = {
    "new": "#dcf2e3",
    "update": "#dde9f8",
    "unchanged": "#eceff3",
    "duplicate": "#fcebd2",
    "error": "#f9dcdc",
}

WRITABLE = frozenset({"new", "update"})

PUPIL_HEADERS = ("Statut", "Ligne", "Élève", "Né(e) le", "Classe", "Établissement", "Détail")
PUPIL_WIDTHS = (16, 7, 30, 11, 10, 14, 60)
ESTABLISHMENT_HEADERS = ("Statut", "UAI", "Établissement", "Commune", "Territoire", "Détail")
ESTABLISHMENT_WIDTHS = (16, 10, 40, 22, 16, 50)


@dataclass(slots=True)
class PreviewEntry:
    """One line of the table: key for the commit, status, texts, and whether it is accepted.

    ``key`` is the `PreviewRow.index` (pupils) or the UAI (establishments). Only ``new`` and
    ``update`` lines are ``checkable``; ``checked`` says the user accepts them.
    """

    key: int | str
    status: str
    cells: tuple[str, ...]
    sort_keys: tuple[Any, ...]
    checkable: bool
    checked: bool
    tooltip: str = ""


def pupil_entries(
    preview: PupilPreview, written: Mapping[RowKey, str] | None = None
) -> list[PreviewEntry]:
    """The table lines of a pupil preview (pure Python: build them in the worker).

    ``written``: refused rows as the file writes them (`written_texts`), shown in the pupil
    column between « » where no pupil could be read.
    """
    entries: list[PreviewEntry] = []
    written = written or {}
    for row in preview.rows:
        pupil = row.pupil
        if pupil is not None:
            name = f"{pupil.last_name} {pupil.first_name}".strip()
        else:
            text = written.get((row.sheet, row.row or 0))
            name = f"« {text} »" if text else ""
        born = pupil.birth_date.strftime("%d/%m/%Y") if pupil and pupil.birth_date else ""
        klass = (pupil.class_label or pupil.niveau or "") if pupil else ""
        line = "" if row.row is None else str(row.row)
        if row.sheet:
            line = f"{row.sheet} : {line}"
        if row.status in ("error", "duplicate"):
            details = [
                (f"colonne « {issue.column} » : " if issue.column else "") + issue.message
                for issue in row.errors
            ]
            if row.status == "duplicate" and row.duplicate_of is not None and not details:
                details.append(f"même élève qu'à la ligne {row.duplicate_of}")
            detail = " ; ".join(details) or row.reason
        else:
            detail = row.reason
        born_key = pupil.birth_date.toordinal() if pupil and pupil.birth_date else 0
        writable = row.status in WRITABLE
        entries.append(
            PreviewEntry(
                key=row.index,
                status=row.status,
                cells=(
                    STATUS_TEXTS[row.status],
                    line,
                    name,
                    born,
                    klass,
                    row.establishment_uai or "",
                    detail,
                ),
                sort_keys=(
                    row.status,
                    (row.sheet or "", row.row or 0),
                    name.casefold(),
                    born_key,
                    klass.casefold(),
                    row.establishment_uai or "",
                    detail.casefold(),
                ),
                checkable=writable,
                checked=writable,
                tooltip=detail,
            )
        )
    return entries


def establishment_entries(preview: EstablishmentPreview) -> list[PreviewEntry]:
    """The table lines of an open-data preview; schools outside the territory start unchecked."""
    entries: list[PreviewEntry] = []
    for row in preview.rows:
        commune = row.record.commune or ""
        outside = row.in_territory is False
        territory = "hors territoire" if outside else ("oui" if row.in_territory else "")
        detail = row.reason
        writable = row.status in WRITABLE
        entries.append(
            PreviewEntry(
                key=row.uai,
                status=row.status,
                cells=(STATUS_TEXTS[row.status], row.uai, row.name, commune, territory, detail),
                sort_keys=(
                    row.status,
                    row.uai,
                    row.name.casefold(),
                    commune.casefold(),
                    territory,
                    detail.casefold(),
                ),
                checkable=writable,
                checked=writable and row.selected and not outside,
                tooltip=detail,
            )
        )
    return entries


_STATUS_ORDER = {status: position for position, status in enumerate(STATUS_TEXTS)}


class ImportPreviewModel(QAbstractTableModel):
    """A flat, Python-sorted table of `PreviewEntry` lines; column 0 holds the check box."""

    # Emitted when the number of accepted lines changes (after a check, a reset…).
    accepted_changed = Signal(int)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._headers: tuple[str, ...] = PUPIL_HEADERS
        self.widths: tuple[int, ...] = PUPIL_WIDTHS
        self._entries: list[PreviewEntry] = []
        self._brushes = {status: QBrush(QColor(c)) for status, c in STATUS_COLOURS.items()}
        self._text_brush = QBrush(QColor(style.TEXT))
        self._empty = "Choisissez un fichier : ses lignes s'afficheront ici avant tout import."

    # -- content --------------------------------------------------------------------------------

    def set_entries(
        self, entries: Sequence[PreviewEntry], headers: Sequence[str], widths: Sequence[int]
    ) -> None:
        self.beginResetModel()
        self._headers = tuple(headers)
        self.widths = tuple(widths)
        self._entries = list(entries)
        self.endResetModel()
        self.accepted_changed.emit(self.accepted_count())

    def clear(self, message: str | None = None) -> None:
        if message is not None:
            self._empty = message
        self.set_entries([], self._headers, self.widths)

    def remove_keys(self, keys: set[int | str]) -> None:
        """Drop the lines just imported: they are no longer pending."""
        self.beginResetModel()
        self._entries = [entry for entry in self._entries if entry.key not in keys]
        self.endResetModel()
        self.accepted_changed.emit(self.accepted_count())

    def entries(self) -> list[PreviewEntry]:
        return list(self._entries)

    def entry(self, row: int) -> PreviewEntry:
        return self._entries[row]

    def accepted_keys(self) -> list[int | str]:
        return [entry.key for entry in self._entries if entry.checkable and entry.checked]

    def accepted_count(self) -> int:
        return sum(1 for entry in self._entries if entry.checkable and entry.checked)

    def set_all_checked(self, checked: bool) -> None:
        for entry in self._entries:
            if entry.checkable:
                entry.checked = checked
        if self._entries:
            self.dataChanged.emit(
                self.index(0, 0),
                self.index(len(self._entries) - 1, 0),
                [Qt.ItemDataRole.CheckStateRole],
            )
        self.accepted_changed.emit(self.accepted_count())

    def set_empty_message(self, message: str) -> None:
        self._empty = message

    def empty_message(self) -> str:
        return self._empty

    # -- QAbstractTableModel ----------------------------------------------------------------------

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._entries)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._headers)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self._headers)
        ):
            return self._headers[section]
        return None

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == 0 and self._entries[index.row()].checkable:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._entries):
            return None
        entry = self._entries[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return entry.cells[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return entry.tooltip or None
        return self._status_data(entry, role) if index.column() == 0 else None

    def _status_data(self, entry: PreviewEntry, role: int) -> Any:
        """Check box and colour of the status column."""
        if role == Qt.ItemDataRole.CheckStateRole and entry.checkable:
            return Qt.CheckState.Checked if entry.checked else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.BackgroundRole:
            return self._brushes.get(entry.status)
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._text_brush
        return None

    def setData(  # noqa: N802
        self, index: ModelIndex, value: Any, role: int = Qt.ItemDataRole.EditRole
    ) -> bool:
        if not index.isValid() or index.column() != 0 or role != Qt.ItemDataRole.CheckStateRole:
            return False
        entry = self._entries[index.row()]
        if not entry.checkable:
            return False
        checked = value in (Qt.CheckState.Checked, Qt.CheckState.Checked.value, 2)
        entry.checked = bool(checked)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        self.accepted_changed.emit(self.accepted_count())
        return True

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self._headers):
            return

        def key(entry: PreviewEntry) -> Any:
            if column == 0:
                return (_STATUS_ORDER.get(entry.status, 9), entry.sort_keys[1])
            return entry.sort_keys[column]

        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        before = [self._entries[index.row()] for index in persistent]
        self._entries.sort(key=key, reverse=order == Qt.SortOrder.DescendingOrder)
        if persistent:
            position = {id(entry): row for row, entry in enumerate(self._entries)}
            self.changePersistentIndexList(
                persistent,
                [
                    self.index(position[id(entry)], index.column())
                    for entry, index in zip(before, persistent, strict=True)
                ],
            )
        self.layoutChanged.emit()
