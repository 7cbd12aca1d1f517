"""Demo generation per tier, beside the raw executemany insert of the same attendance rows."""

from __future__ import annotations

import sqlite3
import time

from sqlalchemy import text

from bench.common import BenchContext, Measure
from cites_app.db.database import Database
from cites_app.db.url import sqlite_url


def _raw_insert_seconds(ctx: BenchContext, rows: int) -> float:
    """The floor: plain sqlite3 executemany of ``rows`` tuples shaped like attendance rows."""
    path = ctx.workdir / "raw.sqlite"
    path.unlink(missing_ok=True)
    conn = sqlite3.connect(path)
    conn.execute(
        "CREATE TABLE t (id INTEGER PRIMARY KEY, uuid TEXT, session_id INT, pupil_id INT, "
        "status TEXT, minutes INT, recorded_at TEXT, recorded_by TEXT, version INT)"
    )
    data = [
        (i, f"{i:032x}", i // 30, i % 5000, "present", None, "2026-01-07 16:35", "x", 1)
        for i in range(rows)
    ]
    start = time.perf_counter()
    conn.executemany("INSERT INTO t VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", data)
    conn.commit()
    elapsed = time.perf_counter() - start
    conn.close()
    return elapsed


def run(ctx: BenchContext) -> list[Measure]:
    measures = []
    for size in ctx.sizes:
        path = ctx.demo_file(size)
        database = Database(sqlite_url(path))
        with database.engine.connect() as conn:
            counts = {
                table: conn.scalar(text(f"SELECT count(*) FROM {table}")) or 0
                for table in ("establishment", "pupil", "activity_session", "attendance")
            }
        database.dispose()
        total_rows = counts["attendance"] + counts["pupil"]
        measures.append(
            Measure(
                what=f"démo taille {size} (génération complète)",
                seconds=ctx.demo_seconds[size],
                baseline=f"executemany {total_rows} lignes",
                baseline_seconds=_raw_insert_seconds(ctx, total_rows),
                note=(
                    f"{counts['establishment']} établissements, {counts['pupil']} élèves, "
                    f"{counts['activity_session']} séances, {counts['attendance']} présences"
                ),
            )
        )
    return measures
