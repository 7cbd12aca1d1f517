"""Hours of participation follow from the marks; past séances without roll call are listed."""

from __future__ import annotations

from datetime import datetime

from cites_app.attendance import (
    EXCUSED,
    PRESENT,
    UNEXCUSED,
    ParticipationHours,
    RollCallService,
    attended_minutes,
    missing_roll_calls,
)
from cites_app.indicators.territory_period import Period
from tests.attendance.conftest import World, clock


def _mark_some(world: World) -> None:
    service = RollCallService(world.database, clock)
    today, last_week = world.seances["today"], world.seances["last_week"]
    service.mark(today, world.pupils["lina"], PRESENT)  # 150 min
    service.mark(today, world.pupils["adam"], PRESENT, minutes=60)
    service.mark(today, world.pupils["eloise"], EXCUSED)
    service.mark(today, world.pupils["yanis"], UNEXCUSED)
    service.mark(last_week, world.pupils["lina"], PRESENT, minutes=100)
    service.mark(last_week, world.pupils["yanis"], PRESENT)  # 150 min


def test_attended_minutes() -> None:
    start, end = datetime(2026, 1, 7, 14), datetime(2026, 1, 7, 16, 30)
    assert attended_minutes(PRESENT, None, start, end) == 150
    assert attended_minutes(PRESENT, 45, start, end) == 45
    assert attended_minutes(EXCUSED, None, start, end) == 0


def test_hours_per_pupil_school_and_activity(world: World) -> None:
    _mark_some(world)
    hours = ParticipationHours(world.database)
    by_pupil = {row.label: (row.minutes, row.seances, row.detail) for row in hours.rows("pupil")}
    assert by_pupil == {
        "Benali Yanis": (150, 1, "Collège Jean-Lolive"),
        "Dupont Lina": (250, 2, "École élémentaire Jean Jaures"),
        "Petit Adam": (60, 1, "École élémentaire Jean Jaures"),
    }
    by_school = {row.label: (row.minutes, row.pupils) for row in hours.rows("school")}
    assert by_school == {
        "Collège Jean-Lolive": (150, 1),
        "École élémentaire Jean Jaures": (310, 2),
    }
    [activity] = hours.rows("activity")
    assert (activity.label, activity.detail, activity.minutes, activity.pupils) == (
        "Atelier théâtre",
        "Périscolaire",
        460,
        3,
    )
    assert activity.hours_text == "7,7\u00a0h"
    assert hours.total_minutes() == 460
    # Within a school year: both séances are in 2025-2026, none in 2024-2025.
    assert hours.total_minutes(Period.of_school_year("2025-2026")) == 460
    assert hours.rows("school", Period.of_school_year("2024-2025")) == []


def test_missing_roll_calls(world: World) -> None:
    # Before any mark: last week's séance and today's (ended at 16h30) lack their roll call;
    # the cancelled one and next week's are not listed.
    evening = lambda: datetime(2026, 1, 7, 18)  # noqa: E731
    missing = missing_roll_calls(world.database, evening)
    assert [m.session_id for m in missing] == [world.seances["last_week"], world.seances["today"]]
    assert missing[0].registered == 5 and missing[1].registered == 6
    assert missing[0].when_text == "mercredi 17 décembre 2025, 14h00–16h30"
    # During today's séance only last week's is late.
    assert [m.session_id for m in missing_roll_calls(world.database, clock)] == [
        world.seances["last_week"]
    ]
    RollCallService(world.database, clock).mark(
        world.seances["last_week"], world.pupils["lina"], PRESENT
    )
    assert [m.session_id for m in missing_roll_calls(world.database, evening)] == [
        world.seances["today"]
    ]
