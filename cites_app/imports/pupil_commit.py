"""Writing a previewed pupil import: all accepted rows in one transaction, or nothing.

New pupils go in with bulk Core inserts (DESIGN.md §10: the ORM's ``add_all`` is ~30× slower);
updates are one executemany that checks each pupil's version, so a pupil changed by someone
else since the preview makes the whole commit fail (`StalePreviewError`) instead of being
overwritten. The audit entry (counts and file name, never a pupil's name) and the remembered
column mapping are written in the same transaction.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection, Sequence
from datetime import date
from pathlib import Path

from sqlalchemy import Table, bindparam, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from cites_app import audit
from cites_app.db.database import Database
from cites_app.imports.bulk import insert_rows, paused_gc
from cites_app.imports.mappings import remember_mapping, touch_mapping
from cites_app.imports.matching import (
    UPDATABLE,
    chunks,
    new_record,
    updated_values,
)
from cites_app.imports.preview import REJECTED, WRITABLE, PreviewRow, PupilPreview
from cites_app.imports.pupils import preview_pupils
from cites_app.imports.rejected_export import export_rejected
from cites_app.imports.report import (
    ImportRefusedError,
    ImportReport,
    Progress,
    StalePreviewError,
    no_progress,
)
from cites_app.models import Pupil
from cites_app.pupil_files import ColumnMapping

INSERT_CHUNK = 5000
"""Rows per executemany: big enough to be fast, small enough to keep memory flat."""

_PUPIL: Table = Pupil.__table__  # type: ignore[assignment]


def report_of(preview: PupilPreview, chosen: Collection[PreviewRow] | None = None) -> ImportReport:
    """The counts a commit of ``chosen`` (default: every new or updated row) would give."""
    report = ImportReport("pupils", preview.file)
    report.errors = preview.errors()
    report.warnings = preview.warnings()
    if preview.refused:
        report.refused = True
        report.message = "le fichier est refusé"
        return report
    counts = preview.counts()
    report.unchanged = counts["unchanged"]
    report.rejected = sum(counts[status] for status in REJECTED)
    if chosen is None:
        report.created, report.updated = counts["new"], counts["update"]
    else:
        report.created = sum(1 for row in chosen if row.status == "new")
        report.updated = sum(1 for row in chosen if row.status == "update")
        report.ignored = counts["new"] + counts["update"] - report.created - report.updated
    if not preview.rows:
        report.refused, report.message = True, "le fichier ne contient aucun élève"
    elif report.rejected == len(preview.rows):
        report.refused, report.message = True, "toutes les lignes sont refusées"
    return report


def commit_pupils(
    database: Database,
    preview: PupilPreview,
    accepted_rows: Collection[int] | None = None,
    *,
    actor: str | None = None,
    progress: Progress | None = None,
) -> ImportReport:
    """Write the accepted rows of ``preview`` in one transaction (all of them, or nothing).

    ``accepted_rows`` holds `PreviewRow.index` values; None accepts every ``new`` and
    ``update`` row (rows in error, duplicates and unchanged rows are never written). Writes an
    ``import.pupils`` audit entry and remembers the column mapping the caller gave. Returns the
    report; when every row is rejected nothing is written and ``report.refused`` is True.
    Raises `ImportRefusedError` for a refused file and `StalePreviewError` when the database
    changed since the preview (the preview must be made again); nothing is written then.
    ``progress`` receives (percent, French message) as batches are written.
    """
    if preview.refused:
        raise ImportRefusedError(f"{preview.file} : le fichier est refusé, rien à importer")
    wanted = None if accepted_rows is None else set(accepted_rows)
    chosen = [
        row
        for row in preview.rows
        if row.status in WRITABLE and (wanted is None or row.index in wanted)
    ]
    report = report_of(preview, chosen)
    if report.refused:
        return report
    try:
        with paused_gc(), database.session() as session:
            _insert_new(session, [row for row in chosen if row.status == "new"], progress)
            _update(session, preview, [row for row in chosen if row.status == "update"])
            if preview.mapping is not None and preview.mapping_source == "given":
                remember_mapping(session, preview.mapping)
            elif preview.mapping is not None and preview.mapping_source == "remembered":
                touch_mapping(session, preview.mapping.signature)
            audit.record(
                session,
                "import.pupils",
                f"Import d'élèves depuis « {preview.file} » : {report.created} créés, "
                f"{report.updated} mis à jour, {report.unchanged} inchangés, "
                f"{report.rejected} refusés.",
                details=_details(preview, report, chosen),
                actor=actor,
            )
    except IntegrityError as exc:
        raise StalePreviewError(
            f"{preview.file} : la base a changé depuis l'aperçu (un élève de ce fichier a été "
            "enregistré entre-temps) ; rien n'a été importé, refaites l'aperçu"
        ) from exc
    report.committed = True
    (progress or no_progress)(100, "Import terminé")
    return report


def _details(
    preview: PupilPreview, report: ImportReport, chosen: Sequence[PreviewRow]
) -> dict[str, object]:
    """Audit details: counts, file, establishments (UAI), never a pupil's name."""
    return {
        "file": preview.file,
        "kind": preview.kind,
        "created": report.created,
        "updated": report.updated,
        "unchanged": report.unchanged,
        "rejected": report.rejected,
        "not_accepted": report.ignored,
        "establishments": sorted(
            {row.establishment_uai for row in chosen if row.establishment_uai}
        ),
        "mapping": preview.mapping_source if preview.mapping is not None else None,
    }


