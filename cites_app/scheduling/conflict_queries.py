"""The SQL behind the conflicts: overlapping séances sharing a venue, a facilitator or a pupil,
and the facts each séance is checked with. Portable to SQLite and PostgreSQL.

Two séances overlap when ``a.starts_at < b.ends_at AND b.starts_at < a.ends_at`` (end == start
does not overlap). Each pair is produced once, ``a`` being the one that starts first (lower id
on a tie), which lets the database walk the index on ``starts_at``: ``b`` starts inside ``a``.
Cancelled séances never take part.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Select, and_, func, literal, or_, select, union_all
from sqlalchemy.orm import Session, aliased

from cites_app.models import (
    Activity,
    ActivityNiveau,
    ActivitySession,
    Pupil,
    Registration,
    Venue,
    activity_establishment,
    session_establishment,
    session_facilitator,
)

Pair = tuple[int, int]
T = TypeVar("T")
_CHUNK = 500  # ids per IN (...) list: far below every driver's parameter limit


def chunks(values: Iterable[T], size: int = _CHUNK) -> Iterator[list[T]]:
    """``values`` in lists of at most ``size``."""
    batch: list[T] = []
    for value in values:
        batch.append(value)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _pairs_select(scope: Collection[int] | None, *columns: Any) -> tuple[Any, Any, Select[Any]]:
    """Overlapping held séances ``a``, ``b``, with their starts, then ``columns``.

    Whole database: each pair once, ``a`` starting first. With a scope: ``a`` in the scope,
    ``b`` any other séance (a pair may come twice; :func:`_normalised` sorts that out).
    """
    a = aliased(ActivitySession, name="a")
    b = aliased(ActivitySession, name="b")
    canonical = and_(a.starts_at < b.ends_at, b.starts_at < a.ends_at, b.id != a.id)
    if scope is None:
        overlap = and_(
            canonical,
            # Same pairs, each once, in a form the index on starts_at serves: b starts in a.
            b.starts_at >= a.starts_at,
            or_(b.starts_at > a.starts_at, b.id > a.id),
        )
    else:
        overlap = canonical
    query = (
        select(a.id, b.id, a.starts_at, b.starts_at, *columns)
        .select_from(a)
        .join(b, overlap)
        .where(a.cancelled.is_(False), b.cancelled.is_(False))
    )
    if scope is not None:
        query = query.where(a.id.in_(sorted(scope)))
    return a, b, query


def _normalised(rows: Iterable[Any]) -> list[tuple[int, int, int]]:
    """``(first, second, extra)`` with ``first`` the séance starting first, each once."""
    pairs: set[tuple[int, int, int]] = set()
    for x, y, x_start, y_start, extra in rows:
        pairs.add((x, y, extra) if (x_start, x) <= (y_start, y) else (y, x, extra))
    return sorted(pairs)


def venue_pairs(session: Session, scope: Collection[int] | None) -> list[tuple[int, int, int]]:
    """``(a, b, venue_id)`` for overlapping séances booked in the same venue."""
    a, b, query = _pairs_select(scope)
    query = query.add_columns(a.venue_id).where(a.venue_id.is_not(None), b.venue_id == a.venue_id)
    return _normalised(session.execute(query))


def facilitator_pairs(
    session: Session, scope: Collection[int] | None
) -> list[tuple[int, int, int]]:
    """``(a, b, facilitator_id)`` for overlapping séances with the same facilitator."""
    fa = session_facilitator.alias("fa")
    fb = session_facilitator.alias("fb")
    a, b, query = _pairs_select(scope, fa.c.facilitator_id)
    query = query.join(fa, fa.c.session_id == a.id).join(
        fb, and_(fb.c.session_id == b.id, fb.c.facilitator_id == fa.c.facilitator_id)
    )
    return _normalised(session.execute(query))


def covered_sessions() -> Any:
    """``(pupil_id, session_id)`` of every pupil registered (not waiting) to a held séance.

    A registration to an activity (``session_id`` NULL) covers each of its séances.
    """
    s = aliased(ActivitySession, name="s")
    by_activity = (
        select(Registration.pupil_id.label("pupil_id"), s.id.label("session_id"))
        .join(
            s,
            and_(Registration.session_id.is_(None), Registration.activity_id == s.activity_id),
        )
        .where(Registration.status == "inscrit", s.cancelled.is_(False))
    )
    by_session = select(
        Registration.pupil_id.label("pupil_id"), Registration.session_id.label("session_id")
    ).where(Registration.session_id.is_not(None), Registration.status == "inscrit")
    return union_all(by_activity, by_session).cte("pupil_session")


def pupil_pairs(session: Session, scope: Collection[int] | None) -> list[tuple[int, int, int]]:
    """``(a, b, pupil_id)`` for overlapping séances a pupil is registered to."""
    if scope is not None:
        return _scoped_pupil_pairs(session, scope)
    covered = covered_sessions()
    p1 = covered.alias("p1")
    p2 = covered.alias("p2")
    a, b, query = _pairs_select(None, p1.c.pupil_id)
    query = query.join(p1, p1.c.session_id == a.id).join(
        p2, and_(p2.c.session_id == b.id, p2.c.pupil_id == p1.c.pupil_id)
    )
    return _normalised(session.execute(query))


def _scoped_pupil_pairs(session: Session, scope: Collection[int]) -> list[tuple[int, int, int]]:
    # The overlapping pairs of a few séances are few: their pupils are compared here rather
    # than through the registrations CTE, which the database cannot restrict cheaply.
    _, _, query = _pairs_select(scope, literal(0))
    pairs = _normalised(session.execute(query))
    if not pairs:
        return []
    pupils = pupils_by_session(session, {i for a, b, _ in pairs for i in (a, b)})
    return sorted(
        (a, b, pupil) for a, b, _ in pairs for pupil in pupils.get(a, set()) & pupils.get(b, set())
    )


def pupils_by_session(session: Session, session_ids: Collection[int]) -> dict[int, set[int]]:
    """Pupils registered (not waiting) to each held séance: to it or to its whole activity."""
    activity_of: dict[int, int] = {}  # held séances only
    for chunk in chunks(sorted(session_ids)):
        for session_id, activity_id in session.execute(
            select(ActivitySession.id, ActivitySession.activity_id).where(
                ActivitySession.id.in_(chunk), ActivitySession.cancelled.is_(False)
            )
        ):
            activity_of[session_id] = activity_id
    by_activity: dict[int, set[int]] = {}
    for chunk in chunks(sorted(set(activity_of.values()))):
        for activity, pupil_id in session.execute(
            select(Registration.activity_id, Registration.pupil_id).where(
                Registration.activity_id.in_(chunk),
                Registration.session_id.is_(None),
                Registration.status == "inscrit",
            )
        ):
            if activity is not None:
                by_activity.setdefault(activity, set()).add(pupil_id)
    result = {i: set(by_activity.get(activity, ())) for i, activity in activity_of.items()}
    for chunk in chunks(sorted(activity_of)):
        for seance, pupil_id in session.execute(
            select(Registration.session_id, Registration.pupil_id).where(
                Registration.session_id.in_(chunk), Registration.status == "inscrit"
            )
        ):
            if seance is not None:
                result[seance].add(pupil_id)
    return result


@dataclass(frozen=True, slots=True)
class SessionFacts:
    """What a séance is checked with; ``capacity`` falls back on the activity's."""

    id: int
    activity_id: int
    title: str
    kind: str
    starts_at: datetime
    ends_at: datetime
    venue_id: int | None
    venue_name: str | None
    venue_capacity: int | None
    capacity: int | None
    cancelled: bool


