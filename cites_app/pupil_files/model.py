"""Value types shared by every pupil-list reader: rows, issues, column mappings, results.

Nothing here reads a file. Readers (`onde`, `siecle`, `tabular`) produce these objects; the
import service in the layer above matches them against the database.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum
from typing import Literal

FileKind = Literal["onde", "siecle", "tabular", "unknown"]

Severity = Literal["error", "warning", "info"]
"""How a non-fatal issue affected its row.

- ``"error"``: the row was refused (it is not in `PupilFile.rows`);
- ``"warning"``: the row was kept but one value was left empty (unreadable sex, niveau, INE…);
- ``"info"``: nothing wrong, the user should know (a pupil who left the school, skipped).

A fatal issue (``fatal=True``) always has severity ``"error"``.
"""


@dataclass(frozen=True, slots=True)
class PupilRow:
    """One pupil as read from a file, normalised but not yet matched against the database."""

    source_row: int
    """1-based row number as a spreadsheet shows it (header = 1), or the element index (SIECLE)."""
    last_name: str
    first_name: str
    birth_date: date | None
    sex: str | None
    niveau: str | None
    class_label: str | None
    ine: str | None
    uai: str | None
    qpv: bool | None
    ulis: bool = False
    segpa: bool = False
    sheet: str | None = None
    """Worksheet name for workbooks read across several sheets (None for CSV and SIECLE)."""


@dataclass(frozen=True, slots=True)
class FileIssue:
    """A problem found while reading a file, located as precisely as the file allows."""

    file: str
    row: int | None
    column: str | None
    message: str
    fatal: bool
    severity: Severity = "error"
    sheet: str | None = None

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


class Field(StrEnum):
    """The pupil attributes a column can hold."""

    LAST_NAME = "last_name"
    USAGE_NAME = "usage_name"
    """Nom d'usage: used as the last name only when the family-name column is empty."""
    FIRST_NAME = "first_name"
    FULL_NAME = "full_name"
    """« DUPONT Marie » in one column, split on the upper-case words."""
    BIRTH_DATE = "birth_date"
    SEX = "sex"
    NIVEAU = "niveau"
    CLASS_LABEL = "class_label"
    INE = "ine"
    UAI = "uai"
    QPV = "qpv"
    ULIS = "ulis"
    SEGPA = "segpa"


FIELD_LABELS: Mapping[Field, str] = {
    Field.LAST_NAME: "Nom",
    Field.USAGE_NAME: "Nom d'usage",
    Field.FIRST_NAME: "Prénom",
    Field.FULL_NAME: "Nom et prénom",
    Field.BIRTH_DATE: "Date de naissance",
    Field.SEX: "Sexe",
    Field.NIVEAU: "Niveau",
    Field.CLASS_LABEL: "Classe",
    Field.INE: "INE",
    Field.UAI: "UAI",
    Field.QPV: "Réside en QPV",
    Field.ULIS: "ULIS",
    Field.SEGPA: "SEGPA",
}
"""French names of the fields, as the mapping dialog and the messages show them."""


@dataclass(frozen=True, slots=True)
class ColumnRef:
    """Where a field is read: 0-based column index and the header text as written in the file."""

    index: int
    header: str


@dataclass(frozen=True)
class ColumnMapping:
    """Which column holds which field, for one header shape. The user may correct it.

    `header_row` is 1-based (0 = the file has no header row, data starts on row 1).
    `headers` are the header cells as written; `signature` is `mapping_signature(headers)`,
    the key under which the application remembers a corrected mapping.
    """

    header_row: int
    headers: tuple[str, ...]
    columns: Mapping[Field, ColumnRef] = field(default_factory=dict)

    @property
    def signature(self) -> str:
        """Stable key of this header shape (see `mapping_signature`)."""
        return mapping_signature(self.headers)

    def with_column(self, target: Field, index: int | None) -> ColumnMapping:
        """Return a copy where `target` is read from column `index` (None: not read at all)."""
        columns = dict(self.columns)
        columns.pop(target, None)
        if index is not None:
            header = self.headers[index] if 0 <= index < len(self.headers) else ""
            columns[target] = ColumnRef(index, header)
        return replace(self, columns=columns)

    def to_json(self) -> str:
        """Serialise for the settings store."""
        return json.dumps(
            {
                "header_row": self.header_row,
                "headers": list(self.headers),
                "columns": {f.value: [ref.index, ref.header] for f, ref in self.columns.items()},
            },
            ensure_ascii=False,
        )

    @classmethod
    def from_json(cls, text: str) -> ColumnMapping:
        """Inverse of `to_json`; raises ValueError on a malformed text."""
        try:
            data = json.loads(text)
            columns = {
                Field(k): ColumnRef(int(v[0]), str(v[1])) for k, v in data["columns"].items()
            }
            return cls(int(data["header_row"]), tuple(str(h) for h in data["headers"]), columns)
        except (KeyError, TypeError, IndexError, json.JSONDecodeError) as exc:
            raise ValueError(f"Correspondance de colonnes illisible : {exc}") from exc


@dataclass
class PupilFile:
    """Everything read from one file: usable rows, issues, and how the columns were understood."""

    kind: FileKind
    rows: list[PupilRow]
    issues: list[FileIssue]
    mapping: ColumnMapping | None = None
    uai: str | None = None

    @property
    def refused(self) -> bool:
        """True when the whole file was refused (at least one fatal issue)."""
        return any(issue.fatal for issue in self.issues)


def normalize_header(text: str) -> str:
    """Lower-case, accents removed, punctuation collapsed to single spaces: « Né(e) le » → « ne e le »."""
    decomposed = unicodedata.normalize("NFKD", text)
    out: list[str] = []
    for ch in decomposed:
        if unicodedata.combining(ch):
            continue
        out.append(ch.lower() if ch.isalnum() else " ")
    return " ".join("".join(out).split())


def mapping_signature(headers: Iterable[str]) -> str:
    """Stable key of a header shape: the set of normalised non-empty headers, hashed.

    Column order and blank columns do not change it, so a file whose columns were only
    reordered finds its remembered mapping (which then resolves columns by header text).
    """
    keys = sorted({h for h in (normalize_header(str(x)) for x in headers) if h})
    digest = hashlib.sha256("\x1f".join(keys).encode("utf-8")).hexdigest()
    return f"v1:{digest[:20]}"
