"""Taking the roll call of a séance: one mark per pupil, each saved at once.

Every change is its own small transaction (a crash loses nothing already marked) and stamps the
séance's ``attendance_taken_at``. Two people marking the same séance merge pupil by pupil: a mark
only ever writes its own pupil's row, never the whole séance. When the caller says which version
of a pupil's mark it saw, a different mark saved by someone else in between is detected through
the row's version counter and reported in French (the last write still wins unless the caller
asks to refuse).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from cites_app import audit
from cites_app.attendance.errors import AttendanceError, MarkConflictError
from cites_app.attendance.marks import (
    MARK_LABELS,
    PRESENT,
    UNCHECKED,
    ExpectedVersion,
    Mark,
    MarkCounts,
    describe,
)
from cites_app.attendance.seance import (
    RosterPupil,
    SchoolGroup,
    SeanceInfo,
    group_roster,
    load_seance,
    roster,
)
from cites_app.attendance.walk_ins import PupilNameIndex, WalkInCandidate
from cites_app.db.database import Database
from cites_app.models import ActivitySession, Attendance, Pupil, Registration
from cites_app.registers import formatting

Clock = Callable[[], datetime]
R = TypeVar("R")

_ATTEMPTS = 3  # a concurrent insert or update of the same pupil's row: read it again and retry


@dataclass(frozen=True)
class RollCallEntry:
    """One pupil of the roll call and its mark (None: not marked yet)."""

    pupil: RosterPupil
    mark: Mark | None


@dataclass(frozen=True)
class RollCall:
    """A séance's header and its pupils grouped by school."""

    seance: SeanceInfo
    groups: list[SchoolGroup[RollCallEntry]]

    @property
    def entries(self) -> list[RollCallEntry]:
        return [entry for group in self.groups for entry in group.items]

    @property
    def counts(self) -> MarkCounts:
        return MarkCounts.of(entry.mark for entry in self.entries)


@dataclass(frozen=True)
class MarkResult:
    """What a mark saved; ``conflict`` is a French notice when it replaced someone else's
    different mark made after the one the user saw."""

    pupil_id: int
    mark: Mark | None
    conflict: str | None = None


