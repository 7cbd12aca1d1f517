"""Séances in the calendar: one-off or weekly series on the territory's school calendar; moved,
cancelled, or edited alone or with all the following ones of their series.

The planner first calls :meth:`SeriesService.preview_series` (dates kept and skipped, nothing
written) and :meth:`SeriesService.preview_conflicts`, then :meth:`SeriesService.create_series`.
"""

from __future__ import annotations

import enum
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time

from sqlalchemy import select
from sqlalchemy.orm import Session

from cites_app.db.database import Database
from cites_app.models import ActivitySession, Territory, Venue
from cites_app.scheduling.conflicts import Conflict, ConflictChecker, closure_checker
from cites_app.scheduling.errors import (
    ClosedDayError,
    SchedulingError,
    ValidationError,
    check_version,
    fetch,
    saving,
    touch,
)
from cites_app.scheduling.planned import (
    PlannedSeances,
    check_capacity,
    check_slot,
    insert_planned,
    load_facilitators,
)
from cites_app.school_calendar import (
    SchoolCalendar,
    SeriesPlan,
    format_date_fr,
    plan_series,
)


class _Unset(enum.Enum):
    UNSET = enum.auto()


#: "Leave this value as it is" in :class:`SessionChanges`.
UNSET = _Unset.UNSET


class EditScope(enum.StrEnum):
    """Which séances an edit applies to."""

    THIS = "this"
    FOLLOWING = "following"  # this one and all the following ones of its series


@dataclass(frozen=True)
class SessionChanges:
    """Changes to séances; a field left to UNSET is not touched.

    ``start_time``/``end_time`` change the time of day and keep each séance's date;
    ``venue_id=None`` removes the venue; ``capacity=None`` falls back on the activity's.
    """

    venue_id: int | _Unset | None = UNSET
    start_time: time | _Unset = UNSET
    end_time: time | _Unset = UNSET
    facilitator_ids: Sequence[int] | _Unset = UNSET
    capacity: int | _Unset | None = UNSET


@dataclass(frozen=True)
class CreatedSeances:
    """What :meth:`SeriesService.create_series` wrote, and the conflicts found after writing."""

    series_id: uuid.UUID | None
    session_ids: list[int]
    conflicts: list[Conflict]


def weekly_series(
    calendar: SchoolCalendar,
    weekday: int | str,
    start_date: date | str,
    end_date: date | str,
    start_time: time | str,
    end_time: time | str,
    zone: str,
    *,
    alsace_moselle: bool = False,
) -> SeriesPlan:
    """:func:`~cites_app.school_calendar.plan_series`, refusals as :class:`SchedulingError`."""
    try:
        return plan_series(
            weekday,
            start_date,
            end_date,
            start_time,
            end_time,
            calendar,
            zone,
            alsace_moselle=alsace_moselle,
        )
    except ValueError as exc:
        raise SchedulingError(str(exc)) from exc