def session_facts(
    session: Session, session_ids: Iterable[int] | None, *, held_only: bool = True
) -> dict[int, SessionFacts]:
    """Facts of the given séances (all of them when ``session_ids`` is None)."""
    query = (
        select(
            ActivitySession.id,
            ActivitySession.activity_id,
            Activity.title,
            Activity.kind,
            ActivitySession.starts_at,
            ActivitySession.ends_at,
            ActivitySession.venue_id,
            Venue.name,
            Venue.capacity,
            func.coalesce(ActivitySession.capacity, Activity.capacity),
            ActivitySession.cancelled,
        )
        .join(Activity, Activity.id == ActivitySession.activity_id)
        .outerjoin(Venue, Venue.id == ActivitySession.venue_id)
    )
    if held_only:
        query = query.where(ActivitySession.cancelled.is_(False))
    if session_ids is None:
        return {row[0]: SessionFacts(*row) for row in session.execute(query)}
    result: dict[int, SessionFacts] = {}
    for chunk in chunks(sorted(set(session_ids))):
        for row in session.execute(query.where(ActivitySession.id.in_(chunk))):
            result[row[0]] = SessionFacts(*row)
    return result


@dataclass(frozen=True, slots=True)
class Member:
    """A registered pupil, with what the staffing ratio needs."""

    pupil_id: int
    birth_date: date | None
    birth_year: int | None
    niveau: str | None


