"""Registering pupils to an activity (all its séances) or to one séance, with a waiting list.

When the places are taken, a new pupil goes on the waiting list with the next rank; when a
registered pupil leaves (or places are added), the first waiting pupils are promoted at once
and the remaining ranks close up (1, 2, 3…). Every change is one transaction, written to the
audit log with pupil ids only (never names).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cites_app import audit
from cites_app.db.database import Database
from cites_app.models import Pupil, Registration
from cites_app.scheduling.authorisations import MissingAuthorisation, missing_authorisations
from cites_app.scheduling.errors import NotFoundError, SchedulingError, saving
from cites_app.scheduling.registration_lists import (
    CandidateFilter,
    PupilRow,
    Target,
    candidates,
    members,
    resolve_target,
    target_filter,
)

_ACTIVE = ("inscrit", "attente")


@dataclass
class RegistrationOutcome:
    """What a registration call did: pupils registered, put on the waiting list (with their
    rank), already there, and promoted from the waiting list."""

    registered: list[int] = field(default_factory=list)
    waiting: list[tuple[int, int]] = field(default_factory=list)
    already: list[int] = field(default_factory=list)
    promoted: list[int] = field(default_factory=list)

    def summary_fr(self) -> str:
        """« 3 élèves inscrits, 1 en liste d'attente, 2 déjà inscrits. »"""
        parts = [
            f"{len(self.registered)} élève{'s' if len(self.registered) > 1 else ''} inscrit{'s' if len(self.registered) > 1 else ''}"
        ]
        if self.waiting:
            parts.append(f"{len(self.waiting)} en liste d'attente")
        if self.already:
            parts.append(f"{len(self.already)} déjà inscrit{'s' if len(self.already) > 1 else ''}")
        if self.promoted:
            parts.append(
                f"{len(self.promoted)} passé{'s' if len(self.promoted) > 1 else ''} de la liste "
                "d'attente aux inscrits"
            )
        return ", ".join(parts) + "."


class RegistrationService:
    """Registrations, candidates, members and missing authorisations of activities/séances."""

    def __init__(self, database: Database) -> None:
        """Serve the registrations of ``database``."""
        self.database = database

    def register(
        self,
        pupil_ids: Sequence[int],
        *,
        activity_id: int | None = None,
        session_id: int | None = None,
    ) -> RegistrationOutcome:
        """Register pupils (in the given order) to an activity or a séance.

        Pupils beyond the capacity go on the waiting list; pupils already registered or
        waiting are left as they are. For a séance, a pupil registered to its whole activity
        counts as already registered.
        """
        outcome = RegistrationOutcome()
        with self.database.session() as session:
            target = resolve_target(session, activity_id, session_id, lock=True)
            wanted = list(dict.fromkeys(pupil_ids))
            known = set(
                session.scalars(
                    select(Pupil.id).where(Pupil.id.in_(wanted), Pupil.anonymised_at.is_(None))
                )
            )
            missing = [p for p in wanted if p not in known]
            if missing:
                raise NotFoundError(
                    f"Élève n° {missing[0]} introuvable (supprimé ou anonymisé entre-temps)."
                )
            outcome.promoted = _promote(session, target)
            rows: dict[int, Registration] = {}
            for row in _rows(session, target, wanted):
                rows.setdefault(row.pupil_id, row)
            covered = _covered_by_activity(session, target, wanted)
            places = _free_places(session, target)
            rank = _last_rank(session, target)
            with saving(session):
                for pupil_id in wanted:
                    existing = rows.get(pupil_id)
                    if (existing is not None and existing.status in _ACTIVE) or pupil_id in covered:
                        outcome.already.append(pupil_id)
                        continue
                    if existing is None:
                        existing = Registration(
                            pupil_id=pupil_id,
                            activity_id=target.activity_id,
                            session_id=target.session_id,
                        )
                        session.add(existing)
                    if places is None or places > 0:
                        existing.status, existing.waiting_rank = "inscrit", None
                        places = None if places is None else places - 1
                        outcome.registered.append(pupil_id)
                    else:
                        rank += 1
                        existing.status, existing.waiting_rank = "attente", rank
                        outcome.waiting.append((pupil_id, rank))
            audit.record(
                session,
                "registration.add",
                f"Inscriptions à « {target.title} »{_where(target)} : {outcome.summary_fr()}",
                entity="activity_session" if target.session_id else "activity",
                details={
                    "activity_id": target.activity_id,
                    "session_id": target.session_id,
                    "registered": outcome.registered,
                    "waiting": outcome.waiting,
                    "promoted": outcome.promoted,
                },
            )
        return outcome

    def unregister(
        self, pupil_id: int, *, activity_id: int | None = None, session_id: int | None = None
    ) -> list[int]:
        """Remove a pupil (registered or waiting); returns the pupils promoted in its place."""
        with self.database.session() as session:
            target = resolve_target(session, activity_id, session_id, lock=True)
            row = next((r for r in _rows(session, target, [pupil_id]) if r.status in _ACTIVE), None)
            if row is None:
                raise SchedulingError(
                    f"Cet élève n'est ni inscrit ni en liste d'attente pour « {target.title} »"
                    f"{_where(target)}."
                )
            with saving(session):
                was_waiting = row.status == "attente"
                row.status, row.waiting_rank = "annule", None
                session.flush()
                promoted = _promote(session, target)
                if was_waiting:
                    _renumber(session, target)
            audit.record(
                session,
                "registration.remove",
                f"Désinscription de « {target.title} »{_where(target)}"
                + (
                    f" ; {len(promoted)} élève(s) de la liste d'attente inscrit(s)."
                    if promoted
                    else "."
                ),
                entity="activity_session" if target.session_id else "activity",
                details={
                    "activity_id": target.activity_id,
                    "session_id": target.session_id,
                    "pupil_id": pupil_id,
                    "was_waiting": was_waiting,
                    "promoted": promoted,
                },
            )
        return promoted

    def promote_waiting(
        self, *, activity_id: int | None = None, session_id: int | None = None
    ) -> list[int]:
        """Fill free places from the waiting list (after the capacity was raised)."""
        with self.database.session() as session:
            target = resolve_target(session, activity_id, session_id, lock=True)
            with saving(session):
                promoted = _promote(session, target)
            if promoted:
                audit.record(
                    session,
                    "registration.promote",
                    f"« {target.title} »{_where(target)} : {len(promoted)} élève(s) de la liste "
                    "d'attente inscrit(s).",
                    details={
                        "activity_id": target.activity_id,
                        "session_id": target.session_id,
                        "promoted": promoted,
                    },
                )
        return promoted

    def members(
        self, *, activity_id: int | None = None, session_id: int | None = None
    ) -> list[PupilRow]:
        """Registered pupils then the waiting list (by rank) of an activity or a séance."""
        with self.database.read_session() as session:
            return members(session, resolve_target(session, activity_id, session_id))

    def candidates(
        self,
        filters: CandidateFilter | None = None,
        *,
        activity_id: int | None = None,
        session_id: int | None = None,
        limit: int | None = None,
    ) -> list[PupilRow]:
        """Pupils of the invited schools matching ``filters``, with their current status."""
        with self.database.read_session() as session:
            target = resolve_target(session, activity_id, session_id)
            return candidates(session, target, filters or CandidateFilter(), limit)

    def missing_authorisations(
        self,
        *,
        activity_id: int | None = None,
        session_id: int | None = None,
        from_date: date | None = None,
    ) -> list[MissingAuthorisation]:
        """Registered pupils lacking a needed authorisation at a séance (first one each)."""
        with self.database.read_session() as session:
            target = resolve_target(session, activity_id, session_id)
            return missing_authorisations(session, target, from_date)


