"""What an attendance import would do, row by row and entity by entity (no database access)."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime

from cites_app.attendance.import_rows import AttendanceRow
from cites_app.attendance.marks import describe
from cites_app.pupil_files import FileIssue
from cites_app.registers import formatting

DEFAULT_ACTION_KEY = ""
"""Activities of a file without an « Action » column go under one action « Activités importées »."""

SeanceKey = tuple[str, datetime]
"""(activity name key, start) of a séance of the file."""

PupilRef = int
"""A pupil's id, or -n for the n-th pupil the import will create."""


class RowStatus(enum.StrEnum):
    """The preview status of a row, as in the pupil import."""

    NEW = "nouveau"
    UPDATE = "mise_a_jour"
    UNCHANGED = "inchange"
    DUPLICATE = "doublon"
    ERROR = "erreur"


ROW_STATUS_LABELS: dict[RowStatus, str] = {
    RowStatus.NEW: "Nouvelle présence",
    RowStatus.UPDATE: "Présence modifiée",
    RowStatus.UNCHANGED: "Déjà enregistrée",
    RowStatus.DUPLICATE: "Ligne en double",
    RowStatus.ERROR: "Erreur",
}


@dataclass
class PreviewRow:
    """One row of the file as the preview lists it."""

    file: str
    sheet: str | None
    source_row: int
    status: RowStatus
    message: str | None
    when: str = ""
    activity: str = ""
    pupil: str = ""
    school: str = ""
    presence: str = ""

    @classmethod
    def of(cls, row: AttendanceRow, status: RowStatus, message: str | None) -> PreviewRow:
        return cls(
            row.file,
            row.sheet,
            row.source_row,
            status,
            message,
            f"{formatting.numeric_date(row.starts_at.date())} "
            f"{formatting.time_range(row.starts_at, row.ends_at)}",
            row.activity,
            f"{row.last_name} {row.first_name}",
            row.uai or row.school or "",
            describe(row.status, row.minutes),
        )

    @classmethod
    def refused(cls, issue: FileIssue) -> PreviewRow:
        """A row that could not even be read."""
        return cls(issue.file, issue.sheet, issue.row or 0, RowStatus.ERROR, str(issue))

    def refuse(self, message: str) -> None:
        self.status, self.message = RowStatus.ERROR, message

    @property
    def status_label(self) -> str:
        return ROW_STATUS_LABELS[self.status]

    def to_dict(self) -> dict[str, object]:
        return {
            "sheet": self.sheet,
            "row": self.source_row,
            "status": self.status.value,
            "message": self.message,
            "when": self.when,
            "activity": self.activity,
            "pupil": self.pupil,
            "school": self.school,
            "presence": self.presence,
        }


@dataclass
class ActionPlan:
    id: int | None
    title: str
    axis: str


@dataclass
class ActivityPlan:
    id: int | None
    """The activity new séances go to (None: created by the import)."""
    title: str
    kind: str
    action_key: str
    action_title: str | None
    axis: str | None = None
    candidates: list[int] = field(default_factory=list)
    """Activities of the database with the same title (a séance may be found in any of them)."""


@dataclass
class SeancePlan:
    id: int | None
    activity_id: int | None
    activity_key: str
    starts_at: datetime
    ends_at: datetime
    venue: str | None = None
    venue_id: int | None = None
    stamp: bool = True
    """The séance has no ``attendance_taken_at`` yet: the import sets it."""


@dataclass
class AttendancePlan:
    status: str
    minutes: int | None
    source_row: int
    preview: PreviewRow
    id: int | None = None


@dataclass(frozen=True)
class ImportCounts:
    """Counts of an import (or of its preview): the pupil import's four, and the details."""

    created: int
    updated: int
    unchanged: int
    rejected: int
    duplicates: int
    activities_created: int
    seances_created: int
    seances_matched: int
    pupils_created: int
    pupils_matched: int

    def to_dict(self) -> dict[str, int]:
        return dict(self.__dict__)

    def summary_fr(self) -> str:
        """« 412 présences créées, 0 modifiée, 0 déjà enregistrée ; 20 séances créées … »."""
        c = formatting.count
        return (
            f"{c(self.created, 'présence créée', 'présences créées')}, "
            f"{c(self.updated, 'modifiée', 'modifiées')}, "
            f"{c(self.unchanged, 'déjà enregistrée', 'déjà enregistrées')}"
            + (
                f", {c(self.duplicates, 'ligne en double', 'lignes en double')}"
                if self.duplicates
                else ""
            )
            + f" ; {c(self.activities_created, 'activité créée', 'activités créées')}, "
            f"{c(self.seances_created, 'séance créée', 'séances créées')} "
            f"({c(self.seances_matched, 'retrouvée', 'retrouvées')}), "
            f"{c(self.pupils_created, 'élève créé', 'élèves créés')} "
            f"({c(self.pupils_matched, 'retrouvé', 'retrouvés')})"
            + (
                f" ; {c(self.rejected, 'ligne refusée', 'lignes refusées')}"
                if self.rejected
                else ""
            )
            + "."
        )


@dataclass
class ImportPlan:
    """Everything the import would write, and every row's status."""

    rows: list[PreviewRow] = field(default_factory=list)
    issues: list[FileIssue] = field(default_factory=list)
    actions: dict[str, ActionPlan] = field(default_factory=dict)
    activities: dict[str, ActivityPlan] = field(default_factory=dict)
    seances: dict[SeanceKey, SeancePlan] = field(default_factory=dict)
    new_pupils: list[tuple[AttendanceRow, int]] = field(default_factory=list)
    """(first row naming the pupil, establishment id) of each pupil to create."""
    attendance: dict[tuple[SeanceKey, PupilRef], AttendancePlan] = field(default_factory=dict)
    registrations: list[tuple[SeanceKey, PupilRef]] = field(default_factory=list)

    @property
    def errors(self) -> list[FileIssue]:
        return [issue for issue in self.issues if issue.fatal or issue.severity == "error"]

    @property
    def counts(self) -> ImportCounts:
        by_status = {status: 0 for status in RowStatus}
        for row in self.rows:
            by_status[row.status] += 1
        matched = {pupil for (_seance, pupil) in self.attendance if pupil > 0}
        return ImportCounts(
            created=by_status[RowStatus.NEW],
            updated=by_status[RowStatus.UPDATE],
            unchanged=by_status[RowStatus.UNCHANGED],
            rejected=by_status[RowStatus.ERROR],
            duplicates=by_status[RowStatus.DUPLICATE],
            activities_created=sum(1 for a in self.activities.values() if a.id is None),
            seances_created=sum(1 for s in self.seances.values() if s.id is None),
            seances_matched=sum(1 for s in self.seances.values() if s.id is not None),
            pupils_created=len(self.new_pupils),
            pupils_matched=len(matched),
        )
