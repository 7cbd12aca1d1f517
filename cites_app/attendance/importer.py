"""Import of past attendance: an Excel / ODS / CSV file with one row per séance × pupil.

Like the pupil import: ``preview()`` reads the file and says, row by row, what would happen (new,
update, already there, duplicate, error and why) without writing anything; ``commit()`` writes
everything in one transaction, or nothing — a file with any row in error is refused whole, with
each error naming the file, the row and the column. Importing the same file twice adds nothing
the second time (séances are matched by activity and start, présences by séance and pupil).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from cites_app import audit
from cites_app.attendance.errors import AttendanceError
from cites_app.attendance.import_file import read_attendance_cells
from cites_app.attendance.import_plan import Planner, chunks
from cites_app.attendance.import_plan_types import (
    ImportCounts,
    ImportPlan,
    PreviewRow,
    RowStatus,
)
from cites_app.attendance.import_rows import AttendanceRow, RowReader
from cites_app.attendance.pupil_matching import NamePupilMatcher, PupilMatcherFactory, name_key
from cites_app.db.database import Database
from cites_app.models import (
    Action,
    Activity,
    ActivitySession,
    Attendance,
    Pupil,
    Registration,
    Venue,
)
from cites_app.pupil_files import FileIssue

MAX_LISTED_ERRORS = 20


class AttendanceImportRefused(AttendanceError):  # noqa: N818 - a refusal, as users read it
    """The file was refused: nothing was written. ``issues`` are the errors, located."""

    def __init__(self, message: str, issues: list[FileIssue]) -> None:
        super().__init__(message)
        self.issues = issues


@dataclass
class AttendancePreview:
    """What reading a file gave, and what importing it would do."""

    path: Path
    rows: list[AttendanceRow]
    read_issues: list[FileIssue]
    plan: ImportPlan

    @property
    def issues(self) -> list[FileIssue]:
        return self.plan.issues

    @property
    def errors(self) -> list[FileIssue]:
        return self.plan.errors

    @property
    def refused(self) -> bool:
        """True when the file cannot be imported as it is."""
        return bool(self.errors)

    @property
    def preview_rows(self) -> list[PreviewRow]:
        return self.plan.rows

    @property
    def counts(self) -> ImportCounts:
        return self.plan.counts

    def refusal_message(self) -> str:
        """« Fichier refusé, rien n'a été importé : 2 erreurs. » followed by the errors."""
        errors = self.errors
        lines = [
            f"Fichier refusé, rien n'a été importé : {len(errors)} erreur"
            f"{'s' if len(errors) > 1 else ''} à corriger dans le fichier."
        ]
        lines.extend(f"  - {issue}" for issue in errors[:MAX_LISTED_ERRORS])
        if len(errors) > MAX_LISTED_ERRORS:
            lines.append(f"  … et {len(errors) - MAX_LISTED_ERRORS} autres.")
        return "\n".join(lines)


class AttendanceImporter:
    """Preview and commit of past-attendance files.

    ``matcher_factory`` finds existing pupils (default: INE, else name + birth date + school);
    pass the pupil import's matcher to share its rules exactly.
    """

    def __init__(
        self,
        database: Database,
        clock: Callable[[], datetime] = datetime.now,
        matcher_factory: PupilMatcherFactory = NamePupilMatcher.load,
        actor: str | None = None,
    ) -> None:
        self.database = database
        self.clock = clock
        self.matcher_factory = matcher_factory
        self.actor = actor or audit.current_actor()

    def preview(self, path: str | Path) -> AttendancePreview:
        """Read ``path`` and plan the import; nothing is written."""
        path = Path(path)
        rows, issues = self.read(path)
        with self.database.read_session() as session:
            plan = Planner(session, self.matcher_factory(session)).build(rows, issues)
        return AttendancePreview(path, rows, issues, plan)

    def read(self, path: Path) -> tuple[list[AttendanceRow], list[FileIssue]]:
        """The clean rows of the file and the issues met while reading it."""
        raw = read_attendance_cells(path)
        issues = list(raw.issues)
        rows: list[AttendanceRow] = []
        if raw.refused:
            return rows, issues
        today = self.clock().date()
        for table in raw.tables:
            reader = RowReader(table, today)
            rows.extend(reader.read())
            issues.extend(reader.issues)
        if not rows and not any(i.severity == "error" for i in issues):
            issues.append(
                FileIssue(path.name, None, None, "Aucune ligne de présence dans le fichier", True)
            )
        return rows, issues

    def commit(self, preview: AttendancePreview) -> ImportCounts:
        """Write the import in one transaction (planned again inside it), or refuse it whole
        with AttendanceImportRefused when any row is in error."""
        if preview.refused:
            raise AttendanceImportRefused(preview.refusal_message(), preview.errors)
        with self.database.session() as session:
            plan = Planner(session, self.matcher_factory(session)).build(
                preview.rows, preview.read_issues
            )
            if plan.errors:
                again = AttendancePreview(preview.path, preview.rows, preview.read_issues, plan)
                raise AttendanceImportRefused(again.refusal_message(), plan.errors)
            counts = plan.counts  # before writing: the writer fills in the new ids
            _Writer(session, plan, self.clock(), self.actor).write()
            audit.record(
                session,
                "import.attendance",
                f"Import des présences « {preview.path.name} » : {counts.summary_fr()}",
                details={"file": preview.path.name, **counts.to_dict()},
            )
        return counts

    def import_file(self, path: str | Path) -> ImportCounts:
        """Preview then commit (the command line's path)."""
        return self.commit(self.preview(path))


