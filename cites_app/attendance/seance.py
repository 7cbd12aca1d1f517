"""One séance as the roll call and the émargement sheet show it: its header and its roster.

The roster is the pupils registered to the séance (or to its whole activity) plus any pupil
who already has a présence recorded there (a walk-in, or a pupil unregistered afterwards),
grouped by school (tidy names, French order) then by last and first name.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Generic, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from cites_app.attendance.errors import AttendanceError
from cites_app.models import (
    Action,
    Activity,
    ActivitySession,
    Attendance,
    Establishment,
    Facilitator,
    Pupil,
    Venue,
    session_facilitator,
)
from cites_app.models.vocabulary import ACTIVITY_KINDS, AXES
from cites_app.opendata.names import tidy_establishment_name
from cites_app.registers import formatting
from cites_app.registers.text import fold
from cites_app.scheduling.registration_lists import Target, members

NO_SCHOOL = "Établissement non renseigné"

T = TypeVar("T")


@dataclass(frozen=True)
class SeanceInfo:
    """What the header of a roll call or of a sheet says about a séance."""

    id: int
    activity_id: int
    activity: str
    kind: str
    action: str
    axis: str
    starts_at: datetime
    ends_at: datetime
    venue: str | None
    facilitators: tuple[str, ...]
    cancelled: bool
    attendance_taken_at: datetime | None

    @property
    def kind_label(self) -> str:
        """« Périscolaire », « Orientation »…"""
        return ACTIVITY_KINDS.get(self.kind, self.kind)

    @property
    def axis_label(self) -> str:
        """« Promouvoir la continuité éducative »…"""
        return AXES.get(self.axis, self.axis)

    @property
    def date_text(self) -> str:
        """« mercredi 7 janvier 2026 »."""
        return formatting.long_date(self.starts_at.date())

    @property
    def time_text(self) -> str:
        """« 14h00–16h30 »."""
        return formatting.time_range(self.starts_at, self.ends_at)

    @property
    def when_text(self) -> str:
        """« mercredi 7 janvier 2026, 14h00–16h30 »."""
        return f"{self.date_text}, {self.time_text}"

    @property
    def duration_minutes(self) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60)

    @property
    def facilitators_text(self) -> str:
        return ", ".join(self.facilitators) if self.facilitators else "—"


@dataclass(frozen=True)
class RosterPupil:
    """A pupil of a séance's roster; ``registered`` is False for a walk-in not registered."""

    id: int
    last_name: str
    first_name: str
    niveau: str | None
    school_id: int | None
    school: str
    registered: bool

    @property
    def full_name(self) -> str:
        """« DUPONT Lina »: last name first, as on the lists coordinators sign."""
        return f"{self.last_name} {self.first_name}"


@dataclass(frozen=True)
class SchoolGroup(Generic[T]):
    """Items of one school, in display order."""

    school_id: int | None
    school: str
    items: tuple[T, ...]


def load_seance(session: Session, session_id: int) -> SeanceInfo:
    """The header of séance ``session_id``; AttendanceError (French) when it does not exist."""
    row = session.execute(
        select(
            ActivitySession.id,
            Activity.id,
            Activity.title,
            Activity.kind,
            Action.title,
            Action.axis,
            ActivitySession.starts_at,
            ActivitySession.ends_at,
            Venue.name,
            ActivitySession.cancelled,
            ActivitySession.attendance_taken_at,
        )
        .join(Activity, Activity.id == ActivitySession.activity_id)
        .join(Action, Action.id == Activity.action_id)
        .outerjoin(Venue, Venue.id == ActivitySession.venue_id)
        .where(ActivitySession.id == session_id)
    ).one_or_none()
    if row is None:
        raise AttendanceError(
            f"Séance n° {session_id} introuvable (peut-être supprimée entre-temps)."
        )
    facilitators = session.scalars(
        select(Facilitator.name)
        .join(session_facilitator, session_facilitator.c.facilitator_id == Facilitator.id)
        .where(session_facilitator.c.session_id == session_id)
    ).all()
    return SeanceInfo(
        id=row[0],
        activity_id=row[1],
        activity=row[2],
        kind=row[3],
        action=row[4],
        axis=row[5],
        starts_at=row[6],
        ends_at=row[7],
        venue=row[8],
        facilitators=tuple(sorted(facilitators, key=fold)),
        cancelled=bool(row[9]),
        attendance_taken_at=row[10],
    )


def school_label(name: str | None) -> str:
    """The school's readable name, or « Établissement non renseigné »."""
    return tidy_establishment_name(name) if name else NO_SCHOOL


def roster(session: Session, seance: SeanceInfo) -> list[RosterPupil]:
    """Registered pupils of the séance, then those with a présence but no registration."""
    target = Target(seance.activity_id, seance.id, seance.activity, None)
    pupils: dict[int, RosterPupil] = {}
    for row in members(session, target):
        if row.status == "inscrit":
            pupils[row.id] = RosterPupil(
                row.id,
                row.last_name,
                row.first_name,
                row.niveau,
                row.establishment_id,
                school_label(row.establishment_name),
                True,
            )
    attended = session.execute(
        select(
            Pupil.id,
            Pupil.last_name,
            Pupil.first_name,
            Pupil.niveau,
            Pupil.establishment_id,
            Establishment.name,
        )
        .join(Attendance, Attendance.pupil_id == Pupil.id)
        .outerjoin(Establishment, Establishment.id == Pupil.establishment_id)
        .where(Attendance.session_id == seance.id)
    ).all()
    for pupil_id, last, first, niveau, school_id, school in attended:
        if pupil_id not in pupils:
            pupils[pupil_id] = RosterPupil(
                pupil_id, last, first, niveau, school_id, school_label(school), False
            )
    return list(pupils.values())


def pupil_sort_key(last_name: str, first_name: str) -> tuple[str, str, str, str]:
    """French order of names: accents and case ignored, then as written."""
    return (fold(last_name), fold(first_name), last_name, first_name)


def group_by_school(
    items: Iterable[T],
    school_id: Callable[[T], int | None],
    school: Callable[[T], str],
    name_key: Callable[[T], tuple[str, ...]],
) -> list[SchoolGroup[T]]:
    """Items grouped by school (French order of the names, unknown school last), each group
    sorted by ``name_key``."""
    groups: dict[int | None, list[T]] = {}
    labels: dict[int | None, str] = {}
    for item in items:
        key = school_id(item)
        groups.setdefault(key, []).append(item)
        labels.setdefault(key, school(item))
    order = sorted(groups, key=lambda key: (key is None, fold(labels[key]), labels[key], key or 0))
    return [
        SchoolGroup(key, labels[key], tuple(sorted(groups[key], key=name_key))) for key in order
    ]


def group_roster(pupils: Sequence[RosterPupil]) -> list[SchoolGroup[RosterPupil]]:
    """The roster grouped by school then by name."""
    return group_by_school(
        pupils,
        lambda p: p.school_id,
        lambda p: p.school,
        lambda p: pupil_sort_key(p.last_name, p.first_name),
    )
