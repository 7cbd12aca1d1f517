"""What the exports read beside the indicators' participations (portable SQLAlchemy Core).

The participations themselves come from :func:`~cites_app.indicators.territory.load_frame`,
read once; these queries add the labels and facts the sheets print: the territory, the
actions and their porteurs, venues and end times of the séances, and the participants' year of
birth (for age bands only: no birth date leaves this module).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

import numpy as np
from sqlalchemy import Connection, select

from cites_app.indicators.queries import TerritoryData
from cites_app.indicators.table import IntArray
from cites_app.models import (
    Action,
    Activity,
    ActivitySession,
    Partner,
    Pupil,
    Territory,
    TerritoryCommune,
    Venue,
)


@dataclass(frozen=True)
class TerritoryInfo:
    name: str
    communes: tuple[str, ...]
    departement: str | None
    academie: str | None


@dataclass(frozen=True)
class ActionRecord:
    id: int
    title: str
    axis: str
    porteur_id: int | None
    porteur: str | None
    school_year: str | None
    budget_planned: float | None
    budget_spent: float | None


@dataclass(frozen=True)
class SessionDetail:
    ends_at: datetime
    venue: str | None


def territory_info(conn: Connection) -> TerritoryInfo:
    """The cité éducative (the first territory row), or a placeholder when none was entered."""
    row = conn.execute(
        select(Territory.id, Territory.name, Territory.departement, Territory.academie)
        .order_by(Territory.id)
        .limit(1)
    ).first()
    if row is None:
        return TerritoryInfo("Territoire non renseigné", (), None, None)
    communes = conn.scalars(
        select(TerritoryCommune.name)
        .where(TerritoryCommune.territory_id == row.id)
        .order_by(TerritoryCommune.name)
    ).all()
    return TerritoryInfo(row.name, tuple(communes), row.departement, row.academie)


def _money(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def action_records(conn: Connection) -> dict[int, ActionRecord]:
    """Every action with its porteur's name, by id."""
    rows = conn.execute(
        select(
            Action.id,
            Action.title,
            Action.axis,
            Action.porteur_id,
            Partner.name,
            Action.school_year,
            Action.budget_planned,
            Action.budget_spent,
        ).outerjoin(Partner, Partner.id == Action.porteur_id)
    )
    return {
        r.id: ActionRecord(
            r.id,
            r.title,
            r.axis,
            r.porteur_id,
            r.name,
            r.school_year,
            _money(r.budget_planned),
            _money(r.budget_spent),
        )
        for r in rows
    }


def activity_actions(conn: Connection) -> dict[int, int]:
    """``{activity id: action id}``."""
    return {r.id: r.action_id for r in conn.execute(select(Activity.id, Activity.action_id))}


def session_details(conn: Connection, data: TerritoryData) -> list[SessionDetail]:
    """End time and venue of each séance of ``data``, in its order."""
    first, after = data.period.bounds()
    rows = conn.execute(
        select(ActivitySession.id, ActivitySession.ends_at, Venue.name)
        .outerjoin(Venue, Venue.id == ActivitySession.venue_id)
        .where(ActivitySession.starts_at >= first, ActivitySession.starts_at < after)
    )
    by_id = {r.id: SessionDetail(r.ends_at, r.name) for r in rows}
    return [by_id[i] for i in data.session_ids.tolist()]


def birth_years(conn: Connection, data: TerritoryData) -> IntArray:
    """Year of birth of each participant of ``data`` (``-1`` when unknown).

    The birth date, when known, gives the year; otherwise the year recorded alone.
    """
    known: dict[int, int] = {}
    rows = conn.execute(select(Pupil.id, Pupil.birth_date, Pupil.birth_year))
    for pupil_id, birth_date, birth_year in rows:
        year = birth_date.year if isinstance(birth_date, date) else birth_year
        if year is not None:
            known[pupil_id] = int(year)
    return np.array([known.get(i, -1) for i in data.pupil_ids.tolist()], dtype=np.int64)


def partner_name(conn: Connection, partner_id: int) -> tuple[str, str] | None:
    """Name and kind of a partner, or ``None`` when there is no such partner."""
    row = conn.execute(select(Partner.name, Partner.kind).where(Partner.id == partner_id)).first()
    return None if row is None else (row.name, row.kind)
