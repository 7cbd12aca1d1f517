"""Public holidays, Easter computus, Ascension bridge and the Paris date conversion."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from cites_app.school_calendar import (
    DROM_ACADEMIES,
    ascension_bridge_day,
    ascension_day,
    easter_sunday,
    public_holidays,
)
from cites_app.school_calendar.paris_date import paris_date, paris_date_eu_rule
from cites_app.school_calendar.public_holidays import ABOLITION_DAYS
from tests.school_calendar.conftest import OFFICIAL_FILE

# Published Easter Sundays, including the earliest (22 March) and latest (25 April) possible.
KNOWN_EASTERS = [
    dt.date(1818, 3, 22),
    dt.date(1943, 4, 25),
    dt.date(2000, 4, 23),
    dt.date(2008, 3, 23),
    dt.date(2011, 4, 24),
    dt.date(2019, 4, 21),
    dt.date(2024, 3, 31),
    dt.date(2025, 4, 20),
    dt.date(2026, 4, 5),
    dt.date(2027, 3, 28),
    dt.date(2028, 4, 16),
    dt.date(2029, 4, 1),
    dt.date(2030, 4, 21),
    dt.date(2038, 4, 25),
    dt.date(2285, 3, 22),
]


@pytest.mark.parametrize("easter", KNOWN_EASTERS, ids=str)
def test_easter_sunday(easter: dt.date) -> None:
    assert easter_sunday(easter.year) == easter
    assert easter.weekday() == 6


def test_easter_before_the_gregorian_calendar_is_refused() -> None:
    with pytest.raises(ValueError, match="Année hors du calendrier grégorien : 1500"):
        easter_sunday(1500)


def test_public_holidays_2026() -> None:
    assert public_holidays(2026) == {
        dt.date(2026, 1, 1): "jour de l'An",
        dt.date(2026, 4, 6): "lundi de Pâques",
        dt.date(2026, 5, 1): "fête du Travail",
        dt.date(2026, 5, 8): "victoire du 8 mai 1945",
        dt.date(2026, 5, 14): "Ascension",
        dt.date(2026, 5, 25): "lundi de Pentecôte",
        dt.date(2026, 7, 14): "fête nationale",
        dt.date(2026, 8, 15): "Assomption",
        dt.date(2026, 11, 1): "Toussaint",
        dt.date(2026, 11, 11): "armistice du 11 novembre 1918",
        dt.date(2026, 12, 25): "Noël",
    }


def test_alsace_moselle_adds_good_friday_and_saint_stephen() -> None:
    extra = set(public_holidays(2026, alsace_moselle=True).items()) - set(
        public_holidays(2026).items()
    )
    assert extra == {
        (dt.date(2026, 4, 3), "Vendredi saint"),
        (dt.date(2026, 12, 26), "Saint-Étienne"),
    }
    assert dt.date(2027, 3, 26) in public_holidays(2027, alsace_moselle=True)


def test_ascension_on_may_day_keeps_both_names() -> None:
    assert public_holidays(2008)[dt.date(2008, 5, 1)] == "Ascension et fête du Travail"
    assert len(public_holidays(2008)) == 10


def test_ascension_and_its_bridge() -> None:
    assert ascension_day(2026) == dt.date(2026, 5, 14)
    assert ascension_bridge_day(2026) == dt.date(2026, 5, 15)
    assert ascension_bridge_day(2027) == dt.date(2027, 5, 7)
    assert all(ascension_bridge_day(year).weekday() == 4 for year in range(1990, 2100))


def test_overseas_abolition_days() -> None:
    assert set(ABOLITION_DAYS) == set(DROM_ACADEMIES)
    assert public_holidays(2026, overseas="Martinique")[dt.date(2026, 5, 22)] == (
        "abolition de l'esclavage"
    )
    assert public_holidays(2026, overseas="Réunion")[dt.date(2026, 12, 20)] == (
        "abolition de l'esclavage"
    )
    assert dt.date(2026, 5, 22) not in public_holidays(2026, overseas="Paris")


def test_paris_date_of_the_export_timestamps() -> None:
    assert paris_date(dt.datetime.fromisoformat("2025-10-17T22:00:00+00:00")) == dt.date(
        2025, 10, 18
    )
    assert paris_date(dt.datetime.fromisoformat("2025-12-19T23:00:00+00:00")) == dt.date(
        2025, 12, 20
    )
    assert paris_date(dt.datetime(2025, 10, 17, 22)) == dt.date(2025, 10, 18)  # naive = UTC


def test_fallback_without_time_zone_database_agrees_with_zoneinfo() -> None:
    paris = ZoneInfo("Europe/Paris")
    instants = [
        dt.datetime.fromisoformat(cell)
        for line in OFFICIAL_FILE.read_text(encoding="utf-8").splitlines()[1:]
        for cell in line.split(";")[2:4]
    ]
    start = dt.datetime(2023, 1, 1, tzinfo=dt.UTC)
    instants += [start + dt.timedelta(minutes=30 * step) for step in range(2 * 24 * 365 * 5)]
    for instant in instants:
        assert paris_date_eu_rule(instant) == instant.astimezone(paris).date(), instant
