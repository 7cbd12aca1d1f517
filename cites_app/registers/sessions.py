"""The list of séances with their counts and attendance status, sorted and filtered in SQL."""

from __future__ import annotations

import enum
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    SQLColumnExpression,
    case,
    distinct,
    exists,
    extract,
    func,
    literal,
    or_,
    select,
)

from cites_app.db.database import Database
from cites_app.models import (
    Activity,
    ActivitySession,
    Attendance,
    Registration,
    Venue,
    activity_establishment,
    session_establishment,
)
from cites_app.models.vocabulary import ACTIVITY_KINDS
from cites_app.registers.sql import AnySelect, tuples, unknown_last
from cites_app.registers.text import fold, fold_ranks, matches, search_terms

Clock = Callable[[], datetime]


class SessionStatus(enum.StrEnum):
    UPCOMING = "a_venir"
    TAKEN = "appel_fait"
    MISSING = "appel_non_fait"
    CANCELLED = "annulee"


STATUS_LABELS: dict[SessionStatus, str] = {
    SessionStatus.UPCOMING: "à venir",
    SessionStatus.TAKEN: "appel fait",
    SessionStatus.MISSING: "appel non fait",
    SessionStatus.CANCELLED: "annulée",
}


class SessionPeriod(enum.StrEnum):
    UPCOMING = "a_venir"
    PAST = "passees"
    MISSING_ATTENDANCE = "sans_appel"
    ALL = "toutes"


class SessionSort(enum.StrEnum):
    DATE = "date"
    TIME = "time"
    ACTIVITY = "activity"
    KIND = "kind"
    VENUE = "venue"
    INVITED = "invited"
    REGISTERED = "registered"
    PRESENT = "present"
    STATUS = "status"


@dataclass(frozen=True)
class SessionFilter:
    search: str = ""
    kind: str | None = None  # a code of ACTIVITY_KINDS
    period: SessionPeriod = SessionPeriod.UPCOMING


@dataclass(frozen=True)
class SessionRow:
    id: int
    starts_at: datetime
    ends_at: datetime
    activity: str
    kind: str
    venue: str | None
    invited: int  # establishments invited (the séance's own list, else its activity's)
    registered: int
    present: int
    status: SessionStatus


def attendance_taken() -> SQLColumnExpression[bool]:
    """True when the attendance of the séance was recorded (stamp or at least one row)."""
    return or_(
        ActivitySession.attendance_taken_at.is_not(None),
        exists().where(Attendance.session_id == ActivitySession.id),
    )


def status_expression(now: datetime) -> SQLColumnExpression[str]:
    """The séance's status code; a séance still running at ``now`` counts as upcoming."""
    return case(
        (ActivitySession.cancelled.is_(True), SessionStatus.CANCELLED.value),
        (attendance_taken(), SessionStatus.TAKEN.value),
        (ActivitySession.ends_at > now, SessionStatus.UPCOMING.value),
        else_=SessionStatus.MISSING.value,
    )


def registered_count() -> SQLColumnExpression[int]:
    """Pupils registered to the séance itself or to its whole activity (not waiting lists)."""
    return (
        select(func.count(distinct(Registration.pupil_id)))
        .where(
            Registration.status == "inscrit",
            or_(
                Registration.session_id == ActivitySession.id,
                (Registration.session_id.is_(None))
                & (Registration.activity_id == ActivitySession.activity_id),
            ),
        )
        .correlate(ActivitySession)
        .scalar_subquery()
    )


def present_count() -> SQLColumnExpression[int]:
    return (
        select(func.count(Attendance.id))
        .where(Attendance.session_id == ActivitySession.id, Attendance.status == "present")
        .correlate(ActivitySession)
        .scalar_subquery()
    )


def invited_count() -> SQLColumnExpression[int]:
    own = (
        select(func.count())
        .select_from(session_establishment)
        .where(session_establishment.c.session_id == ActivitySession.id)
        .correlate(ActivitySession)
        .scalar_subquery()
    )
    inherited = (
        select(func.count())
        .select_from(activity_establishment)
        .where(activity_establishment.c.activity_id == ActivitySession.activity_id)
        .correlate(ActivitySession)
        .scalar_subquery()
    )
    return func.coalesce(func.nullif(own, 0), inherited)


