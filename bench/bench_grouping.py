"""Compose 600 candidates from 20 schools into 24 groups (issue: under 5 s), beside the time of
1,000 random splits of the same candidates (the comparison every composition carries).

The database is built here: 20 schools of unequal size, 600 pupils registered to an activity
whose 24 groups meet at the same time in 24 rooms (4 Wednesdays), another activity at an
overlapping time for some of them, and attended hours earlier in the year.
"""

from __future__ import annotations

import random
import time
from datetime import date, datetime, timedelta

from bench.common import BenchContext, Measure, median_time
from cites_app.db.database import Database
from cites_app.db.url import sqlite_url
from cites_app.grouping import Composition, compose_groups
from cites_app.indicators import random_baseline
from cites_app.models import (
    Action,
    Activity,
    ActivitySession,
    Attendance,
    Establishment,
    Pupil,
    Registration,
)
from cites_app.opendata.uai import uai_check_letter

PUPILS = 600
SCHOOLS = 20
GROUPS = 24
CAPACITY = 25
SINCE = datetime(2026, 1, 5)


def build(database: Database, seed: int = 7) -> int:
    """The scenario; returns the id of the activity to compose."""
    rng = random.Random(seed)
    with database.session() as session:
        schools = []
        for number in range(SCHOOLS):
            digits = f"0930{number:03d}"
            schools.append(
                Establishment(
                    uai=digits + uai_check_letter(digits),
                    name=f"École élémentaire n° {number + 1}",
                    kind="elementaire",
                )
            )
        session.add_all(schools)
        session.flush()
        weights = [rng.uniform(0.3, 2.0) for _ in schools]
        pupils = [
            Pupil(
                last_name=f"Élève{i}",
                first_name="Test",
                sex=rng.choice("FM"),
                niveau=rng.choice(("CM1", "CM2")),
                qpv=rng.choice(("oui", "non", "inconnu")),
                establishment_id=rng.choices(schools, weights)[0].id,
            )
            for i in range(PUPILS)
        ]
        session.add_all(pupils)
        action = Action(title="Temps partagés", axis="continuite")
        session.add(action)
        session.flush()
        target = Activity(action_id=action.id, title="Atelier théâtre", kind="periscolaire")
        choir = Activity(action_id=action.id, title="Chorale", kind="periscolaire")
        past = Activity(action_id=action.id, title="Club lecture", kind="periscolaire")
        session.add_all([target, choir, past])
        session.flush()
        for week in range(4):
            day = SINCE.date() + timedelta(days=2 + 7 * week)  # Wednesdays
            for _ in range(GROUPS):
                session.add(_seance(target.id, day, 14, CAPACITY))
            session.add(_seance(choir.id, day, 15, None))
        held = [
            _seance(past.id, date(2025, 10, 1) + timedelta(days=7 * w), 14, None) for w in range(8)
        ]
        session.add_all(held)
        session.flush()
        for pupil in pupils:
            session.add(Registration(pupil_id=pupil.id, activity_id=target.id))
        for pupil in rng.sample(pupils, 40):
            session.add(Registration(pupil_id=pupil.id, activity_id=choir.id))
        for pupil in rng.sample(pupils, 200):
            for seance in held[: rng.randint(1, 8)]:
                session.add(Attendance(session_id=seance.id, pupil_id=pupil.id, status="present"))
        return target.id


def _seance(activity_id: int, day: date, hour: int, capacity: int | None) -> ActivitySession:
    start = datetime(day.year, day.month, day.day, hour)
    return ActivitySession(
        activity_id=activity_id,
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        capacity=capacity,
    )


def run(ctx: BenchContext) -> list[Measure]:
    """The whole ``compose_groups`` (reading, search, indicators, explanations): with a place
    for every free pupil, then with 20 places per group (a waiting list decided by fairness)."""
    path = ctx.empty_database("grouping")
    database = Database(sqlite_url(path))
    measures = []
    try:
        activity = build(database)
        for capacity in (None, 20):

            def compose(capacity: int | None = capacity) -> Composition:
                return compose_groups(
                    database,
                    activity,
                    groups=GROUPS,
                    capacity=capacity,
                    max_school_share=0.5,
                    min_schools=3,
                    seed=1,
                    since=SINCE,
                )

            start = time.perf_counter()
            composition = compose()
            first = time.perf_counter() - start  # cold: imports and caches included
            seconds = max(first, median_time(compose, repeat=3))
            units = [g.index for g in composition.groups for _ in g.placements]
            schools = [c.establishment_id for g in composition.groups for c in g.pupils]
            baseline = _random_splits_seconds(units, schools)
            places = f"{capacity} places par groupe" if capacity else f"{CAPACITY} places"
            measures.append(
                Measure(
                    what=f"composer {PUPILS} candidats / {SCHOOLS} écoles en {GROUPS} groupes "
                    f"({places})",
                    seconds=seconds,
                    baseline="1 000 répartitions au hasard",
                    baseline_seconds=baseline,
                    goal_seconds=5.0,
                    note=_note(composition),
                )
            )
    finally:
        database.dispose()
    return measures


def _random_splits_seconds(units: list[int], schools: list[int | None]) -> float:
    """Median time of 1,000 seeded random splits of the same pupils into the same sizes."""
    return median_time(lambda: random_baseline(units, schools, shuffles=1000, seed=1))


def _note(composition: Composition) -> str:
    rate = composition.random.contact_rate if composition.random else None
    if rate is None or rate.p95 is None or composition.contact_rate is None:
        return "aucun groupe composé"
    placed = sum(len(g.placements) for g in composition.groups)
    return (
        f"{placed} placés, {len(composition.waiting)} en attente, "
        f"{len(composition.violations)} contrainte(s) manquée(s) ; taux de contact "
        f"{composition.contact_rate:.3f} contre {rate.mean:.3f} en moyenne et {rate.p95:.3f} "
        "au 95e centile au hasard"
    )
