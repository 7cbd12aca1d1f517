"""Match the rows of an attendance file against the database: what exists, what would be created.

Establishments are found by UAI, or by their exact name (tidy, case, accents and punctuation
ignored; the commune settles homonyms): an unknown school refuses its row. Activities are found
by title, séances by activity and start, venues and actions by name, pupils through a
:class:`~cites_app.attendance.pupil_matching.PupilMatcher`. The plan is computed again inside
the commit's transaction, so a preview never writes stale decisions.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from cites_app.attendance.import_plan_types import (
    DEFAULT_ACTION_KEY,
    ActionPlan,
    ActivityPlan,
    AttendancePlan,
    ImportPlan,
    PreviewRow,
    PupilRef,
    RowStatus,
    SeanceKey,
    SeancePlan,
)
from cites_app.attendance.import_rows import AttendanceRow
from cites_app.attendance.marks import describe
from cites_app.attendance.pupil_matching import PupilIdentity, PupilMatcher, name_key
from cites_app.models import (
    Action,
    Activity,
    ActivitySession,
    Attendance,
    Establishment,
    Registration,
    Venue,
)
from cites_app.opendata.names import tidy_establishment_name
from cites_app.pupil_files import FileIssue

CHUNK = 500  # ids per IN (…) list: far below every backend's limit on bound parameters


def chunks(ids: Iterable[int]) -> Iterable[list[int]]:
    values = sorted(set(ids))
    for start in range(0, len(values), CHUNK):
        yield values[start : start + CHUNK]


@dataclass
class _Schools:
    by_uai: dict[str, int] = field(default_factory=dict)
    by_name: dict[str, list[tuple[int, str]]] = field(default_factory=dict)
    """name key → [(id, commune key)]"""

    @classmethod
    def load(cls, session: Session) -> _Schools:
        schools = cls()
        for school_id, uai, name, commune in session.execute(
            select(Establishment.id, Establishment.uai, Establishment.name, Establishment.commune)
        ):
            schools.by_uai[uai] = school_id
            schools.by_name.setdefault(name_key(tidy_establishment_name(name)), []).append(
                (school_id, name_key(commune or ""))
            )
        return schools

    def resolve(self, row: AttendanceRow) -> int:
        """The school's id; ValueError (French) when it is unknown or ambiguous."""
        if row.uai is not None:
            if row.uai in self.by_uai:
                return self.by_uai[row.uai]
            raise ValueError(
                f"Établissement inconnu : UAI {row.uai} absent de la base (importez d'abord "
                "l'établissement depuis l'annuaire de l'éducation)"
            )
        assert row.school is not None
        found = self.by_name.get(name_key(tidy_establishment_name(row.school)), [])
        if len(found) > 1 and row.commune:
            found = [item for item in found if item[1] == name_key(row.commune)]
        if len(found) == 1:
            return found[0][0]
        if not found:
            raise ValueError(
                f"Établissement inconnu : « {row.school} » (aucun établissement de ce nom dans "
                "la base : indiquez son UAI ou importez-le d'abord)"
            )
        raise ValueError(
            f"Plusieurs établissements s'appellent « {row.school} » : indiquez l'UAI"
            + ("" if row.commune else " ou la commune")
        )


