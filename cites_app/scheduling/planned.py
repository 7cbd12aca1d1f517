"""Séances about to be written: the values shared by a one-off séance or a whole series."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from cites_app.models import Activity, ActivitySession, Establishment, Facilitator, Venue
from cites_app.scheduling.errors import ValidationError, fetch
from cites_app.school_calendar import format_date_fr, format_time_fr

Slot = tuple[datetime, datetime]


@dataclass(frozen=True)
class PlannedSeances:
    """Séances of one activity at ``slots`` (Paris wall-clock start and end), same settings.

    ``capacity`` None means "the activity's"; an empty ``invited_establishment_ids`` means
    "those of the activity".
    """

    activity_id: int
    slots: Sequence[Slot]
    venue_id: int | None = None
    facilitator_ids: Sequence[int] = ()
    capacity: int | None = None
    invited_establishment_ids: Sequence[int] = ()


def describe_slot(starts_at: datetime, ends_at: datetime) -> str:
    """« mercredi 7 janvier 2026 de 14h00 à 16h30 »."""
    return (
        f"{format_date_fr(starts_at.date())} de {format_time_fr(starts_at.time())} "
        f"à {format_time_fr(ends_at.time())}"
    )


def check_slot(starts_at: datetime, ends_at: datetime) -> None:
    """Refuse a séance that ends before it starts (French message)."""
    if ends_at <= starts_at:
        raise ValidationError(
            {
                "ends_at": f"L'heure de fin ({format_time_fr(ends_at.time())}) doit être après "
                f"l'heure de début ({format_time_fr(starts_at.time())}) : séance du "
                f"{format_date_fr(starts_at.date())}."
            }
        )


def check_capacity(capacity: int | None) -> None:
    """Refuse a capacity of zero or less (French message)."""
    if capacity is not None and capacity <= 0:
        raise ValidationError(
            {"capacity": f"La capacité doit être un nombre de places positif (et non {capacity})."}
        )


def load_facilitators(session: Session, ids: Sequence[int]) -> list[Facilitator]:
    """The facilitators ``ids``, in that order; NotFoundError for a missing one."""
    wanted = list(dict.fromkeys(ids))
    found = {
        row.id: row
        for row in session.scalars(select(Facilitator).where(Facilitator.id.in_(wanted)))
    }
    for facilitator_id in wanted:
        if facilitator_id not in found:
            fetch(session, Facilitator, facilitator_id, "l'animateur")
    return [found[i] for i in wanted]


def load_establishments(session: Session, ids: Sequence[int]) -> list[Establishment]:
    """The establishments ``ids``, in that order; NotFoundError for a missing one."""
    wanted = list(dict.fromkeys(ids))
    found = {
        row.id: row
        for row in session.scalars(select(Establishment).where(Establishment.id.in_(wanted)))
    }
    for est_id in wanted:
        if est_id not in found:
            fetch(session, Establishment, est_id, "l'établissement")
    return [found[i] for i in wanted]


def insert_planned(
    session: Session, planned: PlannedSeances, series_id: uuid.UUID | None
) -> list[ActivitySession]:
    """Add the planned séances to the session (flushed, so they have ids), in slot order."""
    fetch(session, Activity, planned.activity_id, "l'activité")
    if planned.venue_id is not None:
        fetch(session, Venue, planned.venue_id, "le lieu")
    check_capacity(planned.capacity)
    for starts_at, ends_at in planned.slots:
        check_slot(starts_at, ends_at)
    facilitators = load_facilitators(session, planned.facilitator_ids)
    schools = load_establishments(session, planned.invited_establishment_ids)
    rows = [
        ActivitySession(
            activity_id=planned.activity_id,
            starts_at=starts_at,
            ends_at=ends_at,
            venue_id=planned.venue_id,
            capacity=planned.capacity,
            cancelled=False,
            series_id=series_id,
            facilitators=list(facilitators),
            invited_establishments=list(schools),
        )
        for starts_at, ends_at in planned.slots
    ]
    session.add_all(rows)
    session.flush()
    return rows
