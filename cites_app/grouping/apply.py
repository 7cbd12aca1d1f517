"""Write a composition: registrations and waiting list in one transaction, audit-logged.

How groups become registrations (see :mod:`~cites_app.grouping.tracks` for which séances each
group gets):

* **one group** — the placed pupils are registered to the whole activity ("inscrit"), the others
  put on the activity's waiting list ("attente", ranks 1, 2, 3… in the order of fairness);
  their registrations to single upcoming séances of the activity are cancelled (the activity's
  covers them);
* **several groups** — each placed pupil is registered to every séance of its group; its
  registration to the whole activity, and to upcoming séances of other groups, are cancelled;
  the others wait on the activity's waiting list as above.

Séances before ``since`` are left as they were: their attendance is history. Existing rows are
reused (status changed) rather than duplicated; nothing is deleted. The write is refused when
the registrations changed since the composition was read, and when it misses a hard target.
The audit entry lists ids only, never names.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from cites_app import audit
from cites_app.db.database import Database
from cites_app.grouping.candidates import GroupingError
from cites_app.grouping.loading import read_registrations
from cites_app.grouping.result import Composition
from cites_app.models import Activity, ActivitySession, Registration
from cites_app.scheduling.conflict_queries import chunks
from cites_app.scheduling.errors import saving

STALE_COMPOSITION = (
    "Les inscriptions de l'activité ont changé depuis la composition des groupes : "
    "recomposez-les avant de les appliquer."
)
_ACTIVE = ("inscrit", "attente")


@dataclass(frozen=True)
class ApplyOutcome:
    """What :func:`apply_composition` wrote."""

    placed: int
    waiting: int
    registered_rows: int
    cancelled_rows: int

    def summary_fr(self) -> str:
        """« 40 élèves placés, 12 en liste d'attente. »"""
        return (
            f"{self.placed} élève{'s' if self.placed > 1 else ''} placé"
            f"{'s' if self.placed > 1 else ''}, {self.waiting} en liste d'attente."
        )


def apply_composition(database: Database, composition: Composition) -> ApplyOutcome:
    """Write the groups and the waiting list of ``composition`` (one transaction)."""
    pool = composition.pool
    if pool.activity_id is None or pool.since is None:
        raise GroupingError("Cette composition n'a pas été lue dans la base : rien à appliquer.")
    if not composition.feasible:
        first = composition.violations[0].message
        raise GroupingError(
            "Ces groupes ne respectent pas toutes les contraintes, ils ne sont pas appliqués : "
            + first
        )
    groups = composition.settings.groups
    if groups > 1 and any(not track.session_ids for track in pool.tracks):
        raise GroupingError(
            f"Les {groups} groupes n'ont pas chacun leurs séances à venir (il en faut au moins "
            "une par groupe) : créez les séances avant d'appliquer la composition."
        )
    activity_id, since = pool.activity_id, pool.since
    with database.session() as session:
        session.execute(select(Activity.id).where(Activity.id == activity_id).with_for_update())
        activity = session.get(Activity, activity_id)
        if activity is None:
            raise GroupingError(f"Activité n° {activity_id} introuvable.")
        if tuple(read_registrations(session, activity_id, since)) != pool.snapshot:
            raise GroupingError(STALE_COMPOSITION)
        writer = _Writer(session, activity_id, since, [c.id for c in pool.candidates])
        with saving(session):
            for group in composition.groups:
                for placement in group.placements:
                    pupil = placement.candidate.id
                    if groups == 1:
                        writer.whole_activity(pupil, "inscrit", None)
                    else:
                        writer.sessions(pupil, group.track.session_ids)
            for placement in composition.waiting:
                writer.whole_activity(placement.candidate.id, "attente", placement.waiting_rank)
        placed = sum(len(g.placements) for g in composition.groups)
        outcome = ApplyOutcome(placed, len(composition.waiting), writer.written, writer.cancelled)
        random = composition.random
        audit.record(
            session,
            "grouping.apply",
            f"Groupes composés pour « {activity.title} » : {groups} groupe"
            f"{'s' if groups > 1 else ''}, {outcome.summary_fr()}",
            entity="activity",
            entity_uuid=activity.uuid,
            details={
                "activity_id": activity_id,
                "since": since.isoformat(),
                "sessions_rule": pool.track_rule,
                "groups": [
                    {
                        "name": g.name,
                        "session_ids": list(g.track.session_ids),
                        "pupil_ids": [p.candidate.id for p in g.placements],
                    }
                    for g in composition.groups
                ],
                "waiting": [p.candidate.id for p in composition.waiting],
                "seed": composition.settings.seed,
                "contact_rate": composition.contact_rate,
                "random_contact_rate_p95": None
                if random is None or random.contact_rate is None
                else random.contact_rate.p95,
                "registered_rows": writer.written,
                "cancelled_rows": writer.cancelled,
            },
        )
    return outcome


class _Writer:
    """Brings each candidate's registrations to the wanted state, reusing rows."""

    def __init__(
        self, session: Session, activity_id: int, since: datetime, pupils: list[int]
    ) -> None:
        self.session = session
        self.activity_id = activity_id
        self.written = 0
        self.cancelled = 0
        self.whole: dict[int, list[Registration]] = defaultdict(list)
        self.own: dict[int, dict[int, list[Registration]]] = defaultdict(dict)
        upcoming = select(ActivitySession.id).where(
            ActivitySession.activity_id == activity_id, ActivitySession.starts_at >= since
        )
        for chunk in chunks(pupils):
            for row in session.scalars(
                select(Registration)
                .where(
                    Registration.pupil_id.in_(chunk),
                    ((Registration.activity_id == activity_id) & Registration.session_id.is_(None))
                    | Registration.session_id.in_(upcoming),
                )
                .order_by(Registration.id)
            ):
                if row.session_id is None:
                    self.whole[row.pupil_id].append(row)
                else:
                    self.own[row.pupil_id].setdefault(row.session_id, []).append(row)

    def _set(
        self,
        rows: list[Registration],
        pupil: int,
        session_id: int | None,
        status: str,
        rank: int | None,
    ) -> None:
        rows.sort(key=lambda r: (r.status not in _ACTIVE, r.id))
        if rows:
            keep = rows[0]
            if (keep.status, keep.waiting_rank) != (status, rank):
                keep.status, keep.waiting_rank = status, rank
                self.written += 1
        else:
            keep = Registration(
                pupil_id=pupil,
                activity_id=self.activity_id,
                session_id=session_id,
                status=status,
                waiting_rank=rank,
            )
            self.session.add(keep)
            rows.append(keep)
            self.written += 1
        for extra in rows[1:]:
            self._cancel(extra)

    def _cancel(self, row: Registration) -> None:
        if row.status in _ACTIVE:
            row.status, row.waiting_rank = "annule", None
            self.cancelled += 1

    def whole_activity(self, pupil: int, status: str, rank: int | None) -> None:
        """Registered or waiting for the whole activity; single upcoming séances cancelled."""
        self._set(self.whole[pupil], pupil, None, status, rank)
        for rows in self.own[pupil].values():
            for row in rows:
                self._cancel(row)

    def sessions(self, pupil: int, session_ids: tuple[int, ...]) -> None:
        """Registered to exactly these upcoming séances of the activity."""
        for row in self.whole[pupil]:
            self._cancel(row)
        wanted = set(session_ids)
        mine = self.own[pupil]
        for session_id, rows in mine.items():
            if session_id not in wanted:
                for row in rows:
                    self._cancel(row)
        for session_id in session_ids:
            self._set(mine.setdefault(session_id, []), pupil, session_id, "inscrit", None)
