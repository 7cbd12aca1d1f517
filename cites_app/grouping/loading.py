"""Read an activity's candidates from the database, in one snapshot (portable SQL).

* **Candidates**: pupils registered ("inscrit") or waiting ("attente") for the activity as a
  whole, or for one of its held séances from ``since`` on.
* **Séances of each group**: the activity's held séances from ``since`` on, shared between the
  groups by the rule of :mod:`~cites_app.grouping.tracks`.
* **Unavailable**: a pupil registered ("inscrit", to a séance or to a whole activity) to a séance
  of *another* activity that overlaps one of a group's séances cannot join that group
  (``a.start < b.end and b.start < a.end``: back-to-back séances do not overlap, as in
  :mod:`~cites_app.scheduling.conflicts`).
* **Hours so far**: attended hours ("présent"; the recorded minutes, else the séance's length)
  from 1 September of the school year holding ``since`` until ``since`` — per pupil, and per
  school divided by the school's pupils.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from cites_app.db.database import Database
from cites_app.grouping.candidates import Candidate, CandidatePool, GroupingError, GroupTrack
from cites_app.grouping.tracks import SessionSlot, map_tracks
from cites_app.models import (
    Activity,
    ActivitySession,
    Attendance,
    Establishment,
    Pupil,
    Registration,
)
from cites_app.scheduling.conflict_queries import chunks
from cites_app.scheduling.planned import describe_slot

_ACTIVE = ("inscrit", "attente")
Busy = tuple[datetime, datetime, str]


def school_year_start(moment: datetime) -> date:
    """1 September of the school year holding ``moment``."""
    year = moment.year if moment.month >= 9 else moment.year - 1
    return date(year, 9, 1)


def load_pool(
    database: Database,
    activity_id: int,
    groups: int,
    *,
    since: datetime | None = None,
    group_sessions: Sequence[Sequence[int]] | None = None,
) -> CandidatePool:
    """The pool of ``activity_id`` prepared for ``groups`` groups (``since``: default now)."""
    if groups < 1:
        raise GroupingError("Il faut au moins un groupe.")
    since = since or datetime.now().replace(microsecond=0)
    with database.read_session() as session:
        activity = session.get(Activity, activity_id)
        if activity is None:
            raise GroupingError(f"Activité n° {activity_id} introuvable.")
        slots = _slots(session, activity_id, since)
        rule, tracks = map_tracks(slots, groups, group_sessions)
        snapshot = read_registrations(session, activity_id, since)
        ids = sorted({row[0] for row in snapshot})
        hours = _pupil_hours(session, ids, since)
        pupils = _pupils(session, ids)
        schools = {row[1] for row in pupils.values() if row[1] is not None}
        school_hours = _school_hours(session, schools, since)
        status = _status(snapshot)
        candidates = tuple(
            Candidate(
                id=pupil_id,
                establishment_id=pupils[pupil_id][1],
                establishment_name=pupils[pupil_id][2],
                uai=pupils[pupil_id][3],
                sex=pupils[pupil_id][4],
                niveau=pupils[pupil_id][5],
                qpv=pupils[pupil_id][6],
                status=status[pupil_id][0],
                waiting_rank=status[pupil_id][1],
                hours_so_far=hours.get(pupil_id, 0.0),
                school_hours_per_pupil=school_hours.get(pupils[pupil_id][1], 0.0),
            )
            for pupil_id in ids
        )
        unavailable = _unavailable(session, activity_id, candidates, tracks, slots)
        return CandidatePool(
            candidates=candidates,
            tracks=tracks,
            unavailable=unavailable,
            activity_id=activity_id,
            activity_title=activity.title,
            activity_capacity=activity.capacity,
            max_school_share=activity.max_school_share,
            min_schools=activity.min_schools,
            since=since,
            track_rule=rule,
            snapshot=tuple(snapshot),
        )


def _slots(session: Session, activity_id: int, since: datetime) -> list[SessionSlot]:
    query = (
        select(
            ActivitySession.id,
            ActivitySession.starts_at,
            ActivitySession.ends_at,
            ActivitySession.capacity,
        )
        .where(
            ActivitySession.activity_id == activity_id,
            ActivitySession.cancelled.is_(False),
            ActivitySession.starts_at >= since,
        )
        .order_by(ActivitySession.starts_at, ActivitySession.id)
    )
    return [SessionSlot(*row) for row in session.execute(query)]


def registrations_query(activity_id: int, since: datetime) -> Any:
    """Active registrations to the activity, or to its held séances from ``since`` on."""
    return (
        select(
            Registration.pupil_id,
            Registration.session_id,
            Registration.status,
            Registration.waiting_rank,
        )
        .outerjoin(ActivitySession, ActivitySession.id == Registration.session_id)
        .where(
            Registration.status.in_(_ACTIVE),
            or_(
                and_(Registration.activity_id == activity_id, Registration.session_id.is_(None)),
                and_(
                    ActivitySession.activity_id == activity_id,
                    ActivitySession.cancelled.is_(False),
                    ActivitySession.starts_at >= since,
                ),
            ),
        )
    )


def read_registrations(
    session: Session, activity_id: int, since: datetime
) -> list[tuple[int, int | None, str, int | None]]:
    """The snapshot of :func:`registrations_query`, in a stable order."""
    rows = session.execute(registrations_query(activity_id, since))
    return sorted(
        ((int(p), s, str(st), r) for p, s, st, r in rows),
        key=lambda row: (row[0], row[1] is not None, row[1] or 0, row[2]),
    )


def _status(
    snapshot: Iterable[tuple[int, int | None, str, int | None]],
) -> dict[int, tuple[str, int | None]]:
    """Registered if any registration is; otherwise waiting, with the best rank."""
    result: dict[int, tuple[str, int | None]] = {}
    for pupil_id, _session_id, status, rank in snapshot:
        known = result.get(pupil_id)
        if status == "inscrit":
            result[pupil_id] = ("inscrit", None)
        elif known is None or (known[0] == "attente" and (rank or 0) < (known[1] or 0)):
            result[pupil_id] = ("attente", rank)
    return result


def _pupils(session: Session, ids: Sequence[int]) -> dict[int, tuple[Any, ...]]:
    result: dict[int, tuple[Any, ...]] = {}
    for chunk in chunks(ids):
        query = (
            select(
                Pupil.id,
                Pupil.establishment_id,
                Establishment.name,
                Establishment.uai,
                Pupil.sex,
                Pupil.niveau,
                Pupil.qpv,
            )
            .outerjoin(Establishment, Establishment.id == Pupil.establishment_id)
            .where(Pupil.id.in_(chunk))
        )
        for row in session.execute(query):
            result[row[0]] = tuple(row)
    return result


def _minutes(minutes: int | None, starts_at: datetime, ends_at: datetime) -> float:
    if minutes is not None:
        return float(minutes)
    return (ends_at - starts_at).total_seconds() / 60


def _pupil_hours(session: Session, ids: Sequence[int], since: datetime) -> dict[int, float]:
    start = datetime.combine(school_year_start(since), datetime.min.time())
    hours: dict[int, float] = defaultdict(float)
    for chunk in chunks(ids):
        query = (
            select(
                Attendance.pupil_id,
                Attendance.minutes,
                ActivitySession.starts_at,
                ActivitySession.ends_at,
            )
            .join(ActivitySession, ActivitySession.id == Attendance.session_id)
            .where(
                Attendance.status == "present",
                Attendance.pupil_id.in_(chunk),
                ActivitySession.starts_at >= start,
                ActivitySession.starts_at < since,
            )
        )
        for pupil_id, minutes, starts_at, ends_at in session.execute(query):
            hours[pupil_id] += _minutes(minutes, starts_at, ends_at) / 60
    return dict(hours)


def _school_hours(session: Session, schools: set[int], since: datetime) -> dict[int, float]:
    """Hours attended this year by each school's pupils, divided by its pupils."""
    if not schools:
        return {}
    start = datetime.combine(school_year_start(since), datetime.min.time())
    minutes: dict[int, float] = defaultdict(float)
    pupils: dict[int, int] = {}
    for chunk in chunks(sorted(schools)):
        query = (
            select(
                Pupil.establishment_id,
                ActivitySession.starts_at,
                ActivitySession.ends_at,
                func.count(),
                func.count(Attendance.minutes),
                func.coalesce(func.sum(Attendance.minutes), 0),
            )
            .join(Pupil, Pupil.id == Attendance.pupil_id)
            .join(ActivitySession, ActivitySession.id == Attendance.session_id)
            .where(
                Attendance.status == "present",
                Pupil.establishment_id.in_(chunk),
                ActivitySession.starts_at >= start,
                ActivitySession.starts_at < since,
            )
            .group_by(
                Pupil.establishment_id,
                Attendance.session_id,
                ActivitySession.starts_at,
                ActivitySession.ends_at,
            )
        )
        for school, starts_at, ends_at, rows, with_minutes, recorded in session.execute(query):
            if school is None:  # excluded by the IN (...) above; keeps the types exact
                continue
            length = _minutes(None, starts_at, ends_at)
            minutes[school] += float(recorded or 0) + (rows - with_minutes) * length
        counts = select(Pupil.establishment_id, func.count()).where(
            Pupil.establishment_id.in_(chunk), Pupil.anonymised_at.is_(None)
        )
        for school, count in session.execute(counts.group_by(Pupil.establishment_id)):
            if school is not None:
                pupils[school] = int(count)
    return {school: minutes[school] / 60 / pupils[school] for school in pupils if pupils[school]}