def _insert_new(
    session: Session, rows: Sequence[PreviewRow], progress: Progress | None = None
) -> None:
    report = progress or no_progress
    columns = (*UPDATABLE, "uuid", "version")
    done = 0
    for chunk in chunks(rows, INSERT_CHUNK):
        report(done * 100 // max(1, len(rows)), "Enregistrement des nouveaux élèves…")
        records = []
        for row in chunk:
            assert row.pupil is not None and row.establishment_id is not None
            records.append((*new_record(row.pupil, row.establishment_id), uuid.uuid4(), 1))
        done += insert_rows(session, _PUPIL, columns, records, INSERT_CHUNK)


def _update(session: Session, preview: PupilPreview, rows: Sequence[PreviewRow]) -> None:
    if not rows:
        return
    table = _PUPIL
    statement = (
        update(table)
        .where(table.c.id == bindparam("b_id"), table.c.version == bindparam("b_version"))
        .values(
            {
                **{name: bindparam(f"v_{name}") for name in UPDATABLE},
                "version": table.c.version + 1,
            }
        )
    )
    params: list[dict[str, object]] = []
    for row in rows:
        assert row.existing_id is not None
        values = updated_values(preview.snapshots[row.existing_id], row.changes)
        param = {f"v_{name}": value for name, value in values.items()}
        param["b_id"] = row.existing_id
        param["b_version"] = preview.versions[row.existing_id]
        params.append(param)
    sane = session.get_bind().dialect.supports_sane_multi_rowcount
    for chunk in chunks(params, INSERT_CHUNK) if sane else ([p] for p in params):
        done = session.execute(statement, chunk).rowcount  # type: ignore[attr-defined]
        if done != len(chunk):
            raise StalePreviewError(
                f"{preview.file} : un élève à mettre à jour a été modifié ou supprimé depuis "
                "l'aperçu ; rien n'a été importé, refaites l'aperçu"
            )


def import_pupils(
    database: Database,
    path: str | Path,
    establishment_uai: str | None = None,
    mapping: ColumnMapping | None = None,
    *,
    dry_run: bool = False,
    partial: bool = False,
    rejected_to: str | Path | None = None,
    today: date | None = None,
    actor: str | None = None,
    progress: Progress | None = None,
) -> ImportReport:
    """Preview then commit a pupil file without asking (what ``cites-app import pupils`` does).

    Strict by default: when any row is in error the file is refused and nothing is written, so a
    damaged file never half-enters the database (the report lists every faulty row). With
    ``partial`` the valid rows are written and the faulty ones counted as rejected. Duplicates
    of an earlier row of the same file are skipped and counted as rejected, never blocking.
    ``dry_run`` previews only. ``rejected_to``: an .xlsx path where the rejected rows are saved
    (with their reason) when there are any. Raises `ImportRefusedError` for an invalid or
    unknown ``establishment_uai``.
    """
    preview = preview_pupils(
        database, path, establishment_uai, mapping, today=today, progress=progress
    )
    if rejected_to is not None and preview.rejected_rows:
        export_rejected(preview, rejected_to, database=database, actor=actor)
    report = report_of(preview)
    report.dry_run = dry_run
    if report.refused:
        return report
    if preview.has_errors and not partial:
        faulty = sum(1 for row in preview.rows if row.status == "error")
        valid = report.created + report.updated
        report.refused, report.created, report.updated = True, 0, 0
        report.message = (
            f"{_lines(faulty)} en erreur ({_lines(valid)} à créer ou mettre à jour) ; corrigez "
            "le fichier, ou importez seulement les lignes valides (option --partial)"
        )
        return report
    if dry_run:
        return report
    return commit_pupils(database, preview, actor=actor, progress=progress)


def _lines(count: int) -> str:
    return f"{count} ligne{'s' if count > 1 else ''}"
