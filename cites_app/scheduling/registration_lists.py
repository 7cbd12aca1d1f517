"""Light rows of pupils for the registration screen: candidates from the invited schools, and
the members (registered and waiting) of an activity or a séance.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, case, func, or_, select
from sqlalchemy.orm import Session

from cites_app.models import (
    Activity,
    ActivityNiveau,
    ActivitySession,
    Establishment,
    Pupil,
    Registration,
    activity_establishment,
    session_establishment,
)
from cites_app.models.vocabulary import NIVEAUX
from cites_app.scheduling.errors import SchedulingError, fetch


@dataclass(frozen=True, slots=True)
class PupilRow:
    """A pupil as the registration screen lists it (and as the group mix reads it).

    ``status`` is the registration to the target ("inscrit", "attente", or None);
    ``whole_activity`` is True when, for a séance, the pupil comes through a registration to
    the whole activity.
    """

    id: int
    last_name: str
    first_name: str
    sex: str | None
    niveau: str | None
    class_label: str | None
    establishment_id: int | None
    establishment_name: str | None
    qpv: str
    status: str | None = None
    waiting_rank: int | None = None
    whole_activity: bool = False

    @property
    def full_name(self) -> str:
        """« Prénom Nom »."""
        return f"{self.first_name} {self.last_name}"


@dataclass(frozen=True)
class CandidateFilter:
    """Filters of the candidates list; None means "any".

    ``qpv`` is a code of ``QPV_FLAGS``; ``search`` matches the start of the last or first name.
    With ``only_target_niveaux`` (and no ``niveau``), only the activity's target niveaux.
    """

    establishment_id: int | None = None
    niveau: str | None = None
    class_label: str | None = None
    qpv: str | None = None
    search: str | None = None
    only_target_niveaux: bool = True


@dataclass(frozen=True)
class Target:
    """An activity as a whole (``session_id`` None) or one of its séances."""

    activity_id: int
    session_id: int | None
    title: str
    capacity: int | None


def resolve_target(
    session: Session, activity_id: int | None, session_id: int | None, *, lock: bool = False
) -> Target:
    """The target named by exactly one of the two ids (locked for update when asked)."""
    if (activity_id is None) == (session_id is None):
        raise SchedulingError("Précisez soit une activité, soit une séance.")
    if session_id is not None:
        seance = fetch(session, ActivitySession, session_id, "la séance")
        if lock:
            session.execute(
                select(ActivitySession.id).where(ActivitySession.id == session_id).with_for_update()
            )
        activity = seance.activity
        capacity = seance.capacity if seance.capacity is not None else activity.capacity
        return Target(activity.id, session_id, activity.title, capacity)
    assert activity_id is not None
    activity = fetch(session, Activity, activity_id, "l'activité")
    if lock:
        session.execute(select(Activity.id).where(Activity.id == activity_id).with_for_update())
    return Target(activity.id, None, activity.title, activity.capacity)


def target_filter(target: Target) -> Any:
    """The WHERE clause selecting the registrations made to ``target`` itself."""
    if target.session_id is not None:
        return Registration.session_id == target.session_id
    return (Registration.activity_id == target.activity_id) & Registration.session_id.is_(None)


def _pupil_columns() -> tuple[Any, ...]:
    return (
        Pupil.id,
        Pupil.last_name,
        Pupil.first_name,
        Pupil.sex,
        Pupil.niveau,
        Pupil.class_label,
        Pupil.establishment_id,
        Establishment.name,
        Pupil.qpv,
    )


def _pupil_select() -> Select[Any]:
    return select(*_pupil_columns()).outerjoin(
        Establishment, Establishment.id == Pupil.establishment_id
    )


def members(session: Session, target: Target) -> list[PupilRow]:
    """Registered pupils (by name) then the waiting list (by rank) of ``target``.

    For a séance, the pupils registered to its whole activity are included.
    """
    query = _pupil_select().add_columns(
        Registration.status, Registration.waiting_rank, Registration.session_id.is_(None)
    )
    query = query.join(Registration, Registration.pupil_id == Pupil.id).where(
        Registration.status.in_(("inscrit", "attente"))
    )
    if target.session_id is None:
        query = query.where(target_filter(target))
    else:
        whole = (
            (Registration.activity_id == target.activity_id)
            & Registration.session_id.is_(None)
            & (Registration.status == "inscrit")
        )
        query = query.where(or_(target_filter(target), whole))
    rows: dict[int, PupilRow] = {}
    for values in session.execute(query):
        row = dataclasses.replace(
            PupilRow(*values[:9]),
            status=values[9],
            waiting_rank=values[10],
            whole_activity=bool(values[11]) and target.session_id is not None,
        )
        if row.id not in rows or rows[row.id].status != "inscrit":
            rows[row.id] = row
    return sorted(
        rows.values(),
        key=lambda r: (
            r.status != "inscrit",
            r.waiting_rank or 0,
            r.last_name.lower(),
            r.first_name.lower(),
        ),
    )


def invited_school_ids(session: Session, target: Target) -> list[int]:
    """Schools invited to the séance (its own list, else its activity's) or to the activity."""
    if target.session_id is not None:
        own = list(
            session.scalars(
                select(session_establishment.c.establishment_id).where(
                    session_establishment.c.session_id == target.session_id
                )
            )
        )
        if own:
            return own
    return list(
        session.scalars(
            select(activity_establishment.c.establishment_id).where(
                activity_establishment.c.activity_id == target.activity_id
            )
        )
    )


def candidates(
    session: Session, target: Target, filters: CandidateFilter, limit: int | None = None
) -> list[PupilRow]:
    """Pupils of the invited schools matching ``filters``, with their status for ``target``.

    Sorted by school, niveau (in school order), class and name; anonymised pupils are left out.
    """
    schools = invited_school_ids(session, target)
    if not schools:
        return []
    query = _pupil_select().where(
        Pupil.establishment_id.in_(schools), Pupil.anonymised_at.is_(None)
    )
    if filters.establishment_id is not None:
        query = query.where(Pupil.establishment_id == filters.establishment_id)
    if filters.niveau is not None:
        query = query.where(Pupil.niveau == filters.niveau)
    elif filters.only_target_niveaux:
        niveaux = select(ActivityNiveau.niveau).where(
            ActivityNiveau.activity_id == target.activity_id
        )
        if session.scalar(select(func.count()).select_from(niveaux.subquery())):
            query = query.where(Pupil.niveau.in_(niveaux))
    if filters.class_label is not None:
        query = query.where(Pupil.class_label == filters.class_label)
    if filters.qpv is not None:
        query = query.where(Pupil.qpv == filters.qpv)
    if filters.search:
        for word in filters.search.split():
            pattern = word.lower().replace("%", "").replace("_", "") + "%"
            query = query.where(
                or_(
                    func.lower(Pupil.last_name).like(pattern),
                    func.lower(Pupil.first_name).like(pattern),
                )
            )
    niveau_order = case(
        {n: i for i, n in enumerate(NIVEAUX)}, value=Pupil.niveau, else_=len(NIVEAUX)
    )
    query = query.order_by(
        Establishment.name,
        niveau_order,
        Pupil.class_label,
        func.lower(Pupil.last_name),
        func.lower(Pupil.first_name),
        Pupil.id,
    )
    if limit is not None:
        query = query.limit(limit)
    status = {row.id: row for row in members(session, target)}
    result = []
    for values in session.execute(query):
        row = PupilRow(*values)
        known = status.get(row.id)
        if known is not None:
            row = dataclasses.replace(
                row,
                status=known.status,
                waiting_rank=known.waiting_rank,
                whole_activity=known.whole_activity,
            )
        result.append(row)
    return result
