"""What the « Mixité » page shows, as data: its two table models and its worker's result.

The tables (establishments, séances) hold their rows in memory — a few thousand séances at tier
M, 50,000 at tier L — and sort them in Python, then reset (43 ms for 100,000 rows), never through
a ``QSortFilterProxyModel`` (DESIGN.md §10). :func:`compute_mix` is what the page runs off the UI
thread: it reads a year once (:class:`LoadedYear`) and recomputes any category or weight on it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Generic, TypeVar

import numpy as np
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from cites_app.db.database import Database
from cites_app.indicators.random_baseline import DEFAULT_SEED, Interval, random_baseline
from cites_app.indicators.territory import TerritoryIndicators, indicators_of_frame, load_frame
from cites_app.indicators.territory_frame import MixFrame
from cites_app.indicators.territory_schools import SchoolIndicators, SessionSchoolPairs
from cites_app.indicators.territory_sessions import SessionIndicators
from cites_app.models.vocabulary import ESTABLISHMENT_KINDS
from cites_app.registers import formatting
from cites_app.registers.overview import school_years
from cites_app.settings import RANDOM_SHUFFLES, SMALL_GROUP, get_setting
from cites_app.ui import style
from cites_app.ui.models.lazy_table import header_data

RowT = TypeVar("RowT")
ModelIndex = QModelIndex | QPersistentModelIndex
KeyRole = Qt.ItemDataRole.UserRole  # the row's key: a UAI or a séance id

_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_TONES = {"muted": QColor(style.MUTED_TEXT), "warning": QColor(style.WARNING_TEXT)}

#: Where a séance's local score falls against chance, for the chosen category.
POSITION_TEXTS = {
    "below": "plus mélangée que le hasard",
    "within": "comme au hasard",
    "above": "moins mélangée que le hasard",
}


def missing(value: object) -> bool:
    return value is None


def percent_or_dash(value: float | None) -> str:
    return "—" if value is None else formatting.percent(value)


def decimal_or_dash(value: float | None, digits: int = 2) -> str:
    return "—" if value is None else formatting.decimal(value, digits)


def kind_label(code: str) -> str:
    return ESTABLISHMENT_KINDS.get(code, code)


@dataclass(frozen=True)
class Column(Generic[RowT]):
    """A column: French header, display text, sort key (``None`` values sort last), tooltips."""

    header: str
    text: Callable[[RowT], str]
    sort_key: Callable[[RowT], Any]
    numeric: bool = False
    width: int = 10  # in average characters
    header_tooltip: str = ""
    tooltip: Callable[[RowT], str | None] | None = None
    tone: Callable[[RowT], str | None] | None = None


@dataclass
class _Sorting:
    column: int = 0
    order: Qt.SortOrder = Qt.SortOrder.AscendingOrder
    keys: dict[int, Callable[[Any], Any]] = field(default_factory=dict)


class MixTableModel(QAbstractTableModel, Generic[RowT]):
    """Rows in memory, sorted in Python on :meth:`sort`; ``KeyRole`` gives each row's key."""

    def __init__(
        self,
        columns: Sequence[Column[RowT]],
        key: Callable[[RowT], object],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self._key = key
        self._rows: list[RowT] = []
        self._sorting = _Sorting()

    def set_rows(self, rows: Sequence[RowT]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._sort_rows()
        self.endResetModel()

    def rows(self) -> list[RowT]:
        return list(self._rows)

    def key_at(self, row: int) -> object:
        return self._key(self._rows[row])

    def row_of(self, key: object) -> int | None:
        return next((i for i, r in enumerate(self._rows) if self._key(r) == key), None)

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        column = self.columns[index.column()]
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if column.numeric else _LEFT
        if role == KeyRole:
            return self._key(row)
        getter = {
            Qt.ItemDataRole.DisplayRole: column.text,
            Qt.ItemDataRole.ToolTipRole: column.tooltip,
            Qt.ItemDataRole.ForegroundRole: _brush(column.tone),
        }.get(Qt.ItemDataRole(role))
        return None if getter is None else getter(row)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        return header_data(self.columns, section, orientation, role)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.columns):
            return
        self._sorting.column, self._sorting.order = column, order
        self.beginResetModel()
        self._sort_rows()
        self.endResetModel()

    def _sort_rows(self) -> None:
        get = self.columns[self._sorting.column].sort_key
        descending = self._sorting.order == Qt.SortOrder.DescendingOrder
        known = [r for r in self._rows if get(r) is not None]
        unknown = [r for r in self._rows if get(r) is None]
        known.sort(key=get, reverse=descending)
        self._rows = known + unknown  # "—" stays at the bottom whichever the direction


def _brush(tone: Callable[[RowT], str | None] | None) -> Callable[[RowT], QBrush | None] | None:
    if tone is None:
        return None

    def brush(row: RowT) -> QBrush | None:
        name = tone(row)
        return QBrush(_TONES[name]) if name else None

    return brush


# -- establishments ----------------------------------------------------------------------------


def _school_rate(s: SchoolIndicators) -> str:
    return percent_or_dash(s.participation_rate)


SCHOOL_COLUMNS: list[Column[SchoolIndicators]] = [
    Column("Établissement", lambda s: s.name, lambda s: s.name.casefold(), width=34,
           tooltip=lambda s: f"{s.name} ({s.uai})\n{kind_label(s.kind)}, {s.commune or 'commune non renseignée'}"),
    Column("Participants", lambda s: formatting.integer(s.participants), lambda s: s.participants,
           numeric=True, width=11, tone=lambda s: None if s.participants else "muted",
           header_tooltip="Élèves différents de l'établissement présents au moins une fois"),
    Column("Part des élèves", _school_rate, lambda s: s.participation_rate, numeric=True, width=11,
           header_tooltip="Participants rapportés à l'effectif officiel de l'établissement"),
    Column("Séances", lambda s: formatting.integer(s.sessions), lambda s: s.sessions,
           numeric=True, width=8,
           header_tooltip="Séances où au moins un élève de l'établissement était présent"),
    Column("Heures", lambda s: formatting.hours(s.hours), lambda s: s.hours, numeric=True, width=9,
           header_tooltip="Heures de présence de ses élèves, additionnées"),
    Column("Autres écoles rencontrées", lambda s: formatting.integer(s.other_schools_met),
           lambda s: s.other_schools_met, numeric=True, width=12,
           header_tooltip="Nombre d'autres établissements présents dans les mêmes séances"),
    Column("Camarades d'autres écoles", lambda s: percent_or_dash(s.exposure_to_other_schools),
           lambda s: s.exposure_to_other_schools, numeric=True, width=12,
           tone=lambda s: "muted" if s.exposure_to_other_schools is None else None,
           header_tooltip="Part moyenne des camarades de séance de ses élèves venant d'un autre "
           "établissement (0 % : toujours entre soi, 100 % : jamais avec leur école)"),
    Column("IPS", lambda s: decimal_or_dash(s.ips, 1), lambda s: s.ips, numeric=True, width=7,
           tone=lambda s: "muted" if s.ips is None else None,
           header_tooltip="Indice de position sociale de l'école (DEPP) : plus il est haut, plus "
           "le milieu social des élèves est favorisé (moyenne nationale ≈ 100)"),
    Column("Éducation prioritaire", lambda s: s.education_prioritaire or "non renseignée",
           lambda s: s.education_prioritaire, width=12,
           tone=lambda s: "muted" if s.education_prioritaire is None else None),
]  # fmt: skip


class SchoolMixModel(MixTableModel[SchoolIndicators]):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(SCHOOL_COLUMNS, lambda s: s.uai, parent)


# -- séances -----------------------------------------------------------------------------------


class SessionMixModel(MixTableModel[SessionIndicators]):
    """Séances of the period; the contact column is read against chance for the séance's size."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__([], lambda s: s.id, parent)
        self.contact_chance: dict[int, Interval] = {}
        self.small_group = 10
        self.columns = self._columns()

    def set_context(self, contact_chance: dict[int, Interval], small_group: int) -> None:
        """Chance's range of the contact rate by séance size, and the small-group threshold."""
        self.contact_chance = contact_chance
        self.small_group = small_group

    def _contact_tooltip(self, s: SessionIndicators) -> str | None:
        if s.mix.contact_rate is None:
            return "Un enfant seul n'a pas de camarade : pas de taux."
        text = f"{percent_or_dash(s.mix.contact_rate)} des camarades d'un enfant venaient d'une autre école."
        chance = self.contact_chance.get(s.mix.participants)
        if chance is not None:
            text += (
                f"\nAu hasard, pour {s.mix.participants} enfants : de "
                f"{formatting.percent(chance.low)} à {formatting.percent(chance.high)}."
            )
        return text

    def _size_tooltip(self, s: SessionIndicators) -> str | None:
        if not s.mix.small_group:
            return None
        return (
            f"Moins de {self.small_group} enfants : ses indicateurs de mixité dépendent beaucoup "
            "du hasard, à lire avec prudence."
        )

    def _columns(self) -> list[Column[SessionIndicators]]:
        return [
            Column("Date", lambda s: formatting.short_date(date.fromisoformat(s.date)),
                   lambda s: s.starts_at, width=15),
            Column("Activité", lambda s: s.activity, lambda s: s.activity.casefold(), width=26,
                   tooltip=lambda s: s.activity),
            Column("Enfants", lambda s: formatting.integer(s.mix.participants),
                   lambda s: s.mix.participants, numeric=True, width=8,
                   tone=lambda s: "warning" if s.mix.small_group else None,
                   tooltip=self._size_tooltip,
                   header_tooltip="Enfants présents (en orange : petit groupe, à lire avec prudence)"),
            Column("Écoles", lambda s: formatting.integer(s.mix.schools), lambda s: s.mix.schools,
                   numeric=True, width=7, header_tooltip="Établissements représentés dans la séance"),
            Column("Part de la 1re école", lambda s: percent_or_dash(s.mix.largest_school_share),
                   lambda s: s.mix.largest_school_share, numeric=True, width=10,
                   header_tooltip="Part des enfants venant de l'établissement le plus représenté"),
            Column("Camarades d'autres écoles", lambda s: percent_or_dash(s.mix.contact_rate),
                   lambda s: s.mix.contact_rate, numeric=True, width=12,
                   tooltip=self._contact_tooltip,
                   header_tooltip="Taux de contact : part moyenne des camarades d'un enfant qui "
                   "viennent d'une autre école (0 % : une seule école, 100 % : que des écoles différentes)"),
            Column("Mélange selon le critère", lambda s: POSITION_TEXTS.get(s.mix.L_position or "", "—"),
                   lambda s: s.mix.L, width=22,
                   tone=lambda s: "muted" if s.mix.L_position in (None, "within") else None,
                   header_tooltip="Composition de la séance selon le critère choisi, comparée à celle "
                   "d'un groupe de même taille tiré au hasard parmi les participants"),
            Column("Part QPV", lambda s: percent_or_dash(s.mix.qpv_share), lambda s: s.mix.qpv_share,
                   numeric=True, width=8,
                   header_tooltip="Part des enfants résidant en QPV (parmi ceux dont on le sait)"),
            Column("Filles / garçons", lambda s: f"{s.mix.girls} / {s.mix.boys}",
                   lambda s: s.mix.girls - s.mix.boys, width=10),
            Column("IPS moyen", lambda s: decimal_or_dash(s.mix.ips_mean, 1), lambda s: s.mix.ips_mean,
                   numeric=True, width=8,
                   header_tooltip="Moyenne des IPS des écoles des enfants présents"),
        ]  # fmt: skip


# -- what the page computes in its worker ------------------------------------------------------


@dataclass(frozen=True)
class MixRequest:
    year: str | None  # None: the last school year with a presence
    category: str
    weight: str


@dataclass(frozen=True, eq=False)
class LoadedYear:
    """The participations of one year as read from the database, reused across choices."""

    year: str
    frame: MixFrame
    contact_chance: dict[int, Interval]  # by séance size: does not depend on the category
    shuffles: int
    small_group: int
    years: tuple[str, ...]


@dataclass(frozen=True, eq=False)
class MixResult:
    request: MixRequest
    loaded: LoadedYear
    frame: MixFrame
    indicators: TerritoryIndicators
    pairs: SessionSchoolPairs

    def school_index(self, uai: str) -> int | None:
        return next((j for j, s in enumerate(self.frame.data.schools) if s.uai == uai), None)

    def school(self, uai: str) -> SchoolIndicators | None:
        return next((s for s in self.indicators.schools if s.uai == uai), None)

    def session(self, session_id: int) -> SessionIndicators | None:
        return next((s for s in self.indicators.sessions if s.id == session_id), None)

    def sessions_of_school(self, uai: str) -> list[SessionIndicators]:
        """The séances where at least one pupil of the establishment was present."""
        j = self.school_index(uai)
        if j is None:
            return []
        ids = set(self.frame.data.session_ids[self.pairs.session[self.pairs.school == j]].tolist())
        return [s for s in self.indicators.sessions if s.id in ids]

    def schools_met(self, uai: str) -> list[str]:
        """Names of the other establishments present in the same séances, by name."""
        j = self.school_index(uai)
        if j is None:
            return []
        sessions = self.pairs.session[self.pairs.school == j]
        met = set(self.pairs.school[np.isin(self.pairs.session, sessions)].tolist()) - {j}
        return sorted((self.frame.data.schools[k].name for k in met), key=str.casefold)

    def schools_of_session(self, session_id: int) -> list[tuple[str, int]]:
        """``(name, children)`` of each establishment present at the séance, largest first."""
        found = np.flatnonzero(self.frame.data.session_ids == session_id)
        if len(found) == 0:
            return []
        mask = self.pairs.session == int(found[0])
        schools = self.frame.data.schools
        rows = [
            (schools[j].name, c)
            for j, c in zip(
                self.pairs.school[mask].tolist(), self.pairs.count[mask].tolist(), strict=True
            )
        ]
        return sorted(rows, key=lambda row: (-row[1], row[0].casefold()))


def contact_chance(frame: MixFrame, shuffles: int) -> dict[int, Interval]:
    """Chance's mean and 95 % range of a séance's contact rate, by number of children."""
    known = frame.known_school
    if shuffles < 1 or known.sum() < 2:
        return {}
    baseline = random_baseline(
        frame.data.part_session[known], frame.part_school[known], shuffles=shuffles
    )
    chance = baseline.expected_contact_rates
    result = {}
    for u, size in enumerate(baseline.unit_sizes.tolist()):
        if size > 1 and size not in result:
            result[size] = Interval(
                float(chance.mean[u]), float(chance.low[u]), float(chance.high[u])
            )
    return result


def compute_mix(
    database: Database, request: MixRequest, loaded: LoadedYear | None, today: date
) -> MixResult:
    """Runs in a worker: reads the year unless ``loaded`` already holds it, then computes."""
    if loaded is None or request.year is None or loaded.year != request.year:
        frame = load_frame(database, request.year, request.category, request.weight)
        with database.read_session() as session:
            shuffles = get_setting(session, RANDOM_SHUFFLES)
            small_group = get_setting(session, SMALL_GROUP)
        years = tuple(y.label for y in school_years(database, today))
        loaded = LoadedYear(
            frame.data.period.label, frame, contact_chance(frame, shuffles), shuffles,
            small_group, years,
        )  # fmt: skip
    else:
        frame = loaded.frame.with_choice(request.category, request.weight)
    indicators = indicators_of_frame(
        frame, shuffles=loaded.shuffles, seed=DEFAULT_SEED, small_group=loaded.small_group
    )
    return MixResult(request, loaded, frame, indicators, SessionSchoolPairs.of(frame))
