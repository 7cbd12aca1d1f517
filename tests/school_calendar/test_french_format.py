"""French dates, times and weekdays as the UI shows and reads them."""

from __future__ import annotations

import calendar
import datetime as dt

import pytest

from cites_app.school_calendar import (
    WEEKDAYS_FR,
    format_date_fr,
    format_time_fr,
    parse_date_fr,
    parse_time_fr,
    parse_weekday,
    week_start,
)


@pytest.mark.parametrize(
    ("day", "text"),
    [
        (dt.date(2026, 1, 7), "mercredi 7 janvier 2026"),
        (dt.date(2026, 4, 1), "mercredi 1er avril 2026"),
        (dt.date(2026, 3, 2), "lundi 2 mars 2026"),
        (dt.date(2026, 8, 15), "samedi 15 août 2026"),
        (dt.date(2025, 12, 21), "dimanche 21 décembre 2025"),
        (dt.date(2026, 2, 20), "vendredi 20 février 2026"),
    ],
)
def test_format_date_fr(day: dt.date, text: str) -> None:
    assert format_date_fr(day) == text


@pytest.mark.parametrize(
    ("moment", "text"),
    [(dt.time(14, 0), "14h00"), (dt.time(16, 30), "16h30"), (dt.time(9, 5), "9h05")],
)
def test_format_time_fr(moment: dt.time, text: str) -> None:
    assert format_time_fr(moment) == text


def test_weeks_start_on_monday() -> None:
    assert WEEKDAYS_FR[0] == "lundi"
    assert week_start(dt.date(2026, 1, 11)) == dt.date(2026, 1, 5)  # Sunday → Monday before
    assert week_start(dt.date(2026, 1, 5)) == dt.date(2026, 1, 5)


@pytest.mark.parametrize(
    ("value", "number"),
    [
        ("mercredi", 2),
        ("Mercredi", 2),
        ("MERCREDI", 2),
        ("mercredis", 2),
        ("mer.", 2),
        (" lundi ", 0),
        ("Samedi", 5),
        ("dimanche", 6),
        (3, 3),
        (calendar.WEDNESDAY, 2),
    ],
)
def test_parse_weekday(value: int | str, number: int) -> None:
    assert parse_weekday(value) == number


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("mercrdi", "Jour de la semaine inconnu : « mercrdi »"),
        (7, "Jour de la semaine invalide : 7 \\(attendu : 0 = lundi … 6 = dimanche\\)"),
        (-1, "Jour de la semaine invalide : -1"),
        (True, "Jour de la semaine invalide : True"),
    ],
)
def test_parse_weekday_errors(value: int | str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_weekday(value)


@pytest.mark.parametrize(
    ("value", "moment"),
    [
        ("14h", dt.time(14)),
        ("14h30", dt.time(14, 30)),
        ("14:30", dt.time(14, 30)),
        ("9h05", dt.time(9, 5)),
        (" 16 h 30 ", dt.time(16, 30)),
        (dt.time(8), dt.time(8)),
    ],
)
def test_parse_time_fr(value: str | dt.time, moment: dt.time) -> None:
    assert parse_time_fr(value) == moment


@pytest.mark.parametrize("value", ["25h", "14h75", "quatorze heures", "14", ""])
def test_parse_time_fr_errors(value: str) -> None:
    with pytest.raises(ValueError, match=f"Heure illisible : « {value} »"):
        parse_time_fr(value)


@pytest.mark.parametrize(
    ("value", "day"),
    [
        ("2026-01-07", dt.date(2026, 1, 7)),
        ("07/01/2026", dt.date(2026, 1, 7)),
        ("7/1/2026", dt.date(2026, 1, 7)),
        (dt.datetime(2026, 1, 7, 14), dt.date(2026, 1, 7)),
    ],
)
def test_parse_date_fr(value: str | dt.date, day: dt.date) -> None:
    assert parse_date_fr(value) == day


@pytest.mark.parametrize("value", ["31/02/2026", "2026-13-01", "demain"])
def test_parse_date_fr_errors(value: str) -> None:
    with pytest.raises(ValueError, match=f"Date illisible : « {value} »"):
        parse_date_fr(value)
