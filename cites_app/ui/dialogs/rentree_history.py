"""A history kept one rentrée per row, edited in a fiche: a small table, a line of fields
under it to add or correct a rentrée, a button to remove the chosen one.

The establishment fiche uses it twice: the IPS (mean, standard deviation) and the shares of the
DEPP's four PCS groups. Values are plain numbers (``None`` when left empty); a ``percent``
column is typed and shown in % and kept as a share between 0 and 1.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from cites_app.establishments import rentree_problem
from cites_app.registers import formatting
from cites_app.ui.dialogs.form_fields import error_label
from cites_app.ui.style import scaled_font

ModelIndex = QModelIndex | QPersistentModelIndex
Values = tuple[float | None, ...]
Row = tuple[str, Values]  # (rentrée « 2024-2025 », one value per column)
# (rentrée, values) → why they cannot be kept, or None
Check = Callable[[str, Values], str | None]

_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter


@dataclass(frozen=True)
class HistoryColumn:
    """One value of a rentrée: its table header, the caption of its field, its hints."""

    header: str
    caption: str
    accessible_name: str
    placeholder: str = ""
    required: bool = True
    percent: bool = False
    header_tooltip: str = ""


def parse_number(
    text: str, field: str, problems: dict[str, str], *, integer: bool = False
) -> float | None:
    """ "48,91" → 48.91 (an empty field is None); an unreadable value adds a problem."""
    cleaned = re.sub(r"[\s\u00a0\u202f%]", "", text).replace(",", ".")
    if not cleaned:
        return None
    try:
        return int(cleaned) if integer else float(cleaned)
    except ValueError:
        example = "480" if integer else "48,91"
        problems[field] = f"Nombre illisible : « {text.strip()} » (exemple : {example})."
        return None


def _shown(value: float | None, column: HistoryColumn) -> str:
    if value is None:
        return "—"
    return formatting.percent(value, 1) if column.percent else formatting.decimal(value, 1)


def _typed(value: float | None, column: HistoryColumn) -> str:
    """The value as the field shows it for correction (all its digits, French comma)."""
    if value is None:
        return ""
    number = round(value * 100, 6) if column.percent else value
    return f"{number:g}".replace(".", ",")


class RentreeHistoryModel(QAbstractTableModel):
    """The rentrées being edited, most recent first (what the coordinator looks for)."""

    def __init__(self, columns: Sequence[HistoryColumn], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self.rows: list[Row] = []

    def set_rows(self, rows: Sequence[Row]) -> None:
        self.beginResetModel()
        self.rows = sorted(rows, key=lambda row: row[0], reverse=True)
        self.endResetModel()

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.columns) + 1

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _LEFT if index.column() == 0 else _RIGHT
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        rentree, values = self.rows[index.row()]
        if index.column() == 0:
            return rentree
        column = index.column() - 1
        return _shown(values[column], self.columns[column])

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section <= len(self.columns):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return "Rentrée" if section == 0 else self.columns[section - 1].header
        if role == Qt.ItemDataRole.ToolTipRole and section > 0:
            return self.columns[section - 1].header_tooltip or None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _LEFT if section == 0 else _RIGHT
        return None


class RentreeHistoryEditor(QWidget):
    """Heading, table, fields (``fields_per_line`` captions and fields a line, the rentrée on a
    line of its own with ``rentree_alone``), two buttons."""

    def __init__(
        self,
        title: str,
        columns: Sequence[HistoryColumn],
        check: Check,
        *,
        empty_text: str,
        tooltip: str = "",
        fields_per_line: int = 3,
        rentree_alone: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self._check = check
        heading = QLabel(title)
        heading.setFont(scaled_font(self.font(), 1.1, bold=True))
        heading.setToolTip(tooltip)
        self.model = RentreeHistoryModel(self.columns, self)
        self.table = self._table()
        self.empty = QLabel(empty_text)
        self.empty.setObjectName("muted")
        self.empty.setWordWrap(True)
        char = self.fontMetrics().averageCharWidth()
        self.rentree = QLineEdit()
        self.rentree.setPlaceholderText("2024-2025")
        self.rentree.setAccessibleName(f"Rentrée ({title})")
        self.edits: list[QLineEdit] = []
        for column in self.columns:
            edit = QLineEdit()
            edit.setPlaceholderText(column.placeholder or ("facultatif" if not column.required
                                                           else ""))  # fmt: skip
            edit.setAccessibleName(column.accessible_name)
            self.edits.append(edit)
        for edit in (self.rentree, *self.edits):
            edit.setMaximumWidth(char * 14)
        self.set_button = QPushButton("Ajouter ou corriger cette rentrée")
        self.set_button.clicked.connect(self.set_typed)
        self.remove_button = QPushButton("Retirer la rentrée choisie")
        self.remove_button.clicked.connect(self.remove_chosen)
        self.error = error_label()
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 8, 0, 0)
        box.setSpacing(4)
        box.addWidget(heading)
        box.addWidget(self.table)
        box.addWidget(self.empty)
        box.addLayout(self._fields_grid(fields_per_line, rentree_alone))
        buttons = QHBoxLayout()
        buttons.addWidget(self.set_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        box.addLayout(buttons)
        box.addWidget(self.error)
        box.addStretch(1)  # a taller window leaves its room below, not between the rows
        self.set_rows([])

    def _table(self) -> QTableView:
        table = QTableView()
        table.setModel(self.model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.verticalHeader().hide()
        header = table.horizontalHeader()
        header.setMinimumSectionSize(self.fontMetrics().averageCharWidth() * 6)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)  # values share the width:
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)  # no scrolling
        table.setMinimumHeight(self.fontMetrics().height() * 5)
        table.setMaximumHeight(self.fontMetrics().height() * 9)
        table.selectionModel().currentRowChanged.connect(self._chosen)
        return table

    def _fields_grid(self, per_line: int, rentree_alone: bool) -> QGridLayout:
        """Caption and field pairs, ``per_line`` a line; the rentrée first, maybe on its own."""
        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        count = len(self.columns)
        if rentree_alone:
            places = [(0, 0), *((1 + i // per_line, i % per_line) for i in range(count))]
        else:
            places = [divmod(i, per_line) for i in range(count + 1)]
        captions = ["Rentrée", *(column.caption for column in self.columns)]
        for (line, place), caption, edit in zip(
            places, captions, (self.rentree, *self.edits), strict=True
        ):
            grid.addWidget(QLabel(caption), line, place * 2)
            grid.addWidget(edit, line, place * 2 + 1)
        grid.setColumnStretch(per_line * 2, 1)
        return grid

    # -- values -------------------------------------------------------------------------------

    @property
    def rows(self) -> list[Row]:
        """The rentrées, oldest first (the order they are saved in)."""
        return sorted(self.model.rows, key=lambda row: row[0])

    def set_rows(self, rows: Sequence[Row]) -> None:
        self.model.set_rows(rows)
        for position, column in enumerate(self.columns):
            # An optional value no rentrée has (a school's IPS by voie) takes no room.
            unused = not column.required and all(row[1][position] is None for row in rows)
            self.table.setColumnHidden(position + 1, unused)
        self.table.setVisible(bool(rows))
        self.empty.setVisible(not rows)
        self.remove_button.setEnabled(False)

    def _read_typed(self, problems: dict[str, str]) -> Row:
        values = []
        for column, edit in zip(self.columns, self.edits, strict=True):
            value = parse_number(edit.text(), "value", problems)
            values.append(value / 100 if value is not None and column.percent else value)
        return self.rentree.text().strip(), tuple(values)

    def pending(self) -> bool:
        """True when a rentrée typed below the table was not added yet (it would be lost)."""
        if not any(edit.text().strip() for edit in (self.rentree, *self.edits)):
            return False
        return self._read_typed({}) not in self.model.rows

    def _chosen(self) -> None:
        index = self.table.currentIndex()
        chosen = index.isValid()
        self.remove_button.setEnabled(chosen)
        if chosen:
            rentree, values = self.model.rows[index.row()]
            self.rentree.setText(rentree)
            for column, edit, value in zip(self.columns, self.edits, values, strict=True):
                edit.setText(_typed(value, column))

    def _clear_fields(self) -> None:
        for edit in (self.rentree, *self.edits):
            edit.clear()

    def set_typed(self) -> None:
        """Add the rentrée typed below the table, or replace its values (saved with the fiche)."""
        problems: dict[str, str] = {}
        rentree, values = self._read_typed(problems)
        problem = problems.get("value") or rentree_problem(rentree)
        if problem is None:
            missing = [
                column.caption
                for column, value in zip(self.columns, values, strict=True)
                if column.required and value is None
            ]
            if missing:
                problem = "Indiquez " + " et ".join(f"« {caption} »" for caption in missing) + "."
        problem = problem or self._check(rentree, values)
        self.error.setVisible(problem is not None)
        self.error.setText(problem or "")
        if problem is not None:
            return
        self.set_rows([*(row for row in self.model.rows if row[0] != rentree), (rentree, values)])
        self._clear_fields()

    def remove_chosen(self) -> None:
        index = self.table.currentIndex()
        if not index.isValid():
            return
        chosen = self.model.rows[index.row()]
        self.set_rows([row for row in self.model.rows if row != chosen])
        self._clear_fields()
