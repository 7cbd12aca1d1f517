"""Territory mix indicators per tier, beside one bare SQL scan of the attendance table.

Goals (issue 6): territory indicators in under 0.5 s at tier M and 5 s at tier L; 1,000 random
shuffles at tier M in under 2 s. The indicators are timed without their random references
(``shuffles=0``), the shuffles on their own (the séance baseline of the default category, QPV,
weighted by presences; the same weighted by hours for information), then the whole run with
1,000 shuffles as the dashboard asks for it.
"""

from __future__ import annotations

from functools import partial

from sqlalchemy import text

from bench.common import BenchContext, Measure, median_time
from cites_app.db.database import Database
from cites_app.db.url import sqlite_url
from cites_app.indicators.random_baseline import random_baseline
from cites_app.indicators.territory import load_frame, territory_indicators
from cites_app.indicators.territory_frame import MixFrame

INDICATOR_GOALS = {"M": 0.5, "L": 5.0}
SHUFFLE_GOALS = {"M": 2.0}
SHUFFLES = 1000


def _bare_scan(database: Database) -> float:
    """The floor: every attendance row fetched as plain tuples, nothing else."""

    def scan() -> None:
        with database.engine.connect() as conn:
            result = conn.execute(
                text("SELECT session_id, pupil_id, status, minutes FROM attendance")
            )
            result.cursor.fetchall()
            result.close()

    return median_time(scan)


def _shuffles(frame: MixFrame) -> None:
    known = frame.known_school
    random_baseline(
        frame.data.part_session[known],
        frame.part_category[known],
        None if frame.weight == "pupils" else frame.part_weight[known],
        shuffles=SHUFFLES,
    )


def run(ctx: BenchContext) -> list[Measure]:
    measures = []
    for size in ctx.sizes:
        database = Database(sqlite_url(ctx.demo_file(size)))
        scan = _bare_scan(database)
        baseline = "scan de la table attendance"
        frame = load_frame(database)
        note = (
            f"{len(frame.data.schools)} établissements, {len(frame.data.session_ids)} séances, "
            f"{frame.data.participations} présences"
        )
        measures.append(
            Measure(
                what=f"indicateurs du territoire, taille {size} (sans tirages)",
                seconds=median_time(partial(territory_indicators, database, shuffles=0)),
                baseline=baseline,
                baseline_seconds=scan,
                goal_seconds=INDICATOR_GOALS.get(size),
                note=note,
            )
        )
        repeat = 1 if size == "L" else 3
        for weight in ("pupils", "hours"):
            weighted = frame.with_choice("qpv", weight)
            label = "présences" if weight == "pupils" else "heures"
            measures.append(
                Measure(
                    what=f"{SHUFFLES} tirages au hasard, taille {size} (QPV, {label})",
                    seconds=median_time(partial(_shuffles, weighted), repeat),
                    baseline=baseline,
                    baseline_seconds=scan,
                    goal_seconds=SHUFFLE_GOALS.get(size) if weight == "pupils" else None,
                )
            )
        measures.append(
            Measure(
                what=f"indicateurs du territoire, taille {size} ({SHUFFLES} tirages)",
                seconds=median_time(
                    partial(territory_indicators, database, shuffles=SHUFFLES), repeat
                ),
                baseline=baseline,
                baseline_seconds=scan,
            )
        )
        database.dispose()
    return measures