def _busy(
    session: Session, activity_id: int, ids: Sequence[int], window: tuple[datetime, datetime]
) -> dict[int, list[Busy]]:
    """Held séances of other activities each pupil is registered to, within ``window``."""
    start, end = window
    busy: dict[int, list[Busy]] = defaultdict(list)
    other = (
        ActivitySession.cancelled.is_(False),
        ActivitySession.activity_id != activity_id,
        ActivitySession.starts_at < end,
        ActivitySession.ends_at > start,
    )
    columns = (
        Registration.pupil_id,
        ActivitySession.starts_at,
        ActivitySession.ends_at,
        Activity.title,
    )
    for chunk in chunks(ids):
        own = (
            select(*columns)
            .join(ActivitySession, ActivitySession.id == Registration.session_id)
            .join(Activity, Activity.id == ActivitySession.activity_id)
            .where(Registration.status == "inscrit", Registration.pupil_id.in_(chunk), *other)
        )
        whole = (
            select(*columns)
            .join(
                ActivitySession,
                and_(
                    Registration.session_id.is_(None),
                    ActivitySession.activity_id == Registration.activity_id,
                ),
            )
            .join(Activity, Activity.id == ActivitySession.activity_id)
            .where(Registration.status == "inscrit", Registration.pupil_id.in_(chunk), *other)
        )
        for query in (own, whole):
            for pupil_id, starts_at, ends_at, title in session.execute(query):
                busy[pupil_id].append((starts_at, ends_at, title))
    return busy


