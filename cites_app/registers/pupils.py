"""The pupil list at tier M and beyond: ordered ids from SQL, rows fetched by blocks.

Search is accent- and case-insensitive, which no portable SQL offers (see ``text``): the folded
names of all pupils are kept in memory (about 40 ms to build for 25,000 pupils, under 1 ms to
search) and rebuilt only when the pupil table changes. Structured filters and sorting run in SQL;
names are ordered on their folded form so that "Élodie" sits among the E.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import SQLColumnExpression, case, extract, func, literal, or_, select
from sqlalchemy.orm import Session

from cites_app.db.database import Database
from cites_app.models import Authorisation, Establishment, Pupil
from cites_app.models.vocabulary import NIVEAUX
from cites_app.registers.sql import AnySelect, tuples, unknown_last
from cites_app.registers.text import fold, fold_ranks, matches, search_terms


class PupilSort(enum.StrEnum):
    LAST_NAME = "last_name"
    FIRST_NAME = "first_name"
    BIRTH_DATE = "birth_date"
    SEX = "sex"
    NIVEAU = "niveau"
    CLASS = "class"
    ESTABLISHMENT = "establishment"
    QPV = "qpv"


@dataclass(frozen=True)
class PupilFilter:
    search: str = ""
    establishment_id: int | None = None
    niveau: str | None = None
    qpv: str | None = None  # a code of QPV_FLAGS
    # A kind of AUTHORISATION_KINDS the pupil has NO valid, granted authorisation of on ``on``.
    missing_authorisation: str | None = None
    on: date | None = None

    @property
    def is_active(self) -> bool:
        values = (self.establishment_id, self.niveau, self.qpv, self.missing_authorisation)
        return bool(search_terms(self.search)) or any(value is not None for value in values)


@dataclass(frozen=True)
class PupilRow:
    id: int
    last_name: str
    first_name: str
    birth_date: date | None
    birth_year: int | None
    sex: str | None
    niveau: str | None
    class_label: str | None
    ulis: bool
    segpa: bool
    establishment: str | None
    qpv: str


@dataclass(frozen=True)
class _NameIndex:
    fingerprint: tuple[object, ...]
    # id -> (folded last name, folded first name)
    names: dict[int, tuple[str, str]]


class PupilRegister:
    """Query service of the pupil list; keeps the folded names between calls."""

    def __init__(self, database: Database) -> None:
        self._database = database
        self._index: _NameIndex | None = None

    def ids(
        self,
        pupil_filter: PupilFilter | None = None,
        sort: PupilSort = PupilSort.LAST_NAME,
        descending: bool = False,
    ) -> list[int]:
        """Ids of the pupils matching ``pupil_filter``, in display order."""
        pupil_filter = pupil_filter or PupilFilter()
        with self._database.read_session() as session:
            names = self._names(session).names
            keys = _sort_keys(session, sort)
            query = _filtered(select(Pupil.id, *keys), pupil_filter)
            # Unknown values go last in both directions (portable, unlike NULLS LAST).
            query = query.order_by(
                unknown_last(keys[0]),
                *(key.desc() if descending else key.asc() for key in keys),
            )
            ordered = [(row[0], tuple(row[1:])) for row in session.execute(query)]
        terms = search_terms(pupil_filter.search)
        if terms:
            ordered = [row for row in ordered if matches(terms, " ".join(names[row[0]]))]
        return _order_names(ordered, names, sort, descending)

    def rows(self, ids: Sequence[int]) -> dict[int, PupilRow]:
        """The rows of ``ids`` in one query (the view asks for a block of about 200)."""
        query = (
            select(
                Pupil.id,
                Pupil.last_name,
                Pupil.first_name,
                Pupil.birth_date,
                Pupil.birth_year,
                Pupil.sex,
                Pupil.niveau,
                Pupil.class_label,
                Pupil.ulis,
                Pupil.segpa,
                Establishment.name,
                Pupil.qpv,
            )
            .outerjoin(Establishment, Establishment.id == Pupil.establishment_id)
            .where(Pupil.id.in_(list(ids)))
        )
        with self._database.read_session() as session:
            return {row[0]: PupilRow(*row) for row in tuples(session.execute(query).all())}

    def total(self) -> int:
        with self._database.read_session() as session:
            return session.scalar(select(func.count(Pupil.id))) or 0

    def establishment_choices(self) -> list[tuple[int, str]]:
        """Establishments that have pupils, as (id, name), in French alphabetical order."""
        query = (
            select(Establishment.id, Establishment.name)
            .where(Establishment.id.in_(select(Pupil.establishment_id)))
            .distinct()
        )
        with self._database.read_session() as session:
            labels: dict[int, str] = {row[0]: row[1] for row in session.execute(query)}
        ranks = fold_ranks(labels)
        return sorted(labels.items(), key=lambda item: ranks[item[0]])

    def niveau_choices(self) -> list[str]:
        """Niveaux present among the pupils, in school order (PS … Tle)."""
        with self._database.read_session() as session:
            present = set(session.scalars(select(Pupil.niveau).distinct()))
        return [niveau for niveau in NIVEAUX if niveau in present]

    def _names(self, session: Session) -> _NameIndex:
        # A change to any pupil moves max(updated_at) or the count: cheap to check, ~2 ms.
        fingerprint = tuple(
            session.execute(
                select(func.count(Pupil.id), func.max(Pupil.id), func.max(Pupil.updated_at))
            ).one()
        )
        if self._index is None or self._index.fingerprint != fingerprint:
            rows = session.execute(select(Pupil.id, Pupil.last_name, Pupil.first_name))
            names = {row[0]: (fold(row[1]), fold(row[2])) for row in rows}
            self._index = _NameIndex(fingerprint, names)
        return self._index


def _filtered(query: AnySelect, pupil_filter: PupilFilter) -> AnySelect:
    if pupil_filter.establishment_id is not None:
        query = query.where(Pupil.establishment_id == pupil_filter.establishment_id)
    if pupil_filter.niveau is not None:
        query = query.where(Pupil.niveau == pupil_filter.niveau)
    if pupil_filter.qpv is not None:
        query = query.where(Pupil.qpv == pupil_filter.qpv)
    if pupil_filter.missing_authorisation is not None:
        on = pupil_filter.on or date.today()
        valid = (
            select(Authorisation.id)
            .where(
                Authorisation.pupil_id == Pupil.id,
                Authorisation.kind == pupil_filter.missing_authorisation,
                Authorisation.granted.is_(True),
                or_(Authorisation.valid_from.is_(None), Authorisation.valid_from <= on),
                or_(Authorisation.valid_until.is_(None), Authorisation.valid_until >= on),
            )
            .exists()
        )
        query = query.where(~valid)
    return query


def _sort_keys(session: Session, sort: PupilSort) -> list[SQLColumnExpression[Any]]:
    if sort in (PupilSort.LAST_NAME, PupilSort.FIRST_NAME):
        return [literal(0)]  # ordered on folded names afterwards
    if sort is PupilSort.ESTABLISHMENT:
        labels = dict(session.execute(select(Establishment.id, Establishment.name)).all())
        ranks = fold_ranks(labels)
        return [case(ranks, value=Pupil.establishment_id) if ranks else literal(0)]
    if sort is PupilSort.NIVEAU:
        return [case({niveau: rank for rank, niveau in enumerate(NIVEAUX)}, value=Pupil.niveau)]
    if sort is PupilSort.BIRTH_DATE:
        # Pupils known only by their birth year sort with that year's pupils.
        year = func.coalesce(extract("year", Pupil.birth_date), Pupil.birth_year)
        return [year, Pupil.birth_date]
    return [
        {
            PupilSort.SEX: Pupil.sex,
            PupilSort.CLASS: func.lower(Pupil.class_label),
            PupilSort.QPV: case({"oui": 0, "non": 1, "inconnu": 2}, value=Pupil.qpv),
        }[sort]
    ]


def _order_names(
    ordered: Sequence[tuple[int, tuple[object, ...]]],
    names: dict[int, tuple[str, str]],
    sort: PupilSort,
    descending: bool,
) -> list[int]:
    """Within each run of equal sort values from SQL, order by folded names (then id)."""
    groups: list[int] = []
    group = -1
    previous: object = object()
    for _pupil_id, value in ordered:
        if value != previous or group < 0:
            group += 1
            previous = value
        groups.append(group)
    first_name_first = sort is PupilSort.FIRST_NAME
    reverse_names = descending and sort in (PupilSort.LAST_NAME, PupilSort.FIRST_NAME)

    def key(position: int) -> tuple[int, tuple[str, str], int]:
        pupil_id = ordered[position][0]
        last, first = names.get(pupil_id, ("", ""))
        pair = (first, last) if first_name_first else (last, first)
        return groups[position], pair, pupil_id

    positions = sorted(range(len(ordered)), key=key, reverse=reverse_names)
    return [ordered[position][0] for position in positions]