class RollCallService:
    """Roll calls of séances. ``clock`` gives "now" (Paris wall-clock time); ``actor`` is the
    name written in ``recorded_by`` (the login name by default)."""

    def __init__(
        self, database: Database, clock: Clock = datetime.now, actor: str | None = None
    ) -> None:
        self.database = database
        self.clock = clock
        self.actor = actor or audit.current_actor()
        self._names = PupilNameIndex()

    # -- reading --------------------------------------------------------------------------------

    def roll_call(self, session_id: int) -> RollCall:
        """The séance's pupils (registered, then walk-ins) grouped by school, with their marks."""
        with self.database.read_session() as session:
            seance = load_seance(session, session_id)
            marks = _marks(session, session_id)
            pupils = group_roster(roster(session, seance))
        groups = [
            SchoolGroup(
                group.school_id,
                group.school,
                tuple(RollCallEntry(pupil, marks.get(pupil.id)) for pupil in group.items),
            )
            for group in pupils
        ]
        return RollCall(seance, groups)

    def marks(self, session_id: int) -> dict[int, Mark]:
        """Every mark of the séance by pupil id (to merge what others saved meanwhile)."""
        with self.database.read_session() as session:
            return _marks(session, session_id)

    # -- marking --------------------------------------------------------------------------------

    def mark(
        self,
        session_id: int,
        pupil_id: int,
        status: str,
        *,
        minutes: int | None = None,
        expected_version: ExpectedVersion = UNCHECKED,
        refuse_conflict: bool = False,
    ) -> MarkResult:
        """Mark one pupil présent (``minutes`` for a partial presence), absent excusé or absent
        non excusé, in its own transaction.

        ``expected_version`` is the version of the mark the user saw (None: no mark yet); a
        different mark saved by someone else since then is reported in ``conflict``, or
        refused with MarkConflictError when ``refuse_conflict`` is set.
        """
        if status not in MARK_LABELS:
            raise AttendanceError(f"Présence inconnue « {status} ».")

        def work(session: Session) -> MarkResult:
            seance = self._open_seance(session, session_id)
            pupil = self._roster_pupil(session, seance, pupil_id)
            checked = self._checked_minutes(seance, status, minutes)
            return self._write(
                session, seance, pupil, status, checked, expected_version, refuse_conflict
            )

        return self._retrying(work)

    def mark_all_present(self, session_id: int) -> list[MarkResult]:
        """« Tous présents »: every pupil not marked yet becomes présent (one transaction).

        Pupils already marked keep their mark, whoever made it: the exceptions are marked after.
        """

        def work(session: Session) -> list[MarkResult]:
            seance = self._open_seance(session, session_id)
            marked = set(_marks(session, session_id))
            return [
                self._write(session, seance, pupil, PRESENT, None, None, False)
                for pupil in roster(session, seance)
                if pupil.id not in marked
            ]

        return self._retrying(work)

    def clear(
        self, session_id: int, pupil_id: int, *, expected_version: ExpectedVersion = UNCHECKED
    ) -> MarkResult:
        """Remove a pupil's mark (a mistake): the pupil is « non pointé » again."""

        def work(session: Session) -> MarkResult:
            seance = self._open_seance(session, session_id)
            row = _attendance_row(session, session_id, pupil_id)
            if row is None:
                return MarkResult(pupil_id, None)
            conflict = None
            if expected_version is not UNCHECKED and expected_version != row.version:
                conflict = self._conflict_text(session, seance, pupil_id, row, "non pointé")
            session.delete(row)
            session.flush()
            return MarkResult(pupil_id, None, conflict)

        return self._retrying(work)

    # -- walk-ins -------------------------------------------------------------------------------

    def search_walk_ins(self, session_id: int, text: str, limit: int = 20) -> list[WalkInCandidate]:
        """Pupils of the whole territory whose name matches ``text``, except those already on
        the séance's roll call."""
        with self.database.read_session() as session:
            seance = load_seance(session, session_id)
            present = frozenset(pupil.id for pupil in roster(session, seance))
            return self._names.search(session, text, limit, present)

    def add_walk_in(
        self, session_id: int, pupil_id: int, status: str = PRESENT, minutes: int | None = None
    ) -> MarkResult:
        """Add a pupil who came without being registered: a registration to this séance only
        and the pupil's mark, in one transaction."""

        def work(session: Session) -> MarkResult:
            seance = self._open_seance(session, session_id)
            pupil = session.get(Pupil, pupil_id)
            if pupil is None or pupil.anonymised_at is not None:
                raise AttendanceError(
                    f"Élève n° {pupil_id} introuvable (supprimé ou anonymisé entre-temps)."
                )
            _register_to_seance(session, seance, pupil_id)
            session.flush()
            entry = self._roster_pupil(session, seance, pupil_id)
            checked = self._checked_minutes(seance, status, minutes)
            result = self._write(session, seance, entry, status, checked, UNCHECKED, False)
            audit.record(
                session,
                "registration.walk_in",
                f"Élève non inscrit ajouté à « {seance.activity} » (séance n° {seance.id} du "
                f"{formatting.numeric_date(seance.starts_at.date())}).",
                entity="activity_session",
                details={"session_id": seance.id, "pupil_id": pupil_id},
            )
            return result

        return self._retrying(work)

    # -- internals ------------------------------------------------------------------------------

    def _retrying(self, work: Callable[[Session], R]) -> R:
        """Run ``work`` in its own transaction; when someone else inserted or updated the same
        row at the same moment, read it again in a new transaction (a few times)."""
        for _attempt in range(_ATTEMPTS):
            try:
                with self.database.session() as session:
                    result = work(session)
            except (IntegrityError, StaleDataError):
                continue
            return result
        raise AttendanceError(
            "Enregistrement impossible : d'autres personnes modifient la même présence au même "
            "moment. Réessayez dans un instant."
        )

    def _open_seance(self, session: Session, session_id: int) -> SeanceInfo:
        seance = load_seance(session, session_id)
        if seance.cancelled:
            raise AttendanceError("Cette séance est annulée : il n'y a pas d'appel à faire.")
        if seance.starts_at.date() > self.clock().date():
            raise AttendanceError(
                f"L'appel de cette séance ne peut pas être fait avant le jour de la séance "
                f"({seance.date_text})."
            )
        return seance

    @staticmethod
    def _roster_pupil(session: Session, seance: SeanceInfo, pupil_id: int) -> RosterPupil:
        for pupil in roster(session, seance):
            if pupil.id == pupil_id:
                return pupil
        raise AttendanceError(
            f"L'élève n° {pupil_id} n'est pas inscrit à cette séance : ajoutez-le comme élève "
            "non inscrit présent."
        )

    @staticmethod
    def _checked_minutes(seance: SeanceInfo, status: str, minutes: int | None) -> int | None:
        if minutes is None:
            return None
        if status != PRESENT:
            raise AttendanceError("Une durée de présence ne s'indique que pour un élève présent.")
        duration = seance.duration_minutes
        if not 0 < minutes <= duration:
            raise AttendanceError(
                f"Durée de présence impossible : {minutes} min (entre 1 et {duration} min pour "
                "cette séance)."
            )
        return None if minutes == duration else minutes

    def _write(
        self,
        session: Session,
        seance: SeanceInfo,
        pupil: RosterPupil,
        status: str,
        minutes: int | None,
        expected_version: ExpectedVersion,
        refuse_conflict: bool,
    ) -> MarkResult:
        now = self.clock()
        row = _attendance_row(session, seance.id, pupil.id)
        conflict = None
        if row is None:
            row = Attendance(session_id=seance.id, pupil_id=pupil.id)
            session.add(row)
        elif (row.status, row.minutes) == (status, minutes):
            return MarkResult(pupil.id, _mark(row))
        elif expected_version is not UNCHECKED and expected_version != row.version:
            conflict = self._conflict_text(
                session, seance, pupil.id, row, describe(status, minutes)
            )
            if refuse_conflict:
                raise MarkConflictError(conflict)
        row.status, row.minutes = status, minutes
        row.recorded_by, row.recorded_at = self.actor, now
        session.flush()
        if seance.attendance_taken_at is None:
            # Core UPDATE: the stamp must not bump the séance's version (a form editing the
            # séance meanwhile would be refused for nothing), and only the first one counts.
            session.execute(
                update(ActivitySession)
                .where(
                    ActivitySession.id == seance.id,
                    ActivitySession.attendance_taken_at.is_(None),
                )
                .values(attendance_taken_at=now)
                .execution_options(synchronize_session=False)
            )
        return MarkResult(pupil.id, _mark(row), conflict)

    def _conflict_text(
        self, session: Session, seance: SeanceInfo, pupil_id: int, row: Attendance, new: str
    ) -> str:
        pupil = session.get(Pupil, pupil_id)
        name = f"{pupil.first_name} {pupil.last_name}" if pupil is not None else "Cet élève"
        who = row.recorded_by if row.recorded_by and row.recorded_by != self.actor else None
        by = f"{who} avait" if who else "une autre saisie avait"
        at = f" à {formatting.clock_time(row.recorded_at)}" if row.recorded_at else ""
        return (
            f"{name} : entre-temps, {by} noté « {describe(row.status, row.minutes)} »{at} ; "
            f"votre saisie « {new} » l'a remplacé."
        )


