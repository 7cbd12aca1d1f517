"""The rejected rows of a pupil import, saved as an Excel file with the reason on each row.

Rows keep the file's own columns and values (read again from the source), followed by the
original row number and the reason, so that the coordinator can send the file back to the
school or correct it and import it again. Every cell is data, never a formula.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from cites_app import audit
from cites_app.db.database import Database
from cites_app.imports.preview import PreviewRow, PupilPreview
from cites_app.imports.raw_rows import source_rows
from cites_app.imports.xlsx_writing import add_table, new_workbook

ROW_HEADER = "Ligne d'origine"
SHEET_HEADER = "Feuille d'origine"
REASON_HEADER = "Motif du rejet"

_FALLBACK_HEADERS = (
    "Nom",
    "Prénom",
    "Date de naissance",
    "Sexe",
    "Niveau",
    "Classe",
    "INE",
    "UAI",
)


def _fallback(row: PreviewRow) -> list[object]:
    pupil = row.pupil
    if pupil is None:
        return [""] * len(_FALLBACK_HEADERS)
    return [
        pupil.last_name,
        pupil.first_name,
        pupil.birth_date,
        pupil.sex,
        pupil.niveau,
        pupil.class_label,
        pupil.ine,
        pupil.uai,
    ]


def _columns(
    headers: dict[str | None, list[str]], cells: Iterable[list[object]]
) -> list[str] | None:
    """The source's header cells, widened to its widest row (None: the source was unreadable)."""
    widths = [len(row) for row in cells]
    if not widths:
        return None
    first = next(iter(headers.values()), [])
    width = max(*widths, len(first))
    return [(first[i] if i < len(first) and first[i] else f"Colonne {i + 1}") for i in range(width)]


def export_rejected(
    preview: PupilPreview,
    path: str | Path,
    *,
    database: Database | None = None,
    actor: str | None = None,
) -> int:
    """Write the rows in error and the duplicates of ``preview`` to an .xlsx file at ``path``.

    Returns the number of rows written. The file holds pupils' names: with ``database`` the
    export is recorded in the audit log (``export.rejected_rows``, without any name).
    """
    path = Path(path)
    rejected = preview.rejected_rows
    wanted = {(row.sheet, row.row) for row in rejected if row.row is not None}
    header_row = preview.mapping.header_row if preview.mapping is not None else 1
    source = source_rows(preview.path, preview.kind, wanted, header_row)
    sheets = {row.sheet for row in rejected}
    multi_sheet = any(sheet is not None for sheet in sheets)
    columns = _columns(source.headers, source.cells.values())
    table = []
    for row in rejected:
        if columns is None:
            cells = _fallback(row)
        else:
            raw = source.cells.get((row.sheet, row.row or 0), [])
            cells = list(raw[: len(columns)]) + [""] * (len(columns) - len(raw))
        extra: list[object] = [row.sheet] if multi_sheet else []
        table.append([*cells, *extra, row.row, row.reason or row.status_label])
    columns = columns or list(_FALLBACK_HEADERS)
    extra_headers = [SHEET_HEADER] if multi_sheet else []
    workbook = new_workbook()
    add_table(
        workbook,
        "Lignes refusées",
        [*columns, *extra_headers, ROW_HEADER, REASON_HEADER],
        table,
        widths=[18] * len(columns) + [14] * (len(extra_headers) + 1) + [70],
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)
    if database is not None:
        with database.session() as session:
            audit.record(
                session,
                "export.rejected_rows",
                f"Lignes refusées de « {preview.file} » enregistrées dans « {path.name} » "
                f"({len(table)} lignes).",
                details={"file": preview.file, "output": path.name, "rows": len(table)},
                actor=actor,
            )
    return len(table)
