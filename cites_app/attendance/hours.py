"""Hours of participation per pupil, school and activity, computed from the présences.

A present pupil is worth the minutes recorded for a partial presence, else the whole séance;
absences are worth nothing; cancelled séances are left out. Durations are computed in Python
from the fetched rows: date arithmetic in SQL differs between SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Literal

from sqlalchemy import select

from cites_app.attendance.marks import PRESENT, attended_minutes
from cites_app.attendance.seance import pupil_sort_key, school_label
from cites_app.db.database import Database
from cites_app.indicators.territory_period import Period
from cites_app.models import Activity, ActivitySession, Attendance, Establishment, Pupil
from cites_app.models.vocabulary import ACTIVITY_KINDS
from cites_app.registers import formatting
from cites_app.registers.text import fold

Grouping = Literal["pupil", "school", "activity"]
GROUPINGS: dict[Grouping, str] = {
    "pupil": "élève",
    "school": "établissement",
    "activity": "activité",
}


@dataclass(frozen=True)
class HoursRow:
    """Participation of one pupil, school or activity."""

    key: int | None
    label: str
    detail: str | None
    """The pupil's school, or the activity's type; None for a school."""
    pupils: int
    seances: int
    """Présences counted (a pupil at a séance)."""
    minutes: int

    @property
    def hours(self) -> float:
        return self.minutes / 60

    @property
    def hours_text(self) -> str:
        """« 12,5 h »."""
        return formatting.hours(self.hours)

    def to_dict(self) -> dict[str, object]:
        return {
            "id": self.key,
            "label": self.label,
            "detail": self.detail,
            "pupils": self.pupils,
            "presences": self.seances,
            "minutes": self.minutes,
            "hours": round(self.hours, 2),
        }


@dataclass(frozen=True)
class _Presence:
    pupil_id: int
    school_id: int | None
    activity_id: int
    minutes: int


class ParticipationHours:
    """Hours of participation, optionally within a period (a school year)."""

    def __init__(self, database: Database) -> None:
        self.database = database

    def rows(self, by: Grouping, period: Period | None = None) -> list[HoursRow]:
        """Participation grouped ``by`` pupil, school or activity, in French order of labels
        (pupils by name)."""
        presences = self._presences(period)
        if by == "pupil":
            return self._by_pupil(presences)
        if by == "school":
            return self._by_school(presences)
        return self._by_activity(presences)

    def total_minutes(self, period: Period | None = None) -> int:
        return sum(p.minutes for p in self._presences(period))

    def _presences(self, period: Period | None) -> list[_Presence]:
        query = (
            select(
                Attendance.pupil_id,
                Pupil.establishment_id,
                ActivitySession.activity_id,
                Attendance.status,
                Attendance.minutes,
                ActivitySession.starts_at,
                ActivitySession.ends_at,
            )
            .join(ActivitySession, ActivitySession.id == Attendance.session_id)
            .join(Pupil, Pupil.id == Attendance.pupil_id)
            .where(Attendance.status == PRESENT, ActivitySession.cancelled.is_(False))
        )
        if period is not None:
            start, end = period.bounds()
            query = query.where(ActivitySession.starts_at >= start, ActivitySession.starts_at < end)
        with self.database.read_session() as session:
            return [
                _Presence(pupil, school, activity, attended_minutes(status, minutes, start, end))
                for pupil, school, activity, status, minutes, start, end in session.execute(query)
            ]

    def _by_pupil(self, presences: list[_Presence]) -> list[HoursRow]:
        totals = _sum(presences, lambda p: p.pupil_id)
        with self.database.read_session() as session:
            names: dict[int, tuple[str, str, str | None]] = {
                pupil_id: (last, first, school)
                for pupil_id, last, first, school in session.execute(
                    select(Pupil.id, Pupil.last_name, Pupil.first_name, Establishment.name)
                    .outerjoin(Establishment, Establishment.id == Pupil.establishment_id)
                    # a semi-join, not a list of ids: tier L has 200,000 pupils
                    .where(Pupil.id.in_(select(Attendance.pupil_id)))
                )
            }
        ordered: list[tuple[tuple[object, ...], HoursRow]] = []
        for key, (count, minutes, _pupils) in totals.items():
            if key is None or key not in names:
                continue
            last, first, school = names[key]
            row = HoursRow(key, f"{last} {first}", school_label(school), 1, count, minutes)
            ordered.append(((fold(row.detail or ""), *pupil_sort_key(last, first), key), row))
        ordered.sort(key=lambda item: item[0])
        return [row for _key, row in ordered]

    def _by_school(self, presences: list[_Presence]) -> list[HoursRow]:
        totals = _sum(presences, lambda p: p.school_id)
        with self.database.read_session() as session:
            labels = dict(session.execute(select(Establishment.id, Establishment.name)).all())
        rows = [
            HoursRow(key, school_label(labels.get(key) if key else None), None, len(pupils), n, m)
            for key, (n, m, pupils) in totals.items()
        ]
        return sorted(rows, key=lambda r: (r.key is None, fold(r.label), r.key or 0))

    def _by_activity(self, presences: list[_Presence]) -> list[HoursRow]:
        totals = _sum(presences, lambda p: p.activity_id)
        with self.database.read_session() as session:
            labels = {
                row[0]: (row[1], row[2])
                for row in session.execute(select(Activity.id, Activity.title, Activity.kind))
            }
        rows = [
            HoursRow(
                key,
                labels[key][0],
                ACTIVITY_KINDS.get(labels[key][1], labels[key][1]),
                len(pupils),
                n,
                m,
            )
            for key, (n, m, pupils) in totals.items()
            if key is not None
        ]
        return sorted(rows, key=lambda r: (fold(r.label), r.key or 0))


def _sum(
    presences: Iterable[_Presence], key: Callable[[_Presence], int | None]
) -> dict[int | None, tuple[int, int, set[int]]]:
    """key → (présences, minutes, distinct pupils)."""
    totals: dict[int | None, tuple[int, int, set[int]]] = {}
    for presence in presences:
        group = key(presence)
        count, minutes, pupils = totals.get(group, (0, 0, set()))
        pupils.add(presence.pupil_id)
        totals[group] = (count + 1, minutes + presence.minutes, pupils)
    return totals
