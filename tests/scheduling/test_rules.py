"""The staffing ratio and the default class times, as tables a coordinator can check."""

from __future__ import annotations

from datetime import date, time

import pytest

from cites_app.scheduling import DEFAULT_CLASS_TIMES, staffing_need
from cites_app.scheduling.class_times import teaches_any
from cites_app.scheduling.conflict_queries import Member
from cites_app.scheduling.staffing import age_on

DAY = date(2026, 1, 7)


def _children(
    count: int, birth: date | None = None, year: int | None = None, niveau: str | None = None
) -> list[Member]:
    return [Member(i, birth, year, niveau) for i in range(count)]


@pytest.mark.parametrize(
    ("under_6", "over_6", "required"),
    [(0, 0, 0), (0, 14, 1), (0, 15, 2), (10, 0, 1), (11, 0, 2), (5, 7, 1), (6, 7, 2), (10, 14, 2)],
)
def test_staffing_need(under_6: int, over_6: int, required: int) -> None:
    members = _children(under_6, date(2021, 3, 1)) + _children(over_6, date(2016, 3, 1))
    need = staffing_need(DAY, members, 10, 14)
    assert (need.under_6, need.six_and_over, need.required) == (under_6, over_6, required)


def test_age_on_the_day_of_the_seance() -> None:
    assert age_on(DAY, date(2020, 1, 7), None) == 6  # birthday that very day
    assert age_on(DAY, date(2020, 1, 8), None) == 5
    assert age_on(DAY, None, 2020) == 5  # year only: the younger possible age
    assert age_on(DAY, None, None) is None
    # Without any birth data, maternelle niveaux count as under 6.
    assert (
        staffing_need(DAY, _children(1, niveau="GS") + _children(1, niveau="CP"), 10, 14).under_6
        == 1
    )


def test_default_class_times_table() -> None:
    def week(kind: str) -> dict[int, list[tuple[time, time]]]:
        days: dict[int, list[tuple[time, time]]] = {}
        for slot in DEFAULT_CLASS_TIMES[kind]:
            days.setdefault(slot.weekday, []).append((slot.start, slot.end))
        return days

    primary = [(time(8, 30), time(11, 30)), (time(13, 30), time(16, 30))]
    assert week("elementaire") == {0: primary, 1: primary, 3: primary, 4: primary}
    assert week("college") == {
        0: [(time(8), time(17))],
        1: [(time(8), time(17))],
        2: [(time(8), time(12))],
        3: [(time(8), time(17))],
        4: [(time(8), time(17))],
    }
    assert DEFAULT_CLASS_TIMES["autre"] == ()
    assert teaches_any("college", ["CM2", "6e"]) and not teaches_any("lycee_gt", ["CM2", "6e"])
    assert teaches_any("lycee_gt", [])  # no target niveau: every invited school counts