def _where(target: Target) -> str:
    return "" if target.session_id is None else f" (séance n° {target.session_id})"


def _rows(session: Session, target: Target, pupil_ids: Iterable[int]) -> list[Registration]:
    """Rows of ``target`` for the pupils, the active one first for each pupil."""
    rows = session.scalars(
        select(Registration).where(
            target_filter(target), Registration.pupil_id.in_(list(pupil_ids))
        )
    ).all()
    return sorted(rows, key=lambda r: r.status not in _ACTIVE)


def _covered_by_activity(session: Session, target: Target, pupil_ids: list[int]) -> set[int]:
    if target.session_id is None:
        return set()
    return set(
        session.scalars(
            select(Registration.pupil_id).where(
                Registration.activity_id == target.activity_id,
                Registration.session_id.is_(None),
                Registration.status == "inscrit",
                Registration.pupil_id.in_(pupil_ids),
            )
        )
    )


def _registered_count(session: Session, target: Target) -> int:
    query = select(func.count(func.distinct(Registration.pupil_id))).where(
        Registration.status == "inscrit"
    )
    if target.session_id is None:
        return int(session.scalar(query.where(target_filter(target))) or 0)
    whole = (Registration.activity_id == target.activity_id) & Registration.session_id.is_(None)
    return int(session.scalar(query.where(target_filter(target) | whole)) or 0)


def _free_places(session: Session, target: Target) -> int | None:
    if target.capacity is None:
        return None
    return max(0, target.capacity - _registered_count(session, target))


def _waiting(session: Session, target: Target) -> list[Registration]:
    return list(
        session.scalars(
            select(Registration)
            .where(target_filter(target), Registration.status == "attente")
            .order_by(Registration.waiting_rank, Registration.id)
        )
    )


def _last_rank(session: Session, target: Target) -> int:
    waiting = _waiting(session, target)
    return max((row.waiting_rank or 0 for row in waiting), default=0)


def _promote(session: Session, target: Target) -> list[int]:
    """Move the first waiting pupils into the free places; ranks close up. Returns their ids."""
    places = _free_places(session, target)
    promoted: list[int] = []
    for row in _waiting(session, target):
        if places is not None and places <= 0:
            break
        row.status, row.waiting_rank = "inscrit", None
        promoted.append(row.pupil_id)
        places = None if places is None else places - 1
    if promoted:
        session.flush()
        _renumber(session, target)
    return promoted


def _renumber(session: Session, target: Target) -> None:
    for rank, row in enumerate(_waiting(session, target), start=1):
        if row.waiting_rank != rank:
            row.waiting_rank = rank
    session.flush()
