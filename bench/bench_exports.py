"""The revue de projet workbook per tier, beside xlsxwriter writing the same cells.

Goals (issue 7), at tier M: the whole revue (read, indicators of four categories with their
random baselines, masking, workbook) in under 3 s; writing its workbook with openpyxl at most
1.5 times as long as xlsxwriter takes to write the same cells (same sheets, same values, same
number formats and column widths; xlsxwriter writes no table, chart nor page set-up), measured
in the same run on the same computed data. The whole revue is also shown beside the same revue
written by xlsxwriter (same computation), so that the share of the writing is visible. At tier S
openpyxl's fixed costs (styles, tables, charts) weigh more than the cells: no goal there.
"""

from __future__ import annotations

import time
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

import xlsxwriter

from bench.common import BenchContext, Measure, median_time
from cites_app.db.database import Database
from cites_app.db.url import sqlite_url
from cites_app.exports.revue import build_revue, write_revue
from cites_app.exports.revue_data import compute_revue
from cites_app.exports.sheet_model import (
    Blank,
    Field,
    Masked,
    Paragraph,
    Section,
    Styled,
    Table,
    Title,
    WorkbookSpec,
)
from cites_app.exports.xlsx_style import KINDS
from cites_app.exports.xlsx_writer import write_workbook

GOAL_SECONDS = {"M": 3.0}
GOAL_RATIO = {"M": 1.5}


def write_with_xlsxwriter(spec: WorkbookSpec, path: Path) -> None:
    """The baseline: every cell of ``spec`` at the same place, with the same number format."""
    book = xlsxwriter.Workbook(str(path))
    formats: dict[str, Any] = {
        kind: book.add_format({"num_format": code, "font_name": "Calibri", "font_size": 10})
        for kind, (code, _) in KINDS.items()
    }
    masked = book.add_format({"italic": True, "font_color": "#595959", "font_name": "Calibri"})
    header = book.add_format({"bold": True, "font_name": "Calibri", "text_wrap": True})

    def put(sheet: Any, row: int, col: int, cell: object, column_kind: str) -> None:
        value, kind = (cell.value, cell.kind) if isinstance(cell, Styled) else (cell, column_kind)
        if value is None:
            return
        if isinstance(value, Masked):
            sheet.write_string(row, col, value.text, masked)
        elif isinstance(value, str):
            sheet.write_string(row, col, value, formats["text"])
        elif isinstance(value, date):
            sheet.write_datetime(row, col, value, formats[kind])
        else:
            sheet.write_number(row, col, value, formats[kind])

    for spec_sheet in spec.sheets:
        sheet = book.add_worksheet(spec_sheet.name)
        row = 0
        for block in spec_sheet.blocks:
            if isinstance(block, Title | Section | Paragraph):
                sheet.write_string(row, 0, block.text, header)
            elif isinstance(block, Field):
                sheet.write_string(row, 0, block.label, header)
                put(sheet, row, 1, block.value, "text")
            elif isinstance(block, Blank):
                pass
            elif isinstance(block, Table):
                for c, column in enumerate(block.columns):
                    sheet.write_string(row, c, column.header, header)
                    sheet.set_column(c, c, column.width or 12)
                for values in block.rows:
                    row += 1
                    for c, (value, column) in enumerate(zip(values, block.columns, strict=True)):
                        put(sheet, row, c, value, column.kind)
                row += 1
            row += 1
    book.close()


def _revue_with_xlsxwriter(database: Database, path: Path) -> None:
    """The same revue, computed the same way, its cells written by xlsxwriter instead."""
    write_with_xlsxwriter(build_revue(compute_revue(database)), path)


def run(ctx: BenchContext) -> list[Measure]:
    measures = []
    for size in ctx.sizes:
        database = Database(sqlite_url(ctx.demo_file(size)))
        out = ctx.workdir / f"revue-{size}.xlsx"
        baseline_file = ctx.workdir / f"revue-{size}-xlsxwriter.xlsx"
        repeat = 1 if size == "L" else 3
        spec = build_revue(compute_revue(database))
        cells = sum(len(t.rows) * len(t.columns) for s in spec.sheets for t in s.tables())
        start = time.perf_counter()
        summary = write_revue(database, out)
        first = time.perf_counter() - start
        measures.append(
            Measure(
                what=f"revue de projet complète, taille {size}",
                seconds=median_time(partial(write_revue, database, out), repeat),
                baseline="calcul + xlsxwriter",
                baseline_seconds=median_time(
                    partial(_revue_with_xlsxwriter, database, baseline_file), repeat
                ),
                goal_seconds=GOAL_SECONDS.get(size),
                note=(
                    f"{summary.sessions} séances, {summary.beneficiaries} bénéficiaires, "
                    f"{cells} cellules de tableaux, {summary.shuffles} tirages par critère ; "
                    f"première exécution {first:.2f} s"
                ),
            )
        )
        measures.append(
            Measure(
                what=f"écriture du classeur seule (openpyxl), taille {size}",
                seconds=median_time(partial(write_workbook, spec, out), repeat),
                baseline="xlsxwriter, mêmes cellules",
                baseline_seconds=median_time(
                    partial(write_with_xlsxwriter, spec, baseline_file), repeat
                ),
                goal_ratio=GOAL_RATIO.get(size),
                note="openpyxl écrit en plus les tableaux Excel, les graphiques et la mise en page",
            )
        )
        database.dispose()
    return measures
