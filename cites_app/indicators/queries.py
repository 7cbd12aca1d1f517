"""Queries that feed the mix indicators of a territory: light tuples in, numpy arrays out.

Everything here is plain SQLAlchemy Core, portable to SQLite and PostgreSQL: no date function in
SQL — séance durations are computed in Python from the fetched start and end. The one big read,
the presences of the period (3 million rows at tier L), is fetched as integer tuples straight from
the DBAPI cursor: building a SQLAlchemy ``Row`` per presence would double its cost (DESIGN.md §10).

A **participation** is one pupil marked *présent* at one séance of the period that was not
cancelled; its attended hours are ``minutes / 60`` when a partial presence was recorded, else the
duration of the séance.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import numpy as np
from sqlalchemy import ColumnElement, Connection, Select, case, exists, func, select

from cites_app.db.database import Database
from cites_app.indicators.table import FloatArray, IntArray
from cites_app.indicators.territory_period import (
    Period,
    PeriodError,
    french_date,
    school_year_of,
)
from cites_app.models import (
    Activity,
    ActivitySession,
    Attendance,
    Establishment,
    EstablishmentIps,
    Pupil,
)
from cites_app.models.vocabulary import NIVEAUX

PRESENT = "present"
#: Values of the pupils' columns, in the order of their integer codes in :class:`TerritoryData`;
#: the last code of each stands for anything else (not stated).
QPV_CODES: tuple[str | None, ...] = ("oui", "non", "inconnu")
SEX_CODES: tuple[str | None, ...] = ("F", "M", None)
NIVEAU_CODES: tuple[str | None, ...] = (*NIVEAUX, None)
# When the period holds at least this share of all séances, reading every presence in table order
# beats looking them up séance by séance through the index (tier L: 1.0 s against 1.8 s); the
# presences of other periods are then dropped in numpy.
_SCAN_SHARE = 0.3


def last_school_year_with_attendance(database: Database) -> Period | None:
    """The school year of the latest séance with a presence, or ``None`` when there is none."""
    session = ActivitySession.__table__
    attendance = Attendance.__table__
    stmt = select(func.max(session.c.starts_at)).where(
        session.c.cancelled.is_(False),
        exists().where(attendance.c.session_id == session.c.id, attendance.c.status == PRESENT),
    )
    with database.engine.connect() as conn:
        latest = conn.scalar(stmt)
    if latest is None:
        return None
    return Period.of_school_year(school_year_of(latest.date()))


@dataclass(frozen=True)
class SchoolRecord:
    """An establishment and its latest known IPS (``ips_rentree`` says which rentrée)."""

    id: int
    uai: str
    name: str
    kind: str
    sector: str | None
    commune: str | None
    enrolment: int | None
    education_prioritaire: str | None
    in_territory: bool
    ips: float | None
    ips_sd: float | None
    ips_rentree: str | None


@dataclass(frozen=True)
class ActivityRecord:
    id: int
    title: str
    kind: str


@dataclass(frozen=True, eq=False)
class TerritoryData:
    """What the indicators of a period are computed from.

    Séances are those of the period, not cancelled, with at least one presence, ordered by start;
    pupils are the participants (present at least once), ordered by id. Participation ``k`` is
    pupil ``part_pupil[k]`` at séance ``part_session[k]`` (indices into those arrays) for
    ``part_hours[k]`` hours. ``pupil_school`` indexes ``schools`` (``-1``: no school known);
    ``pupil_qpv``, ``pupil_sex`` and ``pupil_niveau`` index :data:`QPV_CODES`,
    :data:`SEX_CODES` and :data:`NIVEAU_CODES`.
    """

    period: Period
    schools: tuple[SchoolRecord, ...]
    activities: dict[int, ActivityRecord]
    session_ids: IntArray
    session_activity: IntArray
    session_starts: tuple[datetime, ...]
    session_hours: FloatArray
    pupil_ids: IntArray
    pupil_school: IntArray
    pupil_qpv: IntArray
    pupil_sex: IntArray
    pupil_niveau: IntArray
    part_session: IntArray
    part_pupil: IntArray
    part_hours: FloatArray

    @property
    def participations(self) -> int:
        return len(self.part_session)


def load_territory_data(database: Database, period: Period) -> TerritoryData:
    """Read the establishments, séances, participants and presences of ``period``.

    Raises :class:`PeriodError` when no presence was recorded in the period.
    """
    with database.engine.connect() as conn:
        schools = _schools(conn)
        activities = _activities(conn)
        sessions = _sessions(conn, period)
        presences = _presences(conn, period, sessions.ids)
        if len(presences) == 0:
            raise PeriodError(
                f"Aucune présence enregistrée entre le {french_date(period.start)} et le "
                f"{french_date(period.end)}."
            )
        pupils = _pupils(conn)
    return _assemble(period, schools, activities, sessions, presences, pupils)


def _schools(conn: Connection) -> tuple[SchoolRecord, ...]:
    est = Establishment.__table__
    ips = EstablishmentIps.__table__
    latest: dict[int, tuple[str, float, float | None]] = {}
    for est_id, rentree, value, sd in conn.execute(
        select(ips.c.establishment_id, ips.c.rentree, ips.c.ips, ips.c.ips_sd).where(
            ips.c.ips.is_not(None)
        )
    ):
        # "2022-2023" strings sort like the years they name.
        if est_id not in latest or rentree > latest[est_id][0]:
            latest[est_id] = (rentree, value, sd)
    rows = conn.execute(
        select(
            est.c.id,
            est.c.uai,
            est.c.name,
            est.c.kind,
            est.c.sector,
            est.c.commune,
            est.c.enrolment,
            est.c.education_prioritaire,
            est.c.in_territory,
        ).order_by(est.c.name, est.c.uai)
    )
    records = []
    for row in rows:
        rentree, value, sd = latest.get(row.id, (None, None, None))
        records.append(
            SchoolRecord(
                id=row.id,
                uai=row.uai,
                name=row.name,
                kind=row.kind,
                sector=row.sector,
                commune=row.commune,
                enrolment=row.enrolment,
                education_prioritaire=row.education_prioritaire,
                in_territory=bool(row.in_territory),
                ips=value,
                ips_sd=sd,
                ips_rentree=rentree,
            )
        )
    return tuple(records)


def _activities(conn: Connection) -> dict[int, ActivityRecord]:
    act = Activity.__table__
    return {
        row.id: ActivityRecord(row.id, row.title, row.kind)
        for row in conn.execute(select(act.c.id, act.c.title, act.c.kind))
    }


@dataclass(frozen=True, eq=False)
class _Sessions:
    ids: IntArray
    activity: IntArray
    starts: list[datetime]
    hours: FloatArray


def _sessions(conn: Connection, period: Period) -> _Sessions:
    session = ActivitySession.__table__
    first, after = period.bounds()
    rows = conn.execute(
        select(session.c.id, session.c.activity_id, session.c.starts_at, session.c.ends_at)
        .where(
            session.c.starts_at >= first,
            session.c.starts_at < after,
            session.c.cancelled.is_(False),
        )
        .order_by(session.c.starts_at, session.c.id)
    ).all()
    starts = [row.starts_at for row in rows]
    # Durations in Python, not SQL: date arithmetic differs between SQLite and PostgreSQL.
    start_us = np.array(starts, dtype="datetime64[us]")
    end_us = np.array([row.ends_at for row in rows], dtype="datetime64[us]")
    hours = (end_us - start_us).astype(np.int64).astype(np.float64) / 3.6e9
    return _Sessions(
        np.array([row.id for row in rows], dtype=np.int64),
        np.array([row.activity_id for row in rows], dtype=np.int64),
        starts,
        hours,
    )


def _presences(conn: Connection, period: Period, session_ids: IntArray) -> IntArray:
    """``(session_id, pupil_id, minutes or -1)`` of every presence at the séances ``session_ids``."""
    if len(session_ids) == 0:
        return np.zeros((0, 3), dtype=np.int64)
    session = ActivitySession.__table__
    attendance = Attendance.__table__
    columns = (
        attendance.c.session_id,
        attendance.c.pupil_id,
        func.coalesce(attendance.c.minutes, -1),
    )
    all_sessions = conn.scalar(select(func.count()).select_from(session)) or 1
    if len(session_ids) >= _SCAN_SHARE * all_sessions:
        rows = _int_rows(conn, select(*columns).where(attendance.c.status == PRESENT), 3)
        wanted = np.zeros(
            max(int(rows[:, 0].max(initial=0)), int(session_ids.max())) + 1, dtype=bool
        )
        wanted[session_ids] = True
        kept: IntArray = rows[wanted[rows[:, 0]]]
        return kept
    first, after = period.bounds()
    stmt = (
        select(*columns)
        .join(session, session.c.id == attendance.c.session_id)
        .where(
            attendance.c.status == PRESENT,
            session.c.starts_at >= first,
            session.c.starts_at < after,
            session.c.cancelled.is_(False),
        )
    )
    return _int_rows(conn, stmt, 3)


def _pupils(conn: Connection) -> IntArray:
    """``(id, establishment id or -1, qpv, sex, niveau)`` of every pupil, as integer codes."""
    pupil = Pupil.__table__
    stmt = select(
        pupil.c.id,
        func.coalesce(pupil.c.establishment_id, -1),
        # Coded by the database: the rows stay integers, cheap to turn into arrays.
        _code(pupil.c.qpv, QPV_CODES),
        _code(pupil.c.sex, SEX_CODES),
        _code(pupil.c.niveau, NIVEAU_CODES),
    ).order_by(pupil.c.id)
    return _int_rows(conn, stmt, 5)


def _code(column: ColumnElement[Any], codes: tuple[str | None, ...]) -> ColumnElement[Any]:
    """``CASE`` giving the position of the value in ``codes``; anything else gets the last one."""
    known = {value: i for i, value in enumerate(codes) if value is not None}
    return case(known, value=column, else_=len(codes) - 1)


def _int_rows(conn: Connection, stmt: Select[Any], width: int) -> IntArray:
    """The integer rows of ``stmt`` as an ``n × width`` array.

    Integer columns need no type processing: the raw DBAPI tuples hold what SQLAlchemy Rows
    would, at half the cost for millions of rows (DESIGN.md §10).
    """
    result = conn.execute(stmt)
    try:
        rows = result.cursor.fetchall()
    finally:
        result.close()
    flat = np.fromiter(itertools.chain.from_iterable(rows), dtype=np.int64, count=width * len(rows))
    return flat.reshape(len(rows), width)


def _assemble(
    period: Period,
    schools: tuple[SchoolRecord, ...],
    activities: dict[int, ActivityRecord],
    sessions: _Sessions,
    presences: IntArray,
    pupils: IntArray,
) -> TerritoryData:
    # A canonical order (séance, then pupil id): rows come in whatever order the database's plan
    # gives, and the random baseline shuffles positions, so its figures must not depend on it.
    presences = presences[
        np.argsort(presences[:, 0] * (int(presences[:, 1].max()) + 1) + presences[:, 1])
    ]
    session_of = _positions(sessions.ids, presences[:, 0])
    held = np.zeros(len(sessions.ids), dtype=bool)
    held[session_of] = True
    # Renumber séances: only those with a presence are kept, in start order.
    part_session = (np.cumsum(held) - 1)[session_of]
    kept = np.flatnonzero(held)
    participant_ids, part_pupil = _distinct(presences[:, 1])
    rows = pupils[_positions(pupils[:, 0], participant_ids)]
    school_of_id = _lookup(
        np.array([record.id for record in schools], dtype=np.int64), np.arange(len(schools))
    )
    establishment = rows[:, 1]
    known = (establishment >= 0) & (establishment < len(school_of_id))
    pupil_school = np.full(len(rows), -1, dtype=np.int64)
    pupil_school[known] = school_of_id[establishment[known]]
    minutes = presences[:, 2]
    part_hours = np.where(minutes >= 0, minutes / 60.0, sessions.hours[session_of])
    return TerritoryData(
        period=period,
        schools=schools,
        activities=activities,
        session_ids=sessions.ids[kept],
        session_activity=sessions.activity[kept],
        session_starts=tuple(sessions.starts[i] for i in kept.tolist()),
        session_hours=sessions.hours[kept],
        pupil_ids=participant_ids,
        pupil_school=pupil_school,
        pupil_qpv=rows[:, 2].copy(),
        pupil_sex=rows[:, 3].copy(),
        pupil_niveau=rows[:, 4].copy(),
        part_session=part_session.astype(np.int64),
        part_pupil=part_pupil,
        part_hours=part_hours.astype(np.float64),
    )


def _lookup(keys: IntArray, values: IntArray) -> IntArray:
    """Dense array ``table[key] = value`` (``-1`` elsewhere) for non-negative integer keys."""
    table = np.full(int(keys.max()) + 1 if len(keys) else 0, -1, dtype=np.int64)
    table[keys] = values
    return table


def _positions(keys: IntArray, values: IntArray) -> IntArray:
    """Position in ``keys`` (distinct ids) of each value; every value must be among the keys.

    Database ids are small positive integers: a dense lookup table is O(n) where sorting is not;
    sparse ids fall back to a binary search.
    """
    if len(keys) and keys.min() >= 0 and keys.max() < 4 * (len(keys) + len(values)) + 1024:
        result: IntArray = _lookup(keys, np.arange(len(keys)))[values]
        return result
    order = np.argsort(keys, kind="stable")
    found: IntArray = order[np.searchsorted(keys, values, sorter=order)]
    return found


def _distinct(ids: IntArray) -> tuple[IntArray, IntArray]:
    """Sorted distinct ids and the position of each id among them (``np.unique``, faster)."""
    if len(ids) and ids.min() >= 0 and ids.max() < 4 * len(ids) + 1024:
        seen = np.zeros(int(ids.max()) + 1, dtype=bool)
        seen[ids] = True
        rank = np.cumsum(seen) - 1
        return np.flatnonzero(seen).astype(np.int64), rank[ids].astype(np.int64)
    distinct, inverse = np.unique(ids, return_inverse=True)
    return distinct.astype(np.int64), inverse.ravel().astype(np.int64)