def members_by_session(session: Session, facts: dict[int, SessionFacts]) -> dict[int, list[Member]]:
    """Registered pupils (not waiting) of each séance: its activity's and its own, once each."""
    activity_ids = sorted({fact.activity_id for fact in facts.values()})
    pupil = (Pupil.id, Pupil.birth_date, Pupil.birth_year, Pupil.niveau)
    by_activity: dict[int, list[Member]] = {}
    for chunk in chunks(activity_ids):
        for owner, pupil_id, birth_date, birth_year, niveau in session.execute(
            select(Registration.activity_id, *pupil)
            .join(Pupil, Pupil.id == Registration.pupil_id)
            .where(
                Registration.session_id.is_(None),
                Registration.status == "inscrit",
                Registration.activity_id.in_(chunk),
            )
        ):
            if owner is not None:
                member = Member(pupil_id, birth_date, birth_year, niveau)
                by_activity.setdefault(owner, []).append(member)
    own: dict[int, list[Member]] = {}
    for chunk in chunks(sorted(facts)):
        for owner, pupil_id, birth_date, birth_year, niveau in session.execute(
            select(Registration.session_id, *pupil)
            .join(Pupil, Pupil.id == Registration.pupil_id)
            .where(Registration.status == "inscrit", Registration.session_id.in_(chunk))
        ):
            if owner is not None:
                own.setdefault(owner, []).append(Member(pupil_id, birth_date, birth_year, niveau))
    result: dict[int, list[Member]] = {}
    for session_id, fact in facts.items():
        members = {m.pupil_id: m for m in by_activity.get(fact.activity_id, ())}
        members.update((m.pupil_id, m) for m in own.get(session_id, ()))
        result[session_id] = list(members.values())
    return result


def facilitator_counts(session: Session, session_ids: Sequence[int]) -> dict[int, int]:
    """Number of facilitators of each séance (absent: none)."""
    counts: dict[int, int] = {}
    link = session_facilitator.c
    for chunk in chunks(session_ids):
        for session_id, count in session.execute(
            select(link.session_id, func.count())
            .where(link.session_id.in_(chunk))
            .group_by(link.session_id)
        ):
            counts[session_id] = count
    return counts


def invited_establishments(
    session: Session, facts: dict[int, SessionFacts]
) -> dict[int, list[int]]:
    """Establishments invited to each séance: its own list, else its activity's."""
    own: dict[int, list[int]] = {}
    link = session_establishment.c
    for chunk in chunks(sorted(facts)):
        for session_id, est_id in session.execute(
            select(link.session_id, link.establishment_id).where(link.session_id.in_(chunk))
        ):
            own.setdefault(session_id, []).append(est_id)
    by_activity: dict[int, list[int]] = {}
    activity_link = activity_establishment.c
    for chunk in chunks(sorted({fact.activity_id for fact in facts.values()})):
        for activity_id, est_id in session.execute(
            select(activity_link.activity_id, activity_link.establishment_id).where(
                activity_link.activity_id.in_(chunk)
            )
        ):
            by_activity.setdefault(activity_id, []).append(est_id)
    return {
        session_id: own.get(session_id) or by_activity.get(fact.activity_id, [])
        for session_id, fact in facts.items()
    }


def target_niveaux(session: Session, activity_ids: Iterable[int]) -> dict[int, set[str]]:
    """Target niveaux of each activity (absent: every niveau)."""
    result: dict[int, set[str]] = {}
    for chunk in chunks(sorted(set(activity_ids))):
        for activity_id, niveau in session.execute(
            select(ActivityNiveau.activity_id, ActivityNiveau.niveau).where(
                ActivityNiveau.activity_id.in_(chunk)
            )
        ):
            result.setdefault(activity_id, set()).add(niveau)
    return result


def where_in(column: Any, ids: Collection[int]) -> ColumnElement[bool]:
    """``column IN ids`` split into ORed chunks for long lists."""
    return or_(*(column.in_(chunk) for chunk in chunks(sorted(ids))))
