"""Retention of named data: pupils without activity for too long are anonymised.

Named data is kept for the school year of the pupil's last activity plus
``privacy.retention_years`` school years (`cites_app.settings.RETENTION_YEARS`, default 1).
With the default, a pupil last seen in March 2024 (school year 2023-2024) is kept through
2024-2025 and becomes due on 1 September 2025: due pupils are those whose last activity is
before 1 September of (current rentrée year − retention years).

A pupil's last activity is the latest of: a séance attended (or marked absent), a registration
(its date, and the séances of the activity or séance it is for, future ones included), and the
creation or last update of the record by an import or an edit.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime, time

from sqlalchemy import ColumnElement, exists, func, select
from sqlalchemy.orm import Session

from cites_app import audit
from cites_app.db.database import Database
from cites_app.models import ActivitySession, Attendance, Establishment, Pupil, Registration
from cites_app.privacy.anonymise import anonymise_in_session
from cites_app.settings import RETENTION_YEARS, get_setting

_CHUNK = 900


@dataclass(frozen=True)
class ExpiredPupil:
    """A pupil whose named data is due for anonymisation (shown to the coordinator)."""

    id: int
    last_name: str
    first_name: str
    establishment: str | None
    niveau: str | None
    last_activity: date | None


@dataclass(frozen=True)
class RetentionList:
    """Pupils due on ``today``: last activity before ``cutoff``."""

    today: date
    cutoff: date
    retention_years: int
    pupils: list[ExpiredPupil]


@dataclass(frozen=True)
class RetentionResult:
    """What `apply_retention` did."""

    cutoff: date
    anonymised: list[int]


def retention_cutoff(today: date, years: int) -> date:
    """1 September of the school year ``years`` before the current one (see the module)."""
    rentree = today.year if today.month >= 9 else today.year - 1
    return date(rentree - years, 9, 1)


def _active_since(moment: datetime) -> list[ColumnElement[bool]]:
    """Conditions true for a pupil with some activity at or after ``moment``."""
    attended = (
        select(Attendance.id)
        .join(ActivitySession, ActivitySession.id == Attendance.session_id)
        .where(Attendance.pupil_id == Pupil.id, ActivitySession.starts_at >= moment)
    )
    registered = select(Registration.id).where(
        Registration.pupil_id == Pupil.id, Registration.registered_at >= moment
    )
    for_session = (
        select(Registration.id)
        .join(ActivitySession, ActivitySession.id == Registration.session_id)
        .where(Registration.pupil_id == Pupil.id, ActivitySession.starts_at >= moment)
    )
    for_activity = (
        select(Registration.id)
        .join(ActivitySession, ActivitySession.activity_id == Registration.activity_id)
        .where(Registration.pupil_id == Pupil.id, ActivitySession.starts_at >= moment)
    )
    return [
        Pupil.created_at >= moment,
        Pupil.updated_at >= moment,
        exists(attended),
        exists(registered),
        exists(for_session),
        exists(for_activity),
    ]


def _due_ids(session: Session, cutoff: date) -> list[int]:
    moment = datetime.combine(cutoff, time())
    active = _active_since(moment)
    query = select(Pupil.id).where(Pupil.anonymised_at.is_(None))
    for condition in active:
        query = query.where(~condition)
    return list(session.scalars(query.order_by(Pupil.id)))


def _last_activity(session: Session, ids: list[int]) -> dict[int, date]:
    """Latest activity date of each pupil (attendance, registration, record update)."""
    latest: dict[int, datetime] = {}

    def keep(pupil_id: int, moment: datetime | None) -> None:
        if moment is not None and (pupil_id not in latest or moment > latest[pupil_id]):
            latest[pupil_id] = moment

    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        queries = [
            select(Pupil.id, func.max(Pupil.updated_at)).where(Pupil.id.in_(chunk)),
            select(Attendance.pupil_id, func.max(ActivitySession.starts_at))
            .join(ActivitySession, ActivitySession.id == Attendance.session_id)
            .where(Attendance.pupil_id.in_(chunk)),
            select(Registration.pupil_id, func.max(Registration.registered_at)).where(
                Registration.pupil_id.in_(chunk)
            ),
        ]
        for query in queries:
            grouped = query.group_by(query.selected_columns[0])
            for pupil_id, moment in session.execute(grouped):
                keep(pupil_id, moment)
    return {pupil_id: moment.date() for pupil_id, moment in latest.items()}


def expired_pupils(database: Database, today: date | None = None) -> RetentionList:
    """The pupils whose named data is due for anonymisation on ``today`` (default: today)."""
    today = today or date.today()
    with database.read_session() as session:
        years = get_setting(session, RETENTION_YEARS)
        cutoff = retention_cutoff(today, years)
        ids = _due_ids(session, cutoff)
        last = _last_activity(session, ids)
        pupils = []
        for start in range(0, len(ids), _CHUNK):
            query = (
                select(
                    Pupil.id, Pupil.last_name, Pupil.first_name, Establishment.name, Pupil.niveau
                )
                .outerjoin(Establishment, Establishment.id == Pupil.establishment_id)
                .where(Pupil.id.in_(ids[start : start + _CHUNK]))
                .order_by(Pupil.id)
            )
            for pupil_id, last_name, first_name, school, niveau in session.execute(query):
                pupils.append(
                    ExpiredPupil(
                        pupil_id, last_name, first_name, school, niveau, last.get(pupil_id)
                    )
                )
    return RetentionList(today, cutoff, years, pupils)


def apply_retention(
    database: Database,
    today: date | None = None,
    pupil_ids: Collection[int] | None = None,
    *,
    actor: str | None = None,
) -> RetentionResult:
    """Anonymise the pupils due on ``today`` (only those of ``pupil_ids`` when given).

    Due pupils are found again inside the transaction, so a pupil who came back to an activity
    since the list was shown is spared. Writes one ``privacy.retention`` audit entry (counts
    and pupil numbers, never names), even when nobody was due.
    """
    today = today or date.today()
    with database.session() as session:
        years = get_setting(session, RETENTION_YEARS)
        cutoff = retention_cutoff(today, years)
        due = _due_ids(session, cutoff)
        if pupil_ids is not None:
            wanted = set(pupil_ids)
            due = [pupil_id for pupil_id in due if pupil_id in wanted]
        done = anonymise_in_session(session, due, datetime.now())
        audit.record(
            session,
            "privacy.retention",
            f"Durée de conservation : {len(done)} élève{'s' if len(done) > 1 else ''} sans "
            f"activité depuis le {cutoff:%d/%m/%Y} anonymisé{'s' if len(done) > 1 else ''}.",
            details={
                "anonymised": len(done),
                "cutoff": cutoff.isoformat(),
                "retention_years": years,
                "pupil_ids": done,
            },
            actor=actor,
        )
    return RetentionResult(cutoff, done)
