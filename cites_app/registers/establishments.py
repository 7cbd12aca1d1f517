"""The list of establishments: one SQL query, sorted in SQL, searched on folded text."""

from __future__ import annotations

import enum
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import SQLColumnExpression, Subquery, case, exists, func, select

from cites_app.db.database import Database
from cites_app.models import Attendance, Establishment, EstablishmentIps, Pupil, Registration
from cites_app.registers.sql import AnySelect, tuples, unknown_last
from cites_app.registers.text import fold, matches, search_terms


class EstablishmentSort(enum.StrEnum):
    UAI = "uai"
    NAME = "name"
    KIND = "kind"
    SECTOR = "sector"
    EDUCATION_PRIORITAIRE = "education_prioritaire"
    COMMUNE = "commune"
    IPS = "ips"
    ENROLMENT = "enrolment"
    PUPILS = "pupils"
    REGISTERED = "registered"
    ATTENDED = "attended"


@dataclass(frozen=True)
class EstablishmentRow:
    id: int
    uai: str
    name: str
    kind: str
    sector: str | None
    education_prioritaire: str | None
    commune: str | None
    ips: float | None
    ips_rentree: str | None  # the rentrée the IPS comes from, e.g. "2024-2025"
    enrolment: int | None
    pupils: int  # pupils of this establishment recorded in the application
    registered: int  # of them, registered to at least one activity or séance (not waiting)
    attended: int  # of them, present at least once at a séance


class EstablishmentRegister:
    """Establishments for the window; at most a thousand rows, so rows are fetched whole."""

    def __init__(self, database: Database) -> None:
        self._database = database

    def fetch(
        self,
        search: str = "",
        sort: EstablishmentSort = EstablishmentSort.NAME,
        descending: bool = False,
    ) -> list[EstablishmentRow]:
        """Rows matching ``search`` (name, UAI or commune, accents ignored), in the given order."""
        query = _rows_query().order_by(*_order(sort, descending))
        with self._database.read_session() as session:
            rows = [EstablishmentRow(*row) for row in tuples(session.execute(query).all())]
        if sort in _FOLDED_SORTS:
            rows = _sort_folded(rows, _FOLDED_SORTS[sort], descending)
        terms = search_terms(search)
        if not terms:
            return rows
        return [row for row in rows if matches(terms, _searchable(row))]

    def ids(
        self,
        search: str = "",
        sort: EstablishmentSort = EstablishmentSort.NAME,
        descending: bool = False,
    ) -> list[int]:
        return [row.id for row in self.fetch(search, sort, descending)]

    def rows(self, ids: Sequence[int]) -> dict[int, EstablishmentRow]:
        """The rows of ``ids`` (unordered), for views that fetch rows lazily."""
        query = _rows_query().where(Establishment.id.in_(ids))
        with self._database.read_session() as session:
            return {row[0]: EstablishmentRow(*row) for row in tuples(session.execute(query).all())}

    def total(self) -> int:
        with self._database.read_session() as session:
            return session.scalar(select(func.count(Establishment.id))) or 0


_FOLDED_SORTS: dict[EstablishmentSort, Callable[[EstablishmentRow], str | None]] = {
    EstablishmentSort.NAME: lambda row: row.name,
    EstablishmentSort.COMMUNE: lambda row: row.commune,
}


def _sort_folded(
    rows: list[EstablishmentRow],
    text_of: Callable[[EstablishmentRow], str | None],
    descending: bool,
) -> list[EstablishmentRow]:
    """Re-sort on folded text (a thousand rows at most): SQLite would put "École" after "Lycée"."""
    known = [row for row in rows if text_of(row)]
    known.sort(key=lambda row: fold(text_of(row) or ""), reverse=descending)
    return known + [row for row in rows if not text_of(row)]


def _searchable(row: EstablishmentRow) -> str:
    return fold(f"{row.name} {row.uai} {row.commune or ''}")


