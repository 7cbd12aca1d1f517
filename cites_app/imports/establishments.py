"""Import of the official open-data files about establishments (annuaire, DEPP IPS, geolocation).

Establishments are matched on their UAI (validated with its check letter by the reader). A
preview says, for each establishment of the file, whether it is new, updated (and what changes)
or unchanged, which IPS rentrées it adds or corrects, and whether it lies in the territory's
communes: the window *offers* the others, the command line imports every row unless
``--commune`` restricts it. Rows the reader left aside (invalid UAI, closed establishment,
office without pupils…) are reported with their row and column. See `establishment_merge` for
the rules that keep a re-import from degrading stored data.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from sqlalchemy.orm import Session

from cites_app.db.database import Database
from cites_app.imports.communes import CommuneSet, territory_communes
from cites_app.imports.establishment_merge import (
    StoredEstablishment,
    establishment_changes,
    ips_changes,
    load_stored,
    record_values,
)
from cites_app.imports.establishment_write import write_establishments
from cites_app.imports.preview import FieldChange
from cites_app.imports.report import ImportIssue, ImportReport
from cites_app.opendata import (
    EstablishmentRecord,
    IpsRecord,
    OpenDataError,
    RowIssue,
    read_establishment_file,
)

EstablishmentStatus = Literal["new", "update", "unchanged"]

_LEFT_ASIDE = ("ligne ignorée", "seule la première ligne")


@dataclass(slots=True)
class EstablishmentRow:
    """One establishment of the file and what importing it would do.

    ``in_territory`` says whether its commune is one of the territory's (None when the
    territory declares no commune); ``selected`` whether it is among the communes asked for
    (always True without a filter). ``ips_added`` / ``ips_updated`` list the rentrées
    (« 2022-2023 ») the import adds to or corrects in its IPS history.
    """

    index: int
    uai: str
    name: str
    record: EstablishmentRecord
    ips: tuple[IpsRecord, ...]
    status: EstablishmentStatus
    changes: tuple[FieldChange, ...] = ()
    ips_added: tuple[IpsRecord, ...] = ()
    ips_updated: tuple[tuple[int, IpsRecord, dict[str, object]], ...] = ()
    in_territory: bool | None = None
    selected: bool = True
    existing_id: int | None = None
    existing_version: int | None = None

    @property
    def reason(self) -> str:
        """French description of the changes (« Nom : … → … ; IPS 2023-2024 ajouté »)."""
        parts = [str(change) for change in self.changes]
        parts.extend(f"IPS {ips.rentree} ajouté" for ips in self.ips_added)
        parts.extend(f"IPS {ips.rentree} corrigé" for _, ips, _ in self.ips_updated)
        return " ; ".join(parts)


@dataclass
class EstablishmentPreview:
    """What `preview_establishments` found; nothing has been written yet."""

    path: Path
    kind: str
    rows: list[EstablishmentRow] = field(default_factory=list)
    rejected: list[ImportIssue] = field(default_factory=list)
    warnings: list[ImportIssue] = field(default_factory=list)
    refused: bool = False
    communes: CommuneSet = field(default_factory=CommuneSet)
    territory: CommuneSet = field(default_factory=CommuneSet)

    @property
    def file(self) -> str:
        """The file name, as messages show it."""
        return self.path.name

    @property
    def rejected_rows(self) -> int:
        """Number of distinct rows of the file left aside."""
        return len({issue.row for issue in self.rejected})


def _split(issues: Iterable[RowIssue]) -> tuple[list[ImportIssue], list[ImportIssue]]:
    """Rows left aside (errors) and values left aside in kept rows (warnings)."""
    rejected: list[ImportIssue] = []
    warnings: list[ImportIssue] = []
    for issue in issues:
        left_aside = any(marker in issue.message for marker in _LEFT_ASIDE)
        converted = ImportIssue(
            issue.file, issue.row, issue.column, issue.message, "error" if left_aside else "warning"
        )
        (rejected if left_aside else warnings).append(converted)
    return rejected, warnings


def preview_establishments(
    database: Database, path: str | Path, communes: Iterable[str] | None = None
) -> EstablishmentPreview:
    """Read an open-data file and say, establishment by establishment, what importing it does.

    ``communes``: INSEE codes or names; establishments elsewhere get ``selected = False``.
    A file that cannot be read gives a preview with ``refused = True`` and the French reason
    in ``rejected``; this function never raises for a bad file.
    """
    path = Path(path)
    wanted = CommuneSet.parse(communes or ())
    try:
        data = read_establishment_file(path)
    except OpenDataError as exc:
        issue = ImportIssue(path.name, None, None, str(exc))
        return EstablishmentPreview(
            path, "unknown", rejected=[issue], refused=True, communes=wanted
        )
    preview = EstablishmentPreview(path, data.kind, communes=wanted)
    preview.rejected, preview.warnings = _split(data.skipped)
    ips_by_uai: dict[str, list[IpsRecord]] = {}
    for ips in data.ips:
        ips_by_uai.setdefault(ips.uai, []).append(ips)
    with database.read_session() as session:
        stored = load_stored(session)
        preview.territory = territory_communes(session)
    authoritative = data.kind in ("annuaire", "geoloc")
    for record in data.establishments:
        row = preview_row(len(preview.rows), record, tuple(ips_by_uai.get(record.uai, ())), stored,
                   authoritative=authoritative)  # fmt: skip
        row.in_territory = preview.territory.matches(record) if preview.territory else None
        row.selected = wanted.matches(record) if wanted else True
        preview.rows.append(row)
    for value in wanted.unmatched(data.establishments):
        preview.warnings.append(
            ImportIssue(
                preview.file,
                None,
                None,
                f"Aucun établissement du fichier dans la commune « {value} » (vérifiez le nom "
                "ou le code INSEE)",
                "warning",
            )
        )
    return preview


def preview_row(
    index: int,
    record: EstablishmentRecord,
    ips: tuple[IpsRecord, ...],
    stored: dict[str, StoredEstablishment],
    *,
    authoritative: bool,
) -> EstablishmentRow:
    """What importing ``record`` (and its IPS) does to the ``stored`` establishments.

    ``authoritative``: the file says the kind of establishment (annuaire, geolocation file).
    """
    values = record_values(record)
    name = str(values["name"])
    known = stored.get(record.uai)
    added, updated = ips_changes(known, ips)
    if known is None:
        return EstablishmentRow(index, record.uai, name, record, ips, "new", ips_added=tuple(added))
    newest_in_file = max((i.rentree for i in ips), default=None)
    older = (
        newest_in_file is not None
        and known.newest_rentree is not None
        and newest_in_file < known.newest_rentree
    )
    changes = establishment_changes(known, record, authoritative_kind=authoritative, older=older)
    status: EstablishmentStatus = "update" if changes or added or updated else "unchanged"
    return EstablishmentRow(
        index,
        record.uai,
        str(known.values["name"]),
        record,
        ips,
        status,
        changes,
        tuple(added),
        tuple(updated),
        existing_id=known.id,
        existing_version=known.version,
    )


def report_of(
    preview: EstablishmentPreview, chosen: Collection[EstablishmentRow], considered: int
) -> ImportReport:
    """Counts of a commit of ``chosen`` among the ``considered`` rows (the others are ignored)."""
    report = ImportReport("establishments", preview.file)
    report.errors = list(preview.rejected)
    report.warnings = list(preview.warnings)
    report.rejected = preview.rejected_rows
    if preview.refused:
        report.refused, report.message = True, "le fichier est refusé"
        return report
    report.created = sum(1 for row in chosen if row.status == "new")
    report.updated = sum(1 for row in chosen if row.status == "update")
    report.unchanged = considered - report.created - report.updated
    report.ignored = len(preview.rows) - considered
    if considered == 0:
        report.refused = True
        report.message = (
            "aucun établissement du fichier dans les communes demandées"
            if preview.rows and preview.communes
            else "aucun établissement à importer"
        )
    return report


def commit_establishments(
    database: Database,
    preview: EstablishmentPreview,
    accepted_uais: Collection[str] | None = None,
    *,
    actor: str | None = None,
    then: Callable[[Session], None] | None = None,
) -> ImportReport:
    """Write the accepted establishments of ``preview`` and their IPS, in one transaction.

    ``accepted_uais``: the UAIs the user accepted in the window; None takes every row
    ``selected`` by the communes filter. New establishments get ``in_territory`` from the
    territory's communes (or, when none is declared, from the filter; True without either).
    Writes an ``import.establishments`` audit entry; ``then`` runs in the same transaction.
    Raises `ImportRefusedError` for a refused file and `StalePreviewError` when an
    establishment changed since the preview.
    """
    accepted = None if accepted_uais is None else set(accepted_uais)
    considered = [
        row for row in preview.rows if (row.selected if accepted is None else row.uai in accepted)
    ]
    chosen = [row for row in considered if row.status != "unchanged"]
    report = report_of(preview, chosen, len(considered))
    if report.refused:
        return report
    write_establishments(database, preview, chosen, report, actor=actor, then=then)
    report.committed = True
    return report


def import_establishments(
    database: Database,
    path: str | Path,
    communes: Iterable[str] | None = None,
    dry_run: bool = False,
    *,
    actor: str | None = None,
) -> ImportReport:
    """Preview then commit an open-data file (what ``cites-app import establishments`` does).

    Every establishment of the file is imported, or only those of ``communes`` (INSEE codes or
    names). Rows the reader left aside are counted as rejected and do not stop the others; the
    report is ``refused`` (nothing written) only when the file cannot be read or holds no
    establishment to import. ``dry_run`` previews only.
    """
    preview = preview_establishments(database, path, communes)
    if dry_run:
        considered = [row for row in preview.rows if row.selected]
        report = report_of(
            preview, [row for row in considered if row.status != "unchanged"], len(considered)
        )
        report.dry_run = True
        return report
    return commit_establishments(database, preview, actor=actor)
