"""Table model of an establishment's IPS history in its fiche (a handful of rentrées)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from cites_app.establishments import IpsValue
from cites_app.registers import formatting

ModelIndex = QModelIndex | QPersistentModelIndex

HEADERS = ("Rentrée", "IPS", "Écart-type")
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter


def _number(value: float | None) -> str:
    return "—" if value is None else formatting.decimal(value, 1)


class IpsHistoryModel(QAbstractTableModel):
    """The rentrées being edited, most recent first (what the coordinator looks for)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.values: list[IpsValue] = []

    def set_values(self, values: Sequence[IpsValue]) -> None:
        self.beginResetModel()
        self.values = sorted(values, key=lambda value: value.rentree, reverse=True)
        self.endResetModel()

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.values)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(HEADERS)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.values):
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _LEFT if index.column() == 0 else _RIGHT
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        value = self.values[index.row()]
        return (value.rentree, _number(value.ips), _number(value.ips_sd))[index.column()]

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(HEADERS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _LEFT if section == 0 else _RIGHT
        return None