class SessionRegister:
    """Query service of the séance list; ``clock`` gives "now" (Paris wall-clock time)."""

    def __init__(self, database: Database, clock: Clock = datetime.now) -> None:
        self._database = database
        self._clock = clock

    def ids(
        self,
        session_filter: SessionFilter | None = None,
        sort: SessionSort = SessionSort.DATE,
        descending: bool = False,
    ) -> list[int]:
        """Ids of the séances matching ``session_filter``, in display order."""
        session_filter = session_filter or SessionFilter()
        now = self._clock()
        with self._database.read_session() as session:
            query = select(ActivitySession.id).join(Activity)
            terms = search_terms(session_filter.search)
            if terms:
                titles = dict(session.execute(select(Activity.id, Activity.title)).all())
                venues = dict(session.execute(select(Venue.id, Venue.name)).all())
                query = query.where(
                    or_(
                        ActivitySession.activity_id.in_(_matching(terms, titles)),
                        ActivitySession.venue_id.in_(_matching(terms, venues)),
                    )
                )
            query = _where_period(query, session_filter.period, now)
            if session_filter.kind is not None:
                query = query.where(Activity.kind == session_filter.kind)
            key = self._sort_key(sort, now)
            query = query.order_by(
                unknown_last(key),
                key.desc() if descending else key.asc(),
                ActivitySession.starts_at.desc() if descending else ActivitySession.starts_at,
                ActivitySession.id,
            )
            return list(session.scalars(query))

    def rows(self, ids: Sequence[int]) -> dict[int, SessionRow]:
        """The rows of ``ids`` with their counts, in one query."""
        query = _rows_query(self._clock()).where(ActivitySession.id.in_(list(ids)))
        with self._database.read_session() as session:
            return {row[0]: _row(row) for row in tuples(session.execute(query).all())}

    def upcoming(self, limit: int = 5) -> list[SessionRow]:
        """The next ``limit`` séances that are not cancelled, soonest first."""
        now = self._clock()
        query = (
            _rows_query(now)
            .where(ActivitySession.starts_at >= now, ActivitySession.cancelled.is_(False))
            .order_by(ActivitySession.starts_at, ActivitySession.id)
            .limit(limit)
        )
        with self._database.read_session() as session:
            return [_row(row) for row in tuples(session.execute(query).all())]

    def total(self) -> int:
        with self._database.read_session() as session:
            return session.scalar(select(func.count(ActivitySession.id))) or 0

    def _sort_key(self, sort: SessionSort, now: datetime) -> SQLColumnExpression[Any]:
        if sort is SessionSort.ACTIVITY:
            return self._rank_of(ActivitySession.activity_id, Activity.id, Activity.title)
        if sort is SessionSort.VENUE:
            return self._rank_of(ActivitySession.venue_id, Venue.id, Venue.name)
        if sort is SessionSort.TIME:
            return extract("hour", ActivitySession.starts_at) * 60 + extract(
                "minute", ActivitySession.starts_at
            )
        if sort is SessionSort.KIND:
            return case(
                {kind: rank for rank, kind in enumerate(ACTIVITY_KINDS)}, value=Activity.kind
            )
        if sort is SessionSort.STATUS:
            ranks = {status.value: rank for rank, status in enumerate(SessionStatus)}
            return case(ranks, value=status_expression(now))
        return {
            SessionSort.DATE: ActivitySession.starts_at,
            SessionSort.INVITED: invited_count(),
            SessionSort.REGISTERED: registered_count(),
            SessionSort.PRESENT: present_count(),
        }[sort]

    def _rank_of(
        self, column: SQLColumnExpression[Any], id_column: Any, label_column: Any
    ) -> SQLColumnExpression[Any]:
        # Ranks computed on folded labels, so that "Éveil musical" sorts among the E in SQL too.
        with self._database.read_session() as session:
            labels: dict[int, str] = dict(session.execute(select(id_column, label_column)).all())
        ranks = fold_ranks(labels)
        return case(ranks, value=column) if ranks else literal(0)


def _matching(terms: list[str], labels: dict[int, str]) -> list[int]:
    return [key for key, label in labels.items() if matches(terms, fold(label))]


def _where_period(query: AnySelect, period: SessionPeriod, now: datetime) -> AnySelect:
    if period is SessionPeriod.UPCOMING:
        return query.where(ActivitySession.ends_at > now)
    if period is SessionPeriod.PAST:
        return query.where(ActivitySession.ends_at <= now)
    if period is SessionPeriod.MISSING_ATTENDANCE:
        return query.where(status_expression(now) == SessionStatus.MISSING.value)
    return query


def _rows_query(now: datetime) -> AnySelect:
    return (
        select(
            ActivitySession.id,
            ActivitySession.starts_at,
            ActivitySession.ends_at,
            Activity.title,
            Activity.kind,
            Venue.name,
            invited_count(),
            registered_count(),
            present_count(),
            status_expression(now),
        )
        .join(Activity, Activity.id == ActivitySession.activity_id)
        .outerjoin(Venue, Venue.id == ActivitySession.venue_id)
    )


def _row(values: tuple[Any, ...]) -> SessionRow:
    session_id, starts_at, ends_at, activity, kind, venue, invited, registered, present, status = (
        values
    )
    return SessionRow(
        session_id,
        starts_at,
        ends_at,
        activity,
        kind,
        venue,
        invited or 0,
        registered or 0,
        present or 0,
        SessionStatus(status),
    )