def _unavailable(
    session: Session,
    activity_id: int,
    candidates: Sequence[Candidate],
    tracks: Sequence[GroupTrack],
    slots: Sequence[SessionSlot],
) -> dict[tuple[int, int], str]:
    by_id = {slot.id: slot for slot in slots}
    used = [by_id[i] for track in tracks for i in track.session_ids]
    if not used or not candidates:
        return {}
    window = (min(s.starts_at for s in used), max(s.ends_at for s in used))
    busy = _busy(session, activity_id, [c.id for c in candidates], window)
    result: dict[tuple[int, int], str] = {}
    for candidate in candidates:
        mine = sorted(busy.get(candidate.id, ()))
        if not mine:
            continue
        agreed = {"F": "inscrite", "M": "inscrit"}.get(candidate.sex or "", "inscrit(e)")
        for group, track in enumerate(tracks):
            clash = _first_clash(mine, [by_id[i] for i in track.session_ids])
            if clash is not None:
                starts_at, ends_at, title = clash
                result[(candidate.id, group)] = (
                    f"{agreed} à « {title} » le {describe_slot(starts_at, ends_at)}"
                )
    return result


def _first_clash(busy: Sequence[Busy], sessions: Sequence[SessionSlot]) -> Busy | None:
    for starts_at, ends_at, title in busy:
        for slot in sessions:
            if starts_at < slot.ends_at and slot.starts_at < ends_at:
                return starts_at, ends_at, title
    return None
