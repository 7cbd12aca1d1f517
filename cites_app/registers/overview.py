"""The key figures of the home page, from SQL aggregates (no Qt)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import ColumnElement, and_, case, distinct, func, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import Label

from cites_app.db.database import Database
from cites_app.models import (
    ActivitySession,
    Attendance,
    Establishment,
    Pupil,
    Registration,
    Territory,
)
from cites_app.registers.sessions import (
    SessionRegister,
    SessionRow,
    SessionStatus,
    status_expression,
)

_ECOLES = ("maternelle", "elementaire", "primaire")
_LYCEES = ("lycee_gt", "lycee_pro", "lycee_polyvalent")


@dataclass(frozen=True, order=True)
class SchoolYear:
    """A school year, from 1 September to 31 August (summer activities close the year)."""

    first_year: int

    @classmethod
    def containing(cls, day: date) -> SchoolYear:
        return cls(day.year if day.month >= 9 else day.year - 1)

    @property
    def label(self) -> str:
        return f"{self.first_year}-{self.first_year + 1}"

    @property
    def start(self) -> datetime:
        return datetime(self.first_year, 9, 1)

    @property
    def end(self) -> datetime:
        """Exclusive end: 1 September of the next year."""
        return datetime(self.first_year + 1, 9, 1)


@dataclass(frozen=True)
class TerritorySummary:
    name: str
    communes: list[str]
    academie: str | None
    departement: str | None
    holiday_zone: str
    is_demo: bool


@dataclass(frozen=True)
class Overview:
    """Figures of the home page. Séance figures cover ``school_year``; the others, all data."""

    territory: TerritorySummary | None
    school_year: SchoolYear
    establishments: int
    ecoles: int
    colleges: int
    lycees: int
    pupils: int
    pupils_registered: int  # pupils registered to at least one activity or séance
    sessions_taken: int
    sessions_missing: int
    sessions_upcoming: int
    sessions_cancelled: int
    presences: int  # attendance rows marked "présent"
    attendance_records: int  # every attendance row (présent or absent)
    hours: float  # pupil-hours of presence
    schools_brought_together: int  # establishments whose pupils attended at least one séance
    missing_attendance_all_years: int  # past séances never called, whatever the year
    next_sessions: list[SessionRow] = field(default_factory=list)

    @property
    def sessions_total(self) -> int:
        return (
            self.sessions_taken
            + self.sessions_missing
            + self.sessions_upcoming
            + self.sessions_cancelled
        )

    @property
    def sessions_done(self) -> int:
        return self.sessions_taken + self.sessions_missing

    @property
    def attendance_rate(self) -> float | None:
        """Share of the pupils called who were present; None before any attendance."""
        return self.presences / self.attendance_records if self.attendance_records else None


def load_territory(database: Database) -> TerritorySummary | None:
    """The cité's territory (the first one: a local database holds one), or None if empty."""
    with database.read_session() as session:
        territory = session.scalars(select(Territory).order_by(Territory.id).limit(1)).first()
        if territory is None:
            return None
        return TerritorySummary(
            name=territory.name,
            communes=[commune.name for commune in territory.communes],
            academie=territory.academie,
            departement=territory.departement,
            holiday_zone=territory.holiday_zone,
            is_demo=territory.is_demo,
        )


def school_years(database: Database, today: date) -> list[SchoolYear]:
    """The school years that have séances, plus the current one, most recent first."""
    with database.read_session() as session:
        first, last = session.execute(
            select(func.min(ActivitySession.starts_at), func.max(ActivitySession.starts_at))
        ).one()
    years = {SchoolYear.containing(today)}
    if first is not None and last is not None:
        low, high = SchoolYear.containing(first), SchoolYear.containing(last)
        years.update(SchoolYear(year) for year in range(low.first_year, high.first_year + 1))
    return sorted(years, reverse=True)


