"""Table model of a group's mix: one row per indicator, a column for the group as registered
and one for the group with the selected candidates added (empty when nothing is selected)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from cites_app.registers import formatting
from cites_app.scheduling import GroupMix

ModelIndex = QModelIndex | QPersistentModelIndex


def _sexes(mix: GroupMix) -> str:
    girls = f"{mix.girls} fille{'s' if mix.girls > 1 else ''}"
    boys = f"{mix.boys} garçon{'s' if mix.boys > 1 else ''}"
    unknown = f", {mix.sex_unknown} non renseigné" if mix.sex_unknown else ""
    return f"{girls}, {boys}{unknown}"


def _qpv(mix: GroupMix) -> str:
    share = formatting.percent(mix.qpv_yes / mix.size)
    if not mix.qpv_unknown:
        return share
    return f"{share} ({mix.qpv_unknown} inconnu{'s' if mix.qpv_unknown > 1 else ''})"


def _largest(mix: GroupMix) -> str:
    largest = mix.schools[0]
    return f"{formatting.percent(largest.share)} — {largest.name}"


def _contact(mix: GroupMix) -> str:
    return "—" if mix.contact_rate is None else formatting.percent(mix.contact_rate)


# (key, caption, text of a non-empty group, tooltip of the caption)
ROWS: tuple[tuple[str, str, Callable[[GroupMix], str], str], ...] = (
    ("size", "Élèves", lambda m: formatting.integer(m.size), "Élèves inscrits (hors attente)"),
    (
        "schools",
        "Établissements",
        lambda m: str(m.schools_represented),
        "Établissements représentés dans le groupe",
    ),
    ("largest", "Le plus représenté", _largest, "Part du groupe venant du premier établissement"),
    ("sexes", "Filles et garçons", _sexes, ""),
    ("qpv", "QPV", _qpv, "Part des élèves résidant en quartier prioritaire (QPV)"),
    (
        "niveaux",
        "Niveaux",
        lambda m: " · ".join(f"{n} : {c}" for n, c in m.niveaux.items()),
        "",
    ),
    (
        "contact",
        "Contact",
        _contact,
        "Contact inter-établissements : part moyenne des camarades d'un élève qui viennent d'un autre établissement "
        "(0 % : tous du même établissement).",
    ),
)
KEYS = [key for key, *_ in ROWS]


class GroupMixModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._mixes: tuple[GroupMix | None, GroupMix | None] = (None, None)
        self._added = 0
        self._waiting = 0

    def set_mix(
        self, group: GroupMix, projected: GroupMix | None, added: int, waiting: int = 0
    ) -> None:
        """``added`` selected pupils would join the group, ``waiting`` would wait for a place."""
        self._mixes, self._added, self._waiting = (group, projected), added, waiting
        self.dataChanged.emit(self.index(0, 0), self.index(len(ROWS) - 1, 1))
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, 1)

    def text(self, key: str, column: int = 0) -> str:
        """What the cell of indicator ``key`` shows (0: the group, 1: with the selection)."""
        value = self.data(self.index(KEYS.index(key), column))
        return str(value) if value is not None else ""

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(ROWS)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else 2

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(ROWS) and 0 <= index.column() < 2):
            return None
        mix = self._mixes[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            if mix is None:
                return ""
            return ROWS[index.row()][2](mix) if mix.size else "—"
        if role == Qt.ItemDataRole.ToolTipRole and mix is not None and mix.size:
            return ROWS[index.row()][2](mix)
        return None

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Vertical and 0 <= section < len(ROWS):
            texts = {
                Qt.ItemDataRole.DisplayRole.value: ROWS[section][1],
                Qt.ItemDataRole.ToolTipRole.value: ROWS[section][3] or None,
            }
            return texts.get(int(role))
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        if section == 0:
            return "Inscrits"
        if section != 1 or self._mixes[1] is None:
            return "" if section == 1 else None
        waiting = f", {self._waiting} en attente" if self._waiting else ""
        return f"Avec la sélection (+{self._added}{waiting})"