class SeriesService:
    """Creates and changes séances; each call is one transaction."""

    def __init__(self, database: Database, calendar: SchoolCalendar | None = None) -> None:
        """``calendar`` defaults to the official calendar shipped with the application."""
        self.database = database
        self.checker = ConflictChecker(database, calendar)

    @property
    def calendar(self) -> SchoolCalendar:
        """The school calendar used for holidays."""
        return self.checker.calendar

    def territory_zone(self) -> tuple[str, bool]:
        """Holiday zone and Alsace-Moselle flag of the territory (SchedulingError if none)."""
        with self.database.read_session() as session:
            territory = session.scalars(select(Territory).order_by(Territory.id).limit(1)).first()
            if territory is None:
                raise SchedulingError(
                    "Aucun territoire n'est défini dans la base : précisez la zone de vacances "
                    "scolaires (A, B ou C)."
                )
            return territory.holiday_zone, territory.alsace_moselle

    def preview_series(
        self,
        weekday: int | str,
        start_date: date | str,
        end_date: date | str,
        start_time: time | str,
        end_time: time | str,
        *,
        zone: str | None = None,
        alsace_moselle: bool | None = None,
    ) -> SeriesPlan:
        """Dates kept and skipped (with their reason) of a weekly series; writes nothing.

        Without ``zone``, the territory's zone and Alsace-Moselle flag are used.
        """
        if zone is None:
            zone, territory_am = self.territory_zone()
            alsace_moselle = territory_am if alsace_moselle is None else alsace_moselle
        return weekly_series(
            self.calendar,
            weekday,
            start_date,
            end_date,
            start_time,
            end_time,
            zone,
            alsace_moselle=bool(alsace_moselle),
        )

    def preview_conflicts(self, planned: PlannedSeances) -> list[Conflict]:
        """Conflicts the planned séances would have (nothing written)."""
        return self.checker.planned_conflicts(planned)

    def create_series(
        self,
        activity_id: int,
        plan: SeriesPlan,
        venue_id: int | None,
        facilitator_ids: Sequence[int] = (),
        capacity: int | None = None,
        invited_establishment_ids: Sequence[int] = (),
    ) -> CreatedSeances:
        """Write every kept date of ``plan`` in one transaction, with a shared series id."""
        if not plan.kept:
            raise SchedulingError("Cette série ne garde aucune date : aucune séance à créer.")
        planned = PlannedSeances(
            activity_id,
            plan.slots(),
            venue_id,
            facilitator_ids,
            capacity,
            invited_establishment_ids,
        )
        series_id = uuid.uuid4() if len(plan.kept) > 1 else None
        return self._create(planned, series_id, allow_closed=True)

    def create_session(
        self, planned: PlannedSeances, *, allow_closed: bool = False
    ) -> CreatedSeances:
        """Write one-off séance(s); a day without school is refused unless ``allow_closed``."""
        return self._create(planned, None, allow_closed=allow_closed)

    def _create(
        self, planned: PlannedSeances, series_id: uuid.UUID | None, *, allow_closed: bool
    ) -> CreatedSeances:
        with self.database.session() as session:
            if not allow_closed:
                for starts_at, _ in planned.slots:
                    self._refuse_closed(session, starts_at.date())
            rows = insert_planned(session, planned, series_id)
            ids = [row.id for row in rows]
        return CreatedSeances(series_id, ids, self.checker.session_conflicts(ids))

    def move_session(
        self,
        session_id: int,
        starts_at: datetime,
        ends_at: datetime,
        expected_version: int | None,
        *,
        allow_closed: bool = False,
    ) -> list[Conflict]:
        """Move one séance; a day without school is refused (ClosedDayError) unless allowed.

        Returns the conflicts of the séance at its new place.
        """
        check_slot(starts_at, ends_at)
        with self.database.session() as session:
            row = fetch(session, ActivitySession, session_id, "la séance")
            check_version(row, expected_version)
            if not allow_closed:
                self._refuse_closed(session, starts_at.date())
            with saving(session):
                row.starts_at, row.ends_at = starts_at, ends_at
        return self.checker.session_conflicts([session_id])

    def cancel_session(self, session_id: int, reason: str, expected_version: int | None) -> None:
        """Cancel a séance, with the reason the participants will be told."""
        text = " ".join(reason.split())
        if not text:
            raise ValidationError({"cancel_reason": "Indiquez le motif de l'annulation."})
        with self.database.session() as session:
            row = fetch(session, ActivitySession, session_id, "la séance")
            check_version(row, expected_version)
            with saving(session):
                row.cancelled, row.cancel_reason = True, text[:250]

    def restore_session(self, session_id: int, expected_version: int | None) -> list[Conflict]:
        """Undo a cancellation; returns the séance's conflicts (others may have taken its place)."""
        with self.database.session() as session:
            row = fetch(session, ActivitySession, session_id, "la séance")
            check_version(row, expected_version)
            with saving(session):
                row.cancelled, row.cancel_reason = False, None
        return self.checker.session_conflicts([session_id])

    def edit_sessions(
        self,
        session_id: int,
        changes: SessionChanges,
        scope: EditScope,
        expected_version: int | None,
    ) -> list[int]:
        """Apply ``changes`` to the séance, or to it and all the following ones of its series.

        Returns the ids of the séances changed (in date order).
        """
        check_capacity(None if isinstance(changes.capacity, _Unset) else changes.capacity)
        with self.database.session() as session:
            row = fetch(session, ActivitySession, session_id, "la séance")
            check_version(row, expected_version)
            targets = [row]
            if scope is EditScope.FOLLOWING and row.series_id is not None:
                targets = list(
                    session.scalars(
                        select(ActivitySession)
                        .where(
                            ActivitySession.series_id == row.series_id,
                            ActivitySession.starts_at >= row.starts_at,
                        )
                        .order_by(ActivitySession.starts_at, ActivitySession.id)
                    )
                )
            with saving(session):
                self._apply(session, targets, changes)
            return [target.id for target in targets]

    def _apply(
        self, session: Session, targets: list[ActivitySession], changes: SessionChanges
    ) -> None:
        if not isinstance(changes.venue_id, _Unset) and changes.venue_id is not None:
            fetch(session, Venue, changes.venue_id, "le lieu")
        facilitators = (
            None
            if isinstance(changes.facilitator_ids, _Unset)
            else load_facilitators(session, changes.facilitator_ids)
        )
        for target in targets:
            if not isinstance(changes.venue_id, _Unset):
                target.venue_id = changes.venue_id
            if not isinstance(changes.capacity, _Unset):
                target.capacity = changes.capacity
            if facilitators is not None and [f.id for f in target.facilitators] != [
                f.id for f in facilitators
            ]:
                target.facilitators = list(facilitators)
                touch(target, "venue_id")  # links alone do not bump the version
            start = (
                target.starts_at.time()
                if isinstance(changes.start_time, _Unset)
                else changes.start_time
            )
            end = (
                target.ends_at.time() if isinstance(changes.end_time, _Unset) else changes.end_time
            )
            day = target.starts_at.date()
            new_start, new_end = datetime.combine(day, start), datetime.combine(day, end)
            if (new_start, new_end) != (target.starts_at, target.ends_at):
                check_slot(new_start, new_end)
                target.starts_at, target.ends_at = new_start, new_end

    def _refuse_closed(self, session: Session, day: date) -> None:
        closures = closure_checker(session, self.calendar)
        reason = closures.reason(day) if closures is not None else None
        if reason is not None:
            raise ClosedDayError(
                f"Pas de séance possible le {format_date_fr(day)} : {reason}. Choisissez un jour "
                "de classe, ou confirmez explicitement une séance pendant les vacances.",
                reason,
            )
