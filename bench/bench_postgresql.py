"""The same work on PostgreSQL and on SQLite, in the same run: territory indicators (tiers M and,
when asked, L) and the revue workbook (tier M). A private server is started for the run."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL, make_url

from bench.common import BenchContext, Measure
from cites_app.db.copy import copy_database
from cites_app.db.database import Database
from cites_app.db.url import sqlite_url


def _on_server(base: str, name: str, local: Database) -> tuple[Database, float]:
    """A copy of ``local`` in a new database of the server, and how long the copy took."""
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"CREATE DATABASE {name}"))
    admin.dispose()
    url: URL = make_url(base).set(database=name)
    start = time.perf_counter()
    copy_database(local, url)
    copied = time.perf_counter() - start
    remote = Database(url)
    with remote.engine.connect() as conn:  # planner statistics after the bulk copy
        conn.execution_options(isolation_level="AUTOCOMMIT").execute(text("ANALYZE"))
    return remote, copied


def _indicators_seconds(database: Database) -> float:
    from cites_app.indicators.territory import territory_indicators  # noqa: PLC0415

    start = time.perf_counter()
    territory_indicators(database, shuffles=0)
    return time.perf_counter() - start


def _revue_seconds(database: Database, path: Path) -> float:
    from cites_app.exports.revue import write_revue  # noqa: PLC0415

    start = time.perf_counter()
    write_revue(database, path)
    return time.perf_counter() - start


def run(ctx: BenchContext) -> list[Measure]:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    import pgtest  # noqa: PLC0415 - the repository's throw-away test server

    server = pgtest.TestServer()
    base = server.start()
    measures: list[Measure] = []
    try:
        for size in (s for s in ("M", "L") if s in ctx.sizes):
            local = Database(sqlite_url(ctx.demo_file(size)))
            remote, copied = _on_server(base, f"bench_{size.lower()}", local)
            measures.append(
                Measure(
                    what=f"indicateurs du territoire, taille {size}, PostgreSQL",
                    seconds=_indicators_seconds(remote),
                    baseline="même calcul, SQLite",
                    baseline_seconds=_indicators_seconds(local),
                    goal_seconds=5.0 if size == "L" else 0.5,
                    note=f"copie de la base locale vers le serveur : {copied:.1f} s",
                )
            )
            if size == "M":
                measures.append(
                    Measure(
                        what="revue de projet, taille M, PostgreSQL",
                        seconds=_revue_seconds(remote, ctx.workdir / "revue-pg.xlsx"),
                        baseline="même classeur, SQLite",
                        baseline_seconds=_revue_seconds(local, ctx.workdir / "revue-sqlite.xlsx"),
                        goal_seconds=3.0,
                    )
                )
            remote.dispose()
            local.dispose()
    finally:
        server.stop()
    return measures