class _Writer:
    def __init__(self, session: Session, plan: ImportPlan, now: datetime, actor: str) -> None:
        self.session, self.plan, self.now, self.actor = session, plan, now, actor

    def write(self) -> None:
        session, plan = self.session, self.plan
        actions: dict[str, int] = {}
        for key, action in plan.actions.items():
            if action.id is None:
                created = Action(
                    title=action.title[:200],
                    axis=action.axis,
                    description="Créée par l'import des présences.",
                )
                session.add(created)
                session.flush()
                action.id = created.id
            actions[key] = action.id
        for activity in plan.activities.values():
            if activity.id is None:
                created_activity = Activity(
                    action_id=actions[activity.action_key], title=activity.title, kind=activity.kind
                )
                session.add(created_activity)
                session.flush()
                activity.id = created_activity.id
        self._seances()
        pupils = self._pupils()
        self._attendance(pupils)
        self._registrations(pupils)

    def _seances(self) -> None:
        session, plan = self.session, self.plan
        venues: dict[str, int] = {}
        for seance in plan.seances.values():
            if seance.id is not None:
                if seance.stamp:
                    session.execute(
                        update(ActivitySession)
                        .where(
                            ActivitySession.id == seance.id,
                            ActivitySession.attendance_taken_at.is_(None),
                        )
                        .values(attendance_taken_at=self.now)
                        .execution_options(synchronize_session=False)
                    )
                continue
            venue_id = seance.venue_id
            if venue_id is None and seance.venue:
                key = name_key(seance.venue)
                if key not in venues:
                    venue = Venue(name=seance.venue[:200])
                    session.add(venue)
                    session.flush()
                    venues[key] = venue.id
                venue_id = venues[key]
            activity = plan.activities[seance.activity_key]
            created = ActivitySession(
                activity_id=activity.id,
                starts_at=seance.starts_at,
                ends_at=seance.ends_at,
                venue_id=venue_id,
                attendance_taken_at=self.now,
            )
            session.add(created)
            session.flush()
            seance.id, seance.activity_id = created.id, activity.id

    def _pupils(self) -> dict[int, int]:
        """Placeholder (-n) → id of each pupil created."""
        created: list[Pupil] = []
        for row, school_id in self.plan.new_pupils:
            created.append(
                Pupil(
                    last_name=row.last_name,
                    first_name=row.first_name,
                    birth_date=row.birth_date,
                    birth_year=row.birth_date.year if row.birth_date else None,
                    sex=row.sex,
                    niveau=row.niveau,
                    ulis=row.ulis,
                    segpa=row.segpa,
                    establishment_id=school_id,
                    qpv={True: "oui", False: "non", None: "inconnu"}[row.qpv],
                    ine=row.ine,
                )
            )
        self.session.add_all(created)
        self.session.flush()
        return {-(index + 1): pupil.id for index, pupil in enumerate(created)}

    def _attendance(self, pupils: dict[int, int]) -> None:
        plan = self.plan
        new_rows: list[dict[str, object]] = []
        updates: dict[int, tuple[str, int | None]] = {}
        for (seance_key, ref), attendance in plan.attendance.items():
            status = attendance.preview.status
            if status is RowStatus.NEW:
                new_rows.append(
                    {
                        "session_id": plan.seances[seance_key].id,
                        "pupil_id": pupils.get(ref, ref),
                        "status": attendance.status,
                        "minutes": attendance.minutes,
                        "recorded_at": self.now,
                        "recorded_by": self.actor[:100],
                    }
                )
            elif status is RowStatus.UPDATE and attendance.id is not None:
                updates[attendance.id] = (attendance.status, attendance.minutes)
        if new_rows:
            # Core executemany: an import may hold hundreds of thousands of présences.
            self.session.execute(insert(Attendance), new_rows)
        for ids in chunks(updates):
            for row in self.session.scalars(select(Attendance).where(Attendance.id.in_(ids))):
                row.status, row.minutes = updates[row.id]
                row.recorded_at, row.recorded_by = self.now, self.actor[:100]
        self.session.flush()

    def _registrations(self, pupils: dict[int, int]) -> None:
        rows = [
            {
                "pupil_id": pupils.get(ref, ref),
                "activity_id": self.plan.seances[seance_key].activity_id,
                "session_id": self.plan.seances[seance_key].id,
                "status": "inscrit",
            }
            for seance_key, ref in self.plan.registrations
        ]
        if rows:
            self.session.execute(insert(Registration), rows)