def _attendance_row(session: Session, session_id: int, pupil_id: int) -> Attendance | None:
    return session.scalars(
        select(Attendance).where(
            Attendance.session_id == session_id, Attendance.pupil_id == pupil_id
        )
    ).one_or_none()


def _mark(row: Attendance) -> Mark:
    return Mark(row.status, row.minutes, row.version, row.recorded_by, row.recorded_at)


def _marks(session: Session, session_id: int) -> dict[int, Mark]:
    rows = session.execute(
        select(
            Attendance.pupil_id,
            Attendance.status,
            Attendance.minutes,
            Attendance.version,
            Attendance.recorded_by,
            Attendance.recorded_at,
        ).where(Attendance.session_id == session_id)
    ).all()
    return {row[0]: Mark(*row[1:]) for row in rows}


def _register_to_seance(session: Session, seance: SeanceInfo, pupil_id: int) -> None:
    """Register the pupil to this séance only, past the capacity (the pupil is there)."""
    rows = session.scalars(
        select(Registration).where(
            Registration.pupil_id == pupil_id,
            (Registration.session_id == seance.id)
            | (
                (Registration.activity_id == seance.activity_id) & Registration.session_id.is_(None)
            ),
        )
    ).all()
    if any(row.status == "inscrit" for row in rows):
        return
    own = next((row for row in rows if row.session_id == seance.id), None)
    if own is None:
        session.add(
            Registration(
                pupil_id=pupil_id,
                activity_id=seance.activity_id,
                session_id=seance.id,
                status="inscrit",
            )
        )
        return
    was_waiting = own.status == "attente"
    own.status, own.waiting_rank = "inscrit", None
    if was_waiting:  # the ranks of the séance's waiting list close up
        session.flush()
        waiting = session.scalars(
            select(Registration)
            .where(Registration.session_id == seance.id, Registration.status == "attente")
            .order_by(Registration.waiting_rank, Registration.id)
        ).all()
        for rank, row in enumerate(waiting, start=1):
            row.waiting_rank = rank
