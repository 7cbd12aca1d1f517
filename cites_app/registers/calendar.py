"""What the calendar page shows for a period: séances, holidays, public holidays, conflicts.

The séances of a period come from one SQL query; the days without school come from the
official calendar of the territory's zone (no query). Conflicts take several queries: the page
asks for them separately, off the UI thread. A séance's detail feeds the séance editor.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, select

from cites_app.db.database import Database
from cites_app.models import (
    Activity,
    ActivitySession,
    Registration,
    Territory,
    Venue,
    session_facilitator,
)
from cites_app.registers.sessions import registered_count
from cites_app.registers.sql import tuples
from cites_app.scheduling import Conflict, ConflictChecker
from cites_app.school_calendar import SchoolCalendar, ascension_bridge_day, public_holidays
from cites_app.school_calendar.academies import DROM_ACADEMIES, is_metropolitan_zone, zone_label

BRIDGE_LABEL = "Pont de l'Ascension"


@dataclass(frozen=True)
class CalendarSeance:
    """A séance as the calendar draws it; ``capacity`` is its own, else its activity's."""

    id: int
    activity_id: int
    title: str
    kind: str
    starts_at: datetime
    ends_at: datetime
    venue: str | None
    cancelled: bool
    cancel_reason: str | None
    registered: int
    capacity: int | None
    in_series: bool


@dataclass(frozen=True)
class DayInfo:
    """Why a day has no school: a holiday period (or the Ascension bridge), a public holiday."""

    holiday: str | None = None  # "Vacances d'hiver", "Pont de l'Ascension"
    public_holiday: str | None = None  # "Noël", "lundi de Pâques"

    @property
    def closed(self) -> bool:
        return self.holiday is not None or self.public_holiday is not None

    def describe(self) -> str:
        """« Vacances de Noël · Jour férié : Noël »."""
        parts = [self.holiday] if self.holiday else []
        if self.public_holiday:
            parts.append(f"Jour férié : {self.public_holiday}")
        return " · ".join(parts)


@dataclass(frozen=True)
class CalendarPeriod:
    """Everything drawn for ``first`` … ``last`` (inclusive)."""

    first: date
    last: date
    seances: list[CalendarSeance]
    days: dict[date, DayInfo]  # only the days without school
    zone: str | None  # None without a territory: no holidays shown
    calendar_known: bool = True  # False when the official calendar does not cover the period

    @property
    def zone_text(self) -> str:
        """« Vacances scolaires (zone C) » for the legend."""
        if self.zone is None:
            return "Vacances non affichées (aucun territoire défini)"
        return f"Vacances scolaires ({zone_label(self.zone)})"


@dataclass(frozen=True)
class SessionDetail:
    """One séance with what its editor shows and changes."""

    id: int
    version: int
    activity_id: int
    title: str
    kind: str
    starts_at: datetime
    ends_at: datetime
    venue_id: int | None
    venue: str | None
    capacity: int | None  # the séance's own
    activity_capacity: int | None
    facilitator_ids: tuple[int, ...]
    cancelled: bool
    cancel_reason: str | None
    series_id: uuid.UUID | None
    following: int  # séances of the series from this one on (this one included)
    registered: int
    waiting: int

    @property
    def effective_capacity(self) -> int | None:
        return self.capacity if self.capacity is not None else self.activity_capacity


