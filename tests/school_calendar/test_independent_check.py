"""Series planned from the official file agree with an independent day-by-day source.

The expected dates come from the ``vacances-scolaires-france`` 0.12.0 day file (one line per
holiday day and zone) and from public holidays written out by hand below — never from the code
under test. The day file is known to omit the Ascension bridge of 2024–2026, which the official
file lists: those differences are asserted one by one instead of being ignored.
"""

from __future__ import annotations

import datetime as dt

import pytest

from cites_app.school_calendar import SchoolCalendar, plan_series

D = dt.date

# Jours fériés of the school years checked, from the published calendars.
PUBLIC_HOLIDAYS: dict[dt.date, str] = {
    D(2024, 11, 1): "Toussaint",
    D(2024, 11, 11): "armistice du 11 novembre 1918",
    D(2024, 12, 25): "Noël",
    D(2025, 1, 1): "jour de l'An",
    D(2025, 4, 21): "lundi de Pâques",
    D(2025, 5, 1): "fête du Travail",
    D(2025, 5, 8): "victoire du 8 mai 1945",
    D(2025, 5, 29): "Ascension",
    D(2025, 6, 9): "lundi de Pentecôte",
    D(2025, 7, 14): "fête nationale",
    D(2025, 8, 15): "Assomption",
    D(2025, 11, 1): "Toussaint",
    D(2025, 11, 11): "armistice du 11 novembre 1918",
    D(2025, 12, 25): "Noël",
    D(2026, 1, 1): "jour de l'An",
    D(2026, 4, 6): "lundi de Pâques",
    D(2026, 5, 1): "fête du Travail",
    D(2026, 5, 8): "victoire du 8 mai 1945",
    D(2026, 5, 14): "Ascension",
    D(2026, 5, 25): "lundi de Pentecôte",
    D(2026, 7, 14): "fête nationale",
    D(2026, 8, 15): "Assomption",
    D(2026, 11, 1): "Toussaint",
    D(2026, 11, 11): "armistice du 11 novembre 1918",
    D(2026, 12, 25): "Noël",
    D(2027, 1, 1): "jour de l'An",
    D(2027, 3, 29): "lundi de Pâques",
    D(2027, 5, 1): "fête du Travail",
    D(2027, 5, 6): "Ascension",
    D(2027, 5, 8): "victoire du 8 mai 1945",
    D(2027, 5, 17): "lundi de Pentecôte",
    D(2027, 7, 14): "fête nationale",
}

# Bridge days (Friday, and the Saturday of the official Thursday-to-Sunday row) that the
# official file lists and the day file lacks, by school year. 2027's bridge is in both.
DAY_FILE_OMISSIONS: dict[int, set[dt.date]] = {
    2024: {D(2025, 5, 30), D(2025, 5, 31)},
    2025: {D(2026, 5, 15), D(2026, 5, 16)},
    2026: set(),
}
# Rentrée of the pupils, as the official arrêtés give it.
RENTREES = {2024: D(2024, 9, 2), 2025: D(2025, 9, 1), 2026: D(2026, 9, 1)}


def _rentree(holidays: dict[dt.date, str], year: int) -> dt.date:
    """First weekday after the summer holidays of ``year`` in the day file."""
    day = D(year, 8, 20)
    while day in holidays or day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


@pytest.mark.parametrize("zone", ["A", "B", "C"])
@pytest.mark.parametrize("school_year", [2024, 2025, 2026])
@pytest.mark.parametrize("weekday", range(6), ids=["lun", "mar", "mer", "jeu", "ven", "sam"])
def test_series_agree_with_the_day_file(
    official_calendar: SchoolCalendar,
    day_file_holidays: dict[str, dict[dt.date, str]],
    zone: str,
    school_year: int,
    weekday: int,
) -> None:
    holidays = day_file_holidays[zone]
    start = _rentree(holidays, school_year)
    assert start == RENTREES[school_year]
    end = D(school_year + 1, 7, 10)  # a week into the summer holidays
    plan = plan_series(weekday, start, end, dt.time(14), dt.time(16, 30), official_calendar, zone)

    expected_kept: list[dt.date] = []
    expected_skipped: dict[dt.date, str] = {}
    day = start + dt.timedelta(days=(weekday - start.weekday()) % 7)
    while day <= end:
        if day in PUBLIC_HOLIDAYS:
            expected_skipped[day] = f"Jour férié : {PUBLIC_HOLIDAYS[day]}"
        elif day in holidays:
            name = holidays[day]
            expected_skipped[day] = (
                name if name == "Pont de l'Ascension" else f"{name} (zone {zone})"
            )
        else:
            expected_kept.append(day)
        day += dt.timedelta(days=7)

    skipped = {entry.date: entry.reason for entry in plan.skipped}
    assert plan.warnings == []
    assert plan.kept == sorted(plan.kept)
    assert list(skipped) == sorted(skipped)
    # The only disagreements are the bridge days the day file is known to lack.
    omitted = {d for d in DAY_FILE_OMISSIONS[school_year] if d.weekday() == weekday}
    assert plan.kept == [d for d in expected_kept if d not in omitted]
    assert {d: r for d, r in skipped.items() if d not in omitted} == expected_skipped
    assert {d: skipped[d] for d in omitted} == {d: "Pont de l'Ascension" for d in omitted}
    assert not omitted & set(holidays)
    assert len(plan.kept) + len(plan.skipped) == len(expected_kept) + len(expected_skipped)


def test_the_day_file_lacks_exactly_the_2024_to_2026_bridges(
    day_file_holidays: dict[str, dict[dt.date, str]],
) -> None:
    for holidays in day_file_holidays.values():
        bridge_days = sorted(day for day, name in holidays.items() if name == "Pont de l'Ascension")
        assert bridge_days == [
            D(2027, 5, 6),
            D(2027, 5, 7),
            D(2027, 5, 8),
            D(2028, 5, 26),
            D(2028, 5, 27),
        ]
        for missing in DAY_FILE_OMISSIONS.values():
            assert not missing & set(holidays)


def test_checked_periods_cover_every_kind_of_holiday(
    day_file_holidays: dict[str, dict[dt.date, str]],
) -> None:
    """Guard: the comparison above really crosses each holiday of each zone."""
    for zone, holidays in day_file_holidays.items():
        names = {name for day, name in holidays.items() if RENTREES[2024] <= day <= D(2027, 7, 10)}
        assert names == {
            "Vacances de la Toussaint",
            "Vacances de Noël",
            "Vacances d'hiver",
            "Vacances de printemps",
            "Pont de l'Ascension",
            "Vacances d'été",
        }, zone