def load_overview(
    database: Database, now: datetime, school_year: SchoolYear | None = None
) -> Overview:
    """Every figure of the home page, in a handful of aggregate queries."""
    year = school_year or SchoolYear.containing(now.date())
    in_year = and_(ActivitySession.starts_at >= year.start, ActivitySession.starts_at < year.end)
    with database.read_session() as session:
        kinds = _establishment_counts(session)
        statuses = _status_counts(session, now, in_year)
        presences, records = session.execute(
            select(func.count(case((Attendance.status == "present", 1))), func.count(Attendance.id))
            .join(ActivitySession, ActivitySession.id == Attendance.session_id)
            .where(in_year)
        ).one()
        missing_all = session.scalar(
            select(func.count(ActivitySession.id)).where(
                status_expression(now) == SessionStatus.MISSING.value
            )
        )
        return Overview(
            territory=load_territory(database),
            school_year=year,
            establishments=sum(kinds.values()),
            ecoles=sum(kinds.get(kind, 0) for kind in _ECOLES),
            colleges=kinds.get("college", 0),
            lycees=sum(kinds.get(kind, 0) for kind in _LYCEES),
            pupils=session.scalar(select(func.count(Pupil.id))) or 0,
            pupils_registered=session.scalar(
                select(func.count(distinct(Registration.pupil_id))).where(
                    Registration.status == "inscrit"
                )
            )
            or 0,
            sessions_taken=statuses.get(SessionStatus.TAKEN, 0),
            sessions_missing=statuses.get(SessionStatus.MISSING, 0),
            sessions_upcoming=statuses.get(SessionStatus.UPCOMING, 0),
            sessions_cancelled=statuses.get(SessionStatus.CANCELLED, 0),
            presences=presences or 0,
            attendance_records=records or 0,
            hours=_hours(session, in_year),
            schools_brought_together=session.scalar(
                select(func.count(distinct(Pupil.establishment_id)))
                .join(Attendance, Attendance.pupil_id == Pupil.id)
                .join(ActivitySession, ActivitySession.id == Attendance.session_id)
                .where(in_year, Attendance.status == "present")
            )
            or 0,
            missing_attendance_all_years=missing_all or 0,
            next_sessions=SessionRegister(database, lambda: now).upcoming(5),
        )


def _establishment_counts(session: Session) -> dict[str, int]:
    rows = session.execute(
        select(Establishment.kind, func.count(Establishment.id))
        .where(Establishment.in_territory.is_(True))
        .group_by(Establishment.kind)
    )
    return dict(rows.all())


def _status_counts(
    session: Session, now: datetime, in_year: ColumnElement[bool]
) -> dict[SessionStatus, int]:
    status: Label[str] = status_expression(now).label("status")
    rows = session.execute(
        select(status, func.count(ActivitySession.id)).where(in_year).group_by(status)
    )
    return {SessionStatus(code): count for code, count in rows}


def _hours(session: Session, in_year: ColumnElement[bool]) -> float:
    """Pupil-hours of presence: the séance's length, or the minutes noted for a partial presence.

    Durations are computed in Python: subtracting timestamps has no portable SQL form.
    """
    rows = session.execute(
        select(
            ActivitySession.starts_at,
            ActivitySession.ends_at,
            func.count(case((Attendance.minutes.is_(None), 1))),
            func.coalesce(func.sum(Attendance.minutes), 0),
        )
        .join(Attendance, Attendance.session_id == ActivitySession.id)
        .where(in_year, Attendance.status == "present")
        .group_by(ActivitySession.id, ActivitySession.starts_at, ActivitySession.ends_at)
    )
    minutes = 0.0
    for starts_at, ends_at, full_presences, partial_minutes in rows:
        minutes += full_presences * (ends_at - starts_at).total_seconds() / 60 + (
            partial_minutes or 0
        )
    return minutes / 60


def default_school_year(database: Database, today: date) -> SchoolYear:
    """The current school year if it has séances, else the latest year that has some.

    The demo territory covers the last complete year: opening on it should show its figures.
    """
    current = SchoolYear.containing(today)
    with database.read_session() as session:
        latest = session.scalar(
            select(func.max(ActivitySession.starts_at)).where(
                ActivitySession.starts_at < current.end
            )
        )
    return current if latest is None else SchoolYear.containing(latest)
