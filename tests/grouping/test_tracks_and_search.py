"""How groups map to séances (pure), and the search's move evaluation against a full recount."""

from __future__ import annotations

from datetime import datetime, timedelta

import numpy as np
import pytest

from cites_app.grouping import GroupingError, GroupingSettings
from cites_app.grouping.problem import encode, resolve_targets
from cites_app.grouping.search import evaluate
from cites_app.grouping.search_state import SearchState
from cites_app.grouping.tracks import SessionSlot, map_tracks
from tests.grouping.pools import generated

WEDNESDAY = datetime(2026, 1, 7, 14)


def _slot(i: int, start: datetime, hours: float = 2, capacity: int | None = None) -> SessionSlot:
    return SessionSlot(i, start, start + timedelta(hours=hours), capacity)


def _weekly(first_id: int, count: int, start: datetime = WEDNESDAY) -> list[SessionSlot]:
    return [_slot(first_id + w, start + timedelta(weeks=w)) for w in range(count)]


def test_one_group_is_the_whole_activity() -> None:
    rule, tracks = map_tracks(_weekly(1, 3), 1)
    assert rule == "activity"
    assert tracks[0].session_ids == (1, 2, 3)
    assert tracks[0].description == (
        "3 séances du mercredi 7 janvier 2026 au mercredi 21 janvier 2026"
    )


def test_parallel_seances_give_one_group_per_room() -> None:
    slots = [
        _slot(10 + 3 * week + room, WEDNESDAY + timedelta(weeks=week), capacity=12 + room)
        for week in range(2)
        for room in range(3)
    ]
    rule, tracks = map_tracks(slots, 3)
    assert rule == "parallel"
    assert [t.session_ids for t in tracks] == [(10, 13), (11, 14), (12, 15)]
    assert [t.capacity for t in tracks] == [12, 13, 14]


def test_weekly_slots_give_one_group_per_slot() -> None:
    slots = _weekly(1, 3) + _weekly(10, 3, WEDNESDAY + timedelta(hours=2))
    rule, tracks = map_tracks(slots, 2)
    assert rule == "weekly"
    assert [t.session_ids for t in tracks] == [(1, 2, 3), (10, 11, 12)]
    assert tracks[1].description == "3 séances le mercredi de 16h00 à 18h00"


def test_otherwise_consecutive_periods_rotate() -> None:
    rule, tracks = map_tracks(_weekly(1, 7), 3)
    assert rule == "rotation"
    assert [t.session_ids for t in tracks] == [(1, 2, 3), (4, 5), (6, 7)]


def test_too_few_seances_leave_the_groups_without_seances() -> None:
    rule, tracks = map_tracks(_weekly(1, 1), 2)
    assert rule == "none"
    assert [t.session_ids for t in tracks] == [(), ()]


def test_explicit_seances_are_checked() -> None:
    slots = _weekly(1, 4)
    rule, tracks = map_tracks(slots, 2, [[1, 3], [2, 4]])
    assert rule == "explicit" and tracks[1].session_ids == (2, 4)
    with pytest.raises(GroupingError, match="il en faut une par groupe"):
        map_tracks(slots, 3, [[1], [2]])
    with pytest.raises(GroupingError, match="La séance n° 9 n'est pas une séance à venir"):
        map_tracks(slots, 2, [[1], [9]])
    with pytest.raises(GroupingError, match="La séance n° 2 est attribuée à deux groupes"):
        map_tracks(slots, 2, [[1, 2], [2]])


@pytest.mark.parametrize("seed", range(4))
def test_every_move_is_evaluated_as_a_full_recount_would(seed: int) -> None:
    case = generated(seed, size=50, schools=6, groups=4, skew=1.0)
    settings = GroupingSettings(
        groups=4, capacity=14, max_school_share=0.5, min_schools=3, place_all=seed % 2 == 1
    )
    problem = encode(case.pool, settings, resolve_targets(case.pool, settings))
    rng = np.random.default_rng(seed)
    rows = rng.integers(0, 5, problem.size)
    state = SearchState(problem, rows)
    for _ in range(25):
        p = int(rng.integers(problem.size))
        before = evaluate(problem, np.where(state.row == 4, -1, state.row))
        candidates = []
        move = state.best_relocation(p)
        if move is not None:
            candidates.append((move[0], [(p, move[1])]))
        swap = state.best_swap(p)
        if swap is not None:
            q = swap[1]
            candidates.append((swap[0], [(p, int(state.row[q])), (q, int(state.row[p]))]))
        for delta, moves in candidates:
            saved = state.row.copy()
            for pupil, target in moves:
                state.apply([pupil], target)
            after = evaluate(problem, np.where(state.row == 4, -1, state.row))
            assert after[0] - before[0] == pytest.approx(delta[0], abs=1e-9)
            assert after[1] - before[1] == delta[1]
            assert after[2] - before[2] == delta[2]
            assert before[3] - after[3] == pytest.approx(delta[3], abs=1e-9)
            state.reset(saved)
        state.apply([p], int(rng.integers(0, 5)))