class CalendarRegister:
    """Read side of the calendar page; ``calendar`` defaults to the shipped official one."""

    def __init__(self, database: Database, calendar: SchoolCalendar | None = None) -> None:
        self._database = database
        self._checker = ConflictChecker(database, calendar)
        self._zone: tuple[str, bool] | None = None

    @property
    def calendar(self) -> SchoolCalendar:
        return self._checker.calendar

    def zone(self) -> tuple[str, bool] | None:
        """Holiday zone and Alsace-Moselle flag of the territory (None without territory)."""
        if self._zone is None:
            with self._database.read_session() as session:
                territory = session.scalars(select(Territory).order_by(Territory.id)).first()
                if territory is None:
                    return None
                self._zone = (territory.holiday_zone, territory.alsace_moselle)
        return self._zone

    def period(self, first: date, last: date) -> CalendarPeriod:
        """Séances starting between ``first`` and ``last`` (inclusive), and the closed days."""
        zone = self.zone()
        days = self.closed_days(first, last)
        known = True
        if zone is not None:
            coverage = self.calendar.coverage(zone[0])
            known = coverage is not None and coverage[0] <= last and first <= coverage[1]
        return CalendarPeriod(
            first, last, self.seances(first, last), days, zone[0] if zone else None, known
        )

    def term_end(self, first: date) -> date:
        """The day before the next holidays of a week or more after ``first`` (series are
        planned term by term); twelve weeks later without a territory or a known calendar."""
        zone = self.zone()
        periods = self.calendar.pupil_periods(zone[0]) if zone is not None else []
        for period in periods:
            if period.first_day > first and (period.last_day - period.first_day).days >= 6:
                return period.first_day - timedelta(days=1)
        return first + timedelta(weeks=12)

    def seances(self, first: date, last: date) -> list[CalendarSeance]:
        """The séances of the period, by start then title; one query."""
        start = datetime.combine(first, datetime.min.time())
        end = datetime.combine(last + timedelta(days=1), datetime.min.time())
        query = (
            select(
                ActivitySession.id,
                Activity.id,
                Activity.title,
                Activity.kind,
                ActivitySession.starts_at,
                ActivitySession.ends_at,
                Venue.name,
                ActivitySession.cancelled,
                ActivitySession.cancel_reason,
                registered_count(),
                func.coalesce(ActivitySession.capacity, Activity.capacity),
                ActivitySession.series_id.is_not(None),
            )
            .join(Activity, Activity.id == ActivitySession.activity_id)
            .outerjoin(Venue, Venue.id == ActivitySession.venue_id)
            .where(ActivitySession.starts_at >= start, ActivitySession.starts_at < end)
            .order_by(ActivitySession.starts_at, Activity.title, ActivitySession.id)
        )
        with self._database.read_session() as session:
            rows = tuples(session.execute(query).all())
        return [
            CalendarSeance(
                id=values[0],
                activity_id=values[1],
                title=values[2],
                kind=values[3],
                starts_at=values[4],
                ends_at=values[5],
                venue=values[6],
                cancelled=bool(values[7]),
                cancel_reason=values[8],
                registered=int(values[9] or 0),
                capacity=values[10],
                in_series=bool(values[11]),
            )
            for values in rows
        ]

    def closed_days(self, first: date, last: date) -> dict[date, DayInfo]:
        """Days of ``first`` … ``last`` without school in the territory's zone (no query)."""
        zone = self.zone()
        if zone is None:
            return {}
        name, alsace_moselle = zone
        periods = [
            p
            for p in self.calendar.pupil_periods(name)
            if p.first_day <= last and first <= p.last_day
        ]
        overseas = name if name in DROM_ACADEMIES else None
        holidays: dict[date, str] = {}
        for year in range(first.year, last.year + 1):
            holidays.update(public_holidays(year, alsace_moselle=alsace_moselle, overseas=overseas))
        bridges = (
            {ascension_bridge_day(year) for year in range(first.year, last.year + 1)}
            if is_metropolitan_zone(name)
            else set()
        )
        days: dict[date, DayInfo] = {}
        day = first
        while day <= last:
            holiday = next((p.label for p in periods if p.contains(day)), None)
            if holiday is None and day in bridges:
                holiday = BRIDGE_LABEL
            info = DayInfo(holiday, holidays.get(day))
            if info.closed:
                days[day] = info
            day += timedelta(days=1)
        return days

    def conflicts(self, session_ids: Iterable[int]) -> dict[int, list[Conflict]]:
        """The conflicts of each séance of ``session_ids`` (only those that have some)."""
        wanted = set(session_ids)
        if not wanted:
            return {}
        result: dict[int, list[Conflict]] = {}
        for conflict in self._checker.session_conflicts(wanted):
            for session_id in conflict.session_ids:
                if session_id in wanted:
                    result.setdefault(session_id, []).append(conflict)
        return result

    def session_detail(self, session_id: int) -> SessionDetail | None:
        """The séance ``session_id`` as its editor shows it (None if it was deleted)."""
        with self._database.read_session() as session:
            row = session.get(ActivitySession, session_id)
            if row is None:
                return None
            activity = row.activity
            facilitators = tuple(
                session.scalars(
                    select(session_facilitator.c.facilitator_id)
                    .where(session_facilitator.c.session_id == session_id)
                    .order_by(session_facilitator.c.facilitator_id)
                )
            )
            following = 1
            if row.series_id is not None:
                following = int(
                    session.scalar(
                        select(func.count(ActivitySession.id)).where(
                            ActivitySession.series_id == row.series_id,
                            ActivitySession.starts_at >= row.starts_at,
                        )
                    )
                    or 1
                )
            registered = session.scalar(
                select(registered_count()).where(ActivitySession.id == session_id)
            )
            waiting = session.scalar(
                select(func.count(Registration.id)).where(
                    Registration.status == "attente",
                    (Registration.session_id == session_id)
                    | (
                        Registration.session_id.is_(None)
                        & (Registration.activity_id == row.activity_id)
                    ),
                )
            )
            return SessionDetail(
                id=row.id,
                version=row.version,
                activity_id=activity.id,
                title=activity.title,
                kind=activity.kind,
                starts_at=row.starts_at,
                ends_at=row.ends_at,
                venue_id=row.venue_id,
                venue=row.venue.name if row.venue is not None else None,
                capacity=row.capacity,
                activity_capacity=activity.capacity,
                facilitator_ids=facilitators,
                cancelled=row.cancelled,
                cancel_reason=row.cancel_reason,
                series_id=row.series_id,
                following=following,
                registered=int(registered or 0),
                waiting=int(waiting or 0),
            )
