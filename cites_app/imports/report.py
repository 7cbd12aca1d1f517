"""What an import says back: counts, row-level issues in French, and whether anything was written.

The same `ImportReport` comes out of the establishment and the pupil imports, so the command
line prints both alike and the window shows both in the same summary panel.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from cites_app.pupil_files import FileIssue

Severity = Literal["error", "warning", "info"]

Progress = Callable[[int, str], None]
"""Called with a percentage and a French message as a long import goes (for a progress dialog)."""


def no_progress(_percent: int, _message: str) -> None:
    """The default `Progress`: says nothing."""


ImportKind = Literal["pupils", "establishments"]


class ImportRefusedError(ValueError):
    """An import cannot go on (unknown establishment given, refused file…); French message."""


class StalePreviewError(ImportRefusedError):
    """The database changed between the preview and the commit: nothing was written."""


@dataclass(frozen=True, slots=True)
class ImportIssue:
    """A problem located in a file: file name, 1-based row, column header (when known)."""

    file: str
    row: int | None
    column: str | None
    message: str
    severity: Severity = "error"
    sheet: str | None = None

    @classmethod
    def from_file_issue(cls, issue: FileIssue) -> ImportIssue:
        """The same issue as the pupil-file readers describe it."""
        return cls(issue.file, issue.row, issue.column, issue.message, issue.severity, issue.sheet)

    def __str__(self) -> str:
        """French one-line text: « eleves.csv, ligne 4, colonne « Date » : message »."""
        where = [self.file]
        if self.sheet is not None:
            where.append(f"feuille « {self.sheet} »")
        if self.row is not None:
            where.append(f"ligne {self.row}")
        if self.column is not None:
            where.append(f"colonne « {self.column} »")
        return f"{', '.join(where)} : {self.message}"

    def to_json(self) -> dict[str, object]:
        """``{"file", "row", "column", "message"}`` (plus ``"sheet"`` for multi-sheet workbooks)."""
        data: dict[str, object] = {
            "file": self.file,
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }
        if self.sheet is not None:
            data["sheet"] = self.sheet
        return data


@dataclass
class ImportReport:
    """Outcome of one import (or of its dry run).

    ``created`` / ``updated`` / ``unchanged`` count rows written (or that would be, in a dry
    run); ``rejected`` counts rows refused (errors, and duplicates of another row of the same
    file); ``ignored`` counts rows left out on purpose (outside the communes asked for, rows the
    user did not accept in the window). ``refused`` means nothing was written because of the
    file (fatal problem, every row rejected, or rows in error under the strict rule); ``message``
    then says why.
    """

    kind: ImportKind
    file: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    ignored: int = 0
    errors: list[ImportIssue] = field(default_factory=list)
    warnings: list[ImportIssue] = field(default_factory=list)
    refused: bool = False
    committed: bool = False
    dry_run: bool = False
    message: str = ""

    def to_json(self) -> dict[str, object]:
        """The machine-readable form printed by ``--json``."""
        return {
            "file": self.file,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": self.rejected,
            "ignored": self.ignored,
            "committed": self.committed,
            "dry_run": self.dry_run,
            "refused": self.refused,
            "message": self.message,
            "errors": [issue.to_json() for issue in self.errors],
            "warnings": [issue.to_json() for issue in self.warnings],
        }

    def summary(self) -> str:
        """One French sentence with the counts: « eleves.csv — élèves : 3 créés, 1 mis à jour… »."""

        def count(n: int, word: str) -> str:
            return f"{n} {word}{'s' if n > 1 else ''}"

        parts = [
            count(self.created, "créé"),
            f"{self.updated} mis à jour",
            count(self.unchanged, "inchangé"),
            count(self.rejected, "refusé"),
        ]
        if self.ignored:
            parts.append(count(self.ignored, "ignoré"))
        noun = "élèves" if self.kind == "pupils" else "établissements"
        head = f"{self.file} — {noun} : " + ", ".join(parts)
        if self.refused:
            return f"{head}. Rien n'a été importé : {self.message}"
        if self.dry_run:
            return f"{head} (essai : rien n'a été écrit)."
        return f"{head}."
