"""The territory indicators on the demo territory (size S, seed 1, 2025-2026): structure only.

The figures themselves are checked by hand in ``test_territory.py``; here the question is whether
the pieces add up on a realistic base, for every category and weight.
"""

from __future__ import annotations

import json
from datetime import datetime

import pytest
from sqlalchemy import ColumnElement, distinct, func, select

from cites_app.db.database import Database
from cites_app.indicators.territory import (
    indicators_of_frame,
    load_frame,
    territory_indicators,
)
from cites_app.models import ActivitySession, Attendance, Establishment

YEAR_START = datetime(2025, 9, 1)
YEAR_END = datetime(2026, 9, 1)


def _present_in_year() -> tuple[ColumnElement[bool], ...]:
    return (
        Attendance.status == "present",
        ActivitySession.starts_at >= YEAR_START,
        ActivitySession.starts_at < YEAR_END,
        ActivitySession.cancelled.is_(False),
    )


def test_structure_on_the_demo(demo_db: Database) -> None:
    result = territory_indicators(demo_db, shuffles=50)
    t = result.territory
    with demo_db.read_session() as s:
        uais = set(s.scalars(select(Establishment.uai)))
        participants = s.scalar(
            select(func.count(distinct(Attendance.pupil_id)))
            .join(ActivitySession, ActivitySession.id == Attendance.session_id)
            .where(*_present_in_year())
        )
        participations = s.scalar(
            select(func.count())
            .select_from(Attendance)
            .join(ActivitySession, ActivitySession.id == Attendance.session_id)
            .where(*_present_in_year())
        )
        sessions = s.scalar(
            select(func.count(distinct(Attendance.session_id)))
            .join(ActivitySession, ActivitySession.id == Attendance.session_id)
            .where(*_present_in_year())
        )
    assert t.period == "2025-2026"  # the last school year with presences
    # Every school of the demo appears, once; participants add up over schools.
    assert sorted(s.uai for s in result.schools) == sorted(uais)
    assert t.participants == participants == sum(s.participants for s in result.schools)
    assert t.participations == participations == sum(s.participations for s in result.schools)
    assert t.participations == sum(s.mix.participants for s in result.sessions)
    assert t.sessions == sessions == len(result.sessions)
    assert t.hours == pytest.approx(sum(s.hours for s in result.schools))
    assert t.hours == pytest.approx(sum(s.hours for s in result.sessions))
    assert sum(a.participations for a in result.activities) == t.participations
    assert sum(m.participations for m in result.months) == t.participations
    assert t.schools_taking_part == sum(1 for s in result.schools if s.takes_part)
    assert len(result.schools_not_taking_part) == t.schools_in_territory - t.schools_taking_part
    for value in (t.H_schools, t.H_sessions, *(m.H_sessions for m in result.months)):
        assert value is not None and 0.0 <= value <= 1.0
    assert t.mixing_gain == pytest.approx(t.H_schools - t.H_sessions)  # type: ignore[operator]
    assert t.H_sessions_random is not None
    assert 0.0 <= t.H_sessions_random.low <= t.H_sessions_random.mean <= 1.0
    for session in result.sessions:
        mix = session.mix
        assert mix.contact_rate is None or 0.0 <= mix.contact_rate <= 1.0
        assert mix.L is None or mix.L >= 0.0
        assert mix.small_group == (mix.participants < 10)
    json.dumps(result.to_dict(), allow_nan=False)


@pytest.mark.parametrize("weight", ["pupils", "hours"])
def test_every_category_and_weight(demo_db: Database, weight: str) -> None:
    frame = load_frame(demo_db, "2025-2026", "qpv", weight)
    for category in ("qpv", "ep", "ips", "sex", "niveau"):
        result = indicators_of_frame(
            frame.with_choice(category, weight), shuffles=20, seed=1, small_group=10
        )
        t = result.territory
        assert sum(t.categories.values()) == pytest.approx(
            t.participations if weight == "pupils" else t.hours
        )
        assert t.H_schools is not None and 0.0 <= t.H_schools <= 1.0
        assert t.H_sessions is not None and 0.0 <= t.H_sessions <= 1.0
    # The demo imports no éducation prioritaire: one category only, and a note says so.
    ep = indicators_of_frame(frame.with_choice("ep", weight), shuffles=0, seed=1, small_group=10)
    assert list(ep.territory.categories) == ["EP non renseignée"]
    assert ep.territory.H_sessions == 0.0
    assert any("même catégorie" in note for note in ep.territory.notes)


def test_deterministic_for_a_seed(demo_db: Database) -> None:
    first = territory_indicators(demo_db, shuffles=100, seed=3).to_dict()
    again = territory_indicators(demo_db, shuffles=100, seed=3).to_dict()
    assert again == first
    other = territory_indicators(demo_db, shuffles=100, seed=4).to_dict()
    assert other["territory"]["H_sessions_random"] != first["territory"]["H_sessions_random"]  # type: ignore[index]
    assert other["schools"] == first["schools"]  # chance touches only the random references