def _latest_ips() -> AnySelect:
    return select(
        EstablishmentIps.establishment_id.label("establishment_id"),
        func.max(EstablishmentIps.rentree).label("rentree"),
    ).group_by(EstablishmentIps.establishment_id)


_latest = _latest_ips().subquery("latest_rentree")
_ips = select(EstablishmentIps).subquery("ips")
_pupil_counts = (
    select(Pupil.establishment_id.label("establishment_id"), func.count(Pupil.id).label("pupils"))
    .group_by(Pupil.establishment_id)
    .subquery("pupil_counts")
)
_pupils = func.coalesce(_pupil_counts.c.pupils, 0)


def _participants(condition: SQLColumnExpression[bool], name: str) -> Subquery:
    """Pupils of each school for whom ``condition`` holds, whatever the school year.

    EXISTS per pupil (one index probe each) rather than COUNT(DISTINCT) over the joined
    attendance: 5× faster at tier M (210,000 présences: 14 ms instead of 78 ms per search).
    """
    return (
        select(
            Pupil.establishment_id.label("establishment_id"),
            func.count(Pupil.id).label("pupils"),
        )
        .where(condition)
        .group_by(Pupil.establishment_id)
        .subquery(name)
    )


_registered_counts = _participants(
    exists().where(Registration.pupil_id == Pupil.id, Registration.status == "inscrit"),
    "registered_counts",
)
_attended_counts = _participants(
    exists().where(Attendance.pupil_id == Pupil.id, Attendance.status == "present"),
    "attended_counts",
)
_registered = func.coalesce(_registered_counts.c.pupils, 0)
_attended = func.coalesce(_attended_counts.c.pupils, 0)


def _rows_query() -> AnySelect:
    return (
        select(
            Establishment.id,
            Establishment.uai,
            Establishment.name,
            Establishment.kind,
            Establishment.sector,
            Establishment.education_prioritaire,
            Establishment.commune,
            _ips.c.ips,
            _ips.c.rentree,
            Establishment.enrolment,
            _pupils,
            _registered,
            _attended,
        )
        .outerjoin(_latest, _latest.c.establishment_id == Establishment.id)
        .outerjoin(
            _ips,
            (_ips.c.establishment_id == Establishment.id) & (_ips.c.rentree == _latest.c.rentree),
        )
        .outerjoin(_pupil_counts, _pupil_counts.c.establishment_id == Establishment.id)
        .outerjoin(_registered_counts, _registered_counts.c.establishment_id == Establishment.id)
        .outerjoin(_attended_counts, _attended_counts.c.establishment_id == Establishment.id)
    )


# Schools first in their usual order (maternelle → lycée), not alphabetically by code.
_KIND_ORDER = ("maternelle", "elementaire", "primaire", "college", "lycee_gt", "lycee_pro")


def _order(sort: EstablishmentSort, descending: bool) -> list[SQLColumnExpression[Any]]:
    key: SQLColumnExpression[Any] = {
        EstablishmentSort.UAI: Establishment.uai,
        EstablishmentSort.NAME: func.lower(Establishment.name),
        EstablishmentSort.KIND: case(
            {kind: rank for rank, kind in enumerate(_KIND_ORDER)},
            value=Establishment.kind,
            else_=len(_KIND_ORDER),
        ),
        EstablishmentSort.SECTOR: Establishment.sector,
        EstablishmentSort.EDUCATION_PRIORITAIRE: case(
            {"REP+": 0, "REP": 1, "hors EP": 2}, value=Establishment.education_prioritaire
        ),
        EstablishmentSort.COMMUNE: func.lower(Establishment.commune),
        EstablishmentSort.IPS: _ips.c.ips,
        EstablishmentSort.ENROLMENT: Establishment.enrolment,
        EstablishmentSort.PUPILS: _pupils,
        EstablishmentSort.REGISTERED: _registered,
        EstablishmentSort.ATTENDED: _attended,
    }[sort]
    return [
        unknown_last(key),
        key.desc() if descending else key.asc(),
        func.lower(Establishment.name),
        Establishment.id,
    ]
