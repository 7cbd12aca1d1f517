"""Séances whose roll call was never taken: past, not cancelled, no présence recorded.

The definition is the séance list's « Passées sans appel » (``registers.sessions``), so the page
and this list always agree: no ``attendance_taken_at`` stamp and no présence row.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from cites_app.db.database import Database
from cites_app.models import Activity, ActivitySession, Venue
from cites_app.models.vocabulary import ACTIVITY_KINDS
from cites_app.registers import formatting
from cites_app.registers.sessions import SessionStatus, registered_count, status_expression


@dataclass(frozen=True)
class MissingRollCall:
    """A past séance still waiting for its roll call."""

    session_id: int
    activity: str
    kind: str
    starts_at: datetime
    ends_at: datetime
    venue: str | None
    registered: int

    @property
    def when_text(self) -> str:
        """« mercredi 7 janvier 2026, 14h00–16h30 »."""
        return (
            f"{formatting.long_date(self.starts_at.date())}, "
            f"{formatting.time_range(self.starts_at, self.ends_at)}"
        )

    def to_dict(self) -> dict[str, object]:
        return {
            "session_id": self.session_id,
            "activity": self.activity,
            "kind": self.kind,
            "kind_label": ACTIVITY_KINDS.get(self.kind, self.kind),
            "starts_at": self.starts_at.isoformat(timespec="minutes"),
            "ends_at": self.ends_at.isoformat(timespec="minutes"),
            "venue": self.venue,
            "registered": self.registered,
        }


def missing_roll_calls(
    database: Database, clock: Callable[[], datetime] = datetime.now
) -> list[MissingRollCall]:
    """Past séances (ended before ``clock()``), not cancelled, whose roll call was never taken,
    oldest first."""
    now = clock()
    query = (
        select(
            ActivitySession.id,
            Activity.title,
            Activity.kind,
            ActivitySession.starts_at,
            ActivitySession.ends_at,
            Venue.name,
            registered_count(),
        )
        .join(Activity, Activity.id == ActivitySession.activity_id)
        .outerjoin(Venue, Venue.id == ActivitySession.venue_id)
        .where(status_expression(now) == SessionStatus.MISSING.value)
        .order_by(ActivitySession.starts_at, ActivitySession.id)
    )
    with database.read_session() as session:
        return [
            MissingRollCall(row[0], row[1], row[2], row[3], row[4], row[5], row[6] or 0)
            for row in session.execute(query).all()
        ]