class Planner:
    """Builds the :class:`ImportPlan` of some rows in ``session`` (read only)."""

    def __init__(self, session: Session, matcher: PupilMatcher) -> None:
        self.session = session
        self.matcher = matcher
        self.plan = ImportPlan()
        self._first: dict[object, tuple[AttendanceRow, object]] = {}

    def build(self, rows: Sequence[AttendanceRow], issues: Sequence[FileIssue]) -> ImportPlan:
        plan = self.plan
        plan.issues.extend(issues)
        for issue in issues:
            if issue.row is not None and issue.severity == "error":
                plan.rows.append(PreviewRow.refused(issue))
        schools = _Schools.load(self.session)
        for row in rows:
            try:
                school_id = schools.resolve(row)
                self._add(row, school_id)
            except ValueError as exc:
                column = "UAI" if row.uai else "Établissement"
                self._refuse(row, str(exc), column)
        self._resolve_activities()
        self._resolve_seances()
        self._resolve_attendance()
        self._resolve_registrations()
        plan.rows.sort(key=lambda r: (r.sheet or "", r.source_row))
        return plan

    # -- reading the rows -----------------------------------------------------------------------

    def _refuse(self, row: AttendanceRow, message: str, column: str | None) -> None:
        issue = FileIssue(row.file, row.source_row, column, message, False, "error", row.sheet)
        self.plan.issues.append(issue)
        self.plan.rows.append(PreviewRow.of(row, RowStatus.ERROR, message))

    def _same_as_first(
        self, key: object, row: AttendanceRow, values: object, what: str, column: str
    ) -> None:
        """Raise _ContradictionError when ``row`` says something else than the first row of ``key``."""
        first, expected = self._first.setdefault(key, (row, values))
        if expected != values:
            scope = "séance" if column != "Type" else "activité"
            raise _ContradictionError(
                f"{what} différent(e) de la ligne {first.source_row} pour la même {scope}",
                column,
            )

    def _add(self, row: AttendanceRow, school_id: int) -> None:
        plan = self.plan
        activity_key = name_key(row.activity)
        try:
            if row.kind:  # a blank type says nothing: only two stated types can disagree
                self._same_as_first(
                    ("activity", activity_key), row, row.kind, "Type d'activité", "Type"
                )
            seance_key: SeanceKey = (activity_key, row.starts_at)
            self._same_as_first(seance_key, row, row.ends_at, "Heure de fin", "Heure de fin")
            if row.venue:
                self._same_as_first((seance_key, "venue"), row, name_key(row.venue), "Lieu", "Lieu")
        except _ContradictionError as exc:
            self._refuse(row, str(exc), exc.column)
            return
        activity = plan.activities.setdefault(
            activity_key,
            ActivityPlan(None, row.activity, row.kind or "autre", _action_key(row), row.action),
        )
        if row.kind and activity.kind != row.kind:  # the first rows left the type blank
            activity.kind = row.kind
        if row.axis and activity.axis is None:
            activity.axis = row.axis
        seance = plan.seances.setdefault(
            seance_key, SeancePlan(None, None, activity_key, row.starts_at, row.ends_at)
        )
        if row.venue and seance.venue is None:
            seance.venue = row.venue
        pupil = self._pupil(row, school_id)
        key = (seance_key, pupil)
        existing = plan.attendance.get(key)
        if existing is not None:
            if (existing.status, existing.minutes) == (row.status, row.minutes):
                message = f"Ligne en double (déjà à la ligne {existing.source_row}) : ignorée"
                plan.rows.append(PreviewRow.of(row, RowStatus.DUPLICATE, message))
                plan.issues.append(
                    FileIssue(row.file, row.source_row, None, message, False, "info", row.sheet)
                )
            else:
                self._refuse(
                    row,
                    f"Présence contradictoire avec la ligne {existing.source_row} (même élève, "
                    f"même séance : « {describe(existing.status, existing.minutes)} » puis "
                    f"« {describe(row.status, row.minutes)} »)",
                    "Statut",
                )
            return
        preview = PreviewRow.of(row, RowStatus.NEW, None)
        plan.rows.append(preview)
        plan.attendance[key] = AttendancePlan(row.status, row.minutes, row.source_row, preview)

    def _pupil(self, row: AttendanceRow, school_id: int) -> PupilRef:
        identity = PupilIdentity(row.last_name, row.first_name, row.birth_date, school_id, row.ine)
        found = self.matcher.match(identity)
        if found is not None:
            return found
        self.plan.new_pupils.append((row, school_id))
        placeholder = -len(self.plan.new_pupils)
        self.matcher.remember(identity, placeholder)
        return placeholder

    # -- matching against the database ----------------------------------------------------------

    def _resolve_activities(self) -> None:
        plan = self.plan
        existing: dict[str, list[tuple[int, int]]] = {}
        for activity_id, title, action_id in self.session.execute(
            select(Activity.id, Activity.title, Activity.action_id).order_by(Activity.id)
        ):
            existing.setdefault(name_key(title), []).append((activity_id, action_id))
        actions: dict[str, tuple[int, str]] = {}
        for action_id, title, axis in self.session.execute(
            select(Action.id, Action.title, Action.axis).order_by(Action.id)
        ):
            actions.setdefault(name_key(title), (action_id, axis))
        for key, activity in plan.activities.items():
            candidates = existing.get(key, [])
            activity.candidates = [activity_id for activity_id, _action in candidates]
            wanted = actions.get(activity.action_key)
            preferred = [a for a, action in candidates if wanted and action == wanted[0]]
            if candidates:
                activity.id = (preferred or activity.candidates)[0]
                continue
            if activity.action_key not in plan.actions:
                axis = activity.axis or _default_axis(activity.kind)
                title = activity.action_title or "Activités importées"
                plan.actions[activity.action_key] = ActionPlan(
                    wanted[0] if wanted else None, title, axis
                )

    def _resolve_seances(self) -> None:
        plan = self.plan
        candidates = {a for activity in plan.activities.values() for a in activity.candidates}
        found: dict[tuple[int, datetime], tuple[int, bool, datetime | None]] = {}
        for ids in chunks(candidates):
            for seance_id, activity_id, starts_at, cancelled, taken in self.session.execute(
                select(
                    ActivitySession.id,
                    ActivitySession.activity_id,
                    ActivitySession.starts_at,
                    ActivitySession.cancelled,
                    ActivitySession.attendance_taken_at,
                ).where(ActivitySession.activity_id.in_(ids))
            ):
                found.setdefault((activity_id, starts_at), (seance_id, cancelled, taken))
        for key, seance in plan.seances.items():
            activity = plan.activities[seance.activity_key]
            seance.activity_id = activity.id
            for activity_id in activity.candidates:
                match = found.get((activity_id, seance.starts_at))
                if match is not None:
                    seance.id, seance.activity_id = match[0], activity_id
                    seance.stamp = match[2] is None
                    if match[1]:
                        self._refuse_seance(key, "Cette séance est annulée dans la base")
                    break
        venues = {
            name_key(name): vid for vid, name in self.session.execute(select(Venue.id, Venue.name))
        }
        for seance in plan.seances.values():
            if seance.id is None and seance.venue:
                seance.venue_id = venues.get(name_key(seance.venue))

    def _refuse_seance(self, key: SeanceKey, message: str) -> None:
        for (seance_key, _pupil), attendance in self.plan.attendance.items():
            if seance_key == key:
                attendance.preview.refuse(message)
                row = attendance.preview
                self.plan.issues.append(
                    FileIssue(row.file, row.source_row, "Date", message, False, "error", row.sheet)
                )

    def _resolve_attendance(self) -> None:
        plan = self.plan
        seance_ids = {s.id: key for key, s in plan.seances.items() if s.id is not None}
        rows: dict[tuple[int, int], tuple[int, str, int | None]] = {}
        for ids in chunks(seance_ids):
            for row_id, seance_id, pupil_id, status, minutes in self.session.execute(
                select(
                    Attendance.id,
                    Attendance.session_id,
                    Attendance.pupil_id,
                    Attendance.status,
                    Attendance.minutes,
                ).where(Attendance.session_id.in_(ids))
            ):
                rows[(seance_id, pupil_id)] = (row_id, status, minutes)
        for (seance_key, pupil), attendance in plan.attendance.items():
            seance = plan.seances[seance_key]
            if seance.id is None or pupil < 0 or attendance.preview.status is RowStatus.ERROR:
                continue
            existing = rows.get((seance.id, pupil))
            if existing is None:
                continue
            attendance.id = existing[0]
            if (existing[1], existing[2]) == (attendance.status, attendance.minutes):
                attendance.preview.status = RowStatus.UNCHANGED
                attendance.preview.message = "Présence déjà enregistrée"
            else:
                attendance.preview.status = RowStatus.UPDATE
                attendance.preview.message = (
                    f"Remplace « {describe(existing[1], existing[2])} » enregistré dans la base"
                )

    def _resolve_registrations(self) -> None:
        plan = self.plan
        seance_ids = [s.id for s in plan.seances.values() if s.id is not None]
        activity_ids = [s.activity_id for s in plan.seances.values() if s.activity_id]
        own: set[tuple[int, int]] = set()
        whole: set[tuple[int, int]] = set()
        for ids in chunks(seance_ids):
            for seance_id, pupil_id in self.session.execute(
                select(Registration.session_id, Registration.pupil_id).where(
                    Registration.session_id.in_(ids)
                )
            ):
                if seance_id is not None:
                    own.add((seance_id, pupil_id))
        for ids in chunks(activity_ids):
            for activity_id, pupil_id in self.session.execute(
                select(Registration.activity_id, Registration.pupil_id).where(
                    Registration.activity_id.in_(ids),
                    Registration.session_id.is_(None),
                    Registration.status == "inscrit",
                )
            ):
                if activity_id is not None:
                    whole.add((activity_id, pupil_id))
        for seance_key, pupil in plan.attendance:
            seance = plan.seances[seance_key]
            if pupil > 0 and seance.id is not None and (seance.id, pupil) in own:
                continue
            if pupil > 0 and seance.activity_id and (seance.activity_id, pupil) in whole:
                continue
            plan.registrations.append((seance_key, pupil))


class _ContradictionError(ValueError):
    def __init__(self, message: str, column: str) -> None:
        super().__init__(message)
        self.column = column


def _action_key(row: AttendanceRow) -> str:
    return name_key(row.action) if row.action else DEFAULT_ACTION_KEY


def _default_axis(kind: str) -> str:
    """Orientation opens « le champ des possibles »; other times serve educational continuity."""
    return "possibles" if kind == "orientation" else "continuite"
