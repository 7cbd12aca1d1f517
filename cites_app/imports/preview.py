"""The preview of a pupil import: every row of the file with what committing it would do.

Built by `preview_pupils` without writing anything; shown by the import wizard (one table
row per `PreviewRow`), then handed to `commit_pupils` with the rows the user accepted.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Literal

from cites_app.imports.report import ImportIssue
from cites_app.pupil_files import ColumnMapping, FileKind, PupilRow

RowStatus = Literal["new", "update", "unchanged", "duplicate", "error"]
MatchedBy = Literal["ine", "identity"]
MappingSource = Literal["detected", "given", "remembered"]

STATUS_LABELS: Mapping[RowStatus, str] = {
    "new": "Nouvel élève",
    "update": "Mise à jour",
    "unchanged": "Inchangé",
    "duplicate": "Doublon",
    "error": "Erreur",
}
"""French labels of the statuses, for the wizard's status column and the CLI."""

WRITABLE: frozenset[RowStatus] = frozenset({"new", "update"})
REJECTED: frozenset[RowStatus] = frozenset({"duplicate", "error"})

FIELD_NAMES: Mapping[str, str] = {
    "last_name": "Nom",
    "first_name": "Prénom",
    "birth_date": "Date de naissance",
    "sex": "Sexe",
    "niveau": "Niveau",
    "class_label": "Classe",
    "ine": "INE",
    "establishment_id": "Établissement",
    "qpv": "Réside en QPV",
    "ulis": "ULIS",
    "segpa": "SEGPA",
    "name": "Nom",
    "kind": "Type",
    "sector": "Secteur",
    "education_prioritaire": "Éducation prioritaire",
    "commune": "Commune",
    "code_insee": "Code INSEE",
    "departement": "Département",
    "academie": "Académie",
    "latitude": "Latitude",
    "longitude": "Longitude",
    "enrolment": "Effectif",
}
"""French names of the pupil and establishment columns an import can change."""


def _shown(value: object) -> str:
    if value is None or value == "":
        return "(vide)"
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return str(value)


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One value an update changes. ``old_text`` / ``new_text`` are what the user reads."""

    field: str
    old: object
    new: object
    old_text: str = ""
    new_text: str = ""

    @property
    def label(self) -> str:
        """French name of the field (« Classe »)."""
        return FIELD_NAMES.get(self.field, self.field)

    def __str__(self) -> str:
        """« Classe : 6A → 5A »."""
        old = self.old_text or _shown(self.old)
        new = self.new_text or _shown(self.new)
        return f"{self.label} : {old} → {new}"


@dataclass(slots=True)
class PreviewRow:
    """One row of the file and its fate.

    ``pupil`` is None for rows the reader refused (their ``issues`` say why). ``existing_id`` is
    the pupil found in the database (update / unchanged), ``duplicate_of`` the row number of the
    first occurrence in the same file. ``index`` is the row's position in `PupilPreview.rows`:
    the key `commit_pupils(accepted_rows=…)` expects.
    """

    index: int
    row: int | None
    sheet: str | None
    status: RowStatus
    pupil: PupilRow | None = None
    establishment_id: int | None = None
    establishment_uai: str | None = None
    existing_id: int | None = None
    matched_by: MatchedBy | None = None
    changes: tuple[FieldChange, ...] = ()
    issues: list[ImportIssue] = field(default_factory=list)
    duplicate_of: int | None = None

    @property
    def status_label(self) -> str:
        """« Nouvel élève », « Mise à jour », « Doublon »…"""
        return STATUS_LABELS[self.status]

    @property
    def errors(self) -> list[ImportIssue]:
        """The issues that refuse the row."""
        return [issue for issue in self.issues if issue.severity == "error"]

    @property
    def reason(self) -> str:
        """Why the row is refused (errors), or what the update changes, in French."""
        if self.status in REJECTED:
            return " ; ".join(issue.message for issue in self.errors)
        if self.status == "update":
            return " ; ".join(str(change) for change in self.changes)
        return ""


@dataclass
class PupilPreview:
    """Everything `preview_pupils` found; nothing has been written yet.

    ``refused`` is True when the file cannot be imported at all (``file_issues`` holds the
    fatal message, ``rows`` is empty). ``mapping`` is the column mapping used (None for SIECLE);
    ``mapping_source`` says whether it was detected, given by the caller, or remembered from a
    previous file of the same shape. ``establishment_uai`` is the establishment given for rows
    that do not name theirs.
    """

    path: Path
    kind: FileKind
    rows: list[PreviewRow]
    file_issues: list[ImportIssue]
    mapping: ColumnMapping | None
    mapping_source: MappingSource
    establishment_uai: str | None
    refused: bool = False
    versions: dict[int, int] = field(default_factory=dict, repr=False)
    """Version of each matched pupil when previewed (commit refuses if it changed since)."""
    snapshots: dict[int, dict[str, object]] = field(default_factory=dict, repr=False)
    """Stored values of each pupil to update, as read at preview time."""
    unknown_uais: list[str] = field(default_factory=list)
    """Valid UAIs the file (or the caller) names that no stored establishment has, in the
    order they first appear: the schools to add before these rows can be imported."""

    @property
    def file(self) -> str:
        """The file name, as messages show it."""
        return self.path.name

    def counts(self) -> dict[RowStatus, int]:
        """Number of rows per status (every status present, zero included)."""
        found = Counter(row.status for row in self.rows)
        return {status: found.get(status, 0) for status in STATUS_LABELS}

    @property
    def rejected_rows(self) -> list[PreviewRow]:
        """Rows in error or duplicated: what `export_rejected` writes."""
        return [row for row in self.rows if row.status in REJECTED]

    @property
    def has_errors(self) -> bool:
        """True when at least one row is in error (the CLI's strict rule then writes nothing)."""
        return any(row.status == "error" for row in self.rows)

    def errors(self) -> list[ImportIssue]:
        """Fatal and row-refusing issues, file-level first, then in row order."""
        found = [issue for issue in self.file_issues if issue.severity == "error"]
        for row in self.rows:
            found.extend(row.errors)
        return found

    def warnings(self) -> list[ImportIssue]:
        """Issues that left a value empty or that the user should know, in row order."""
        found = [issue for issue in self.file_issues if issue.severity != "error"]
        for row in self.rows:
            found.extend(issue for issue in row.issues if issue.severity != "error")
        return found
