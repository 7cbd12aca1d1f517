"""French wording of dates, times and weekdays, as the whole UI shows them.

Weeks start on Monday; weekday numbers follow Python and the stdlib ``calendar`` module
(0 = lundi … 6 = dimanche).
"""

from __future__ import annotations

import datetime as dt
import re

from cites_app.school_calendar.academies import name_key

WEEKDAYS_FR: tuple[str, ...] = (
    "lundi",
    "mardi",
    "mercredi",
    "jeudi",
    "vendredi",
    "samedi",
    "dimanche",
)
MONTHS_FR: tuple[str, ...] = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)

_TIME_PATTERN = re.compile(r"^\s*(\d{1,2})\s*[hH:]\s*(\d{2})?\s*$")
_FRENCH_DATE_PATTERN = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*$")


def format_date_fr(day: dt.date) -> str:
    """Return the date as the UI writes it: "mercredi 7 janvier 2026", "mercredi 1er avril 2026"."""
    number = "1er" if day.day == 1 else str(day.day)
    return f"{WEEKDAYS_FR[day.weekday()]} {number} {MONTHS_FR[day.month - 1]} {day.year}"


def format_time_fr(moment: dt.time) -> str:
    """Return the time as the UI writes it: "14h00", "9h05"."""
    return f"{moment.hour}h{moment.minute:02d}"


def week_start(day: dt.date) -> dt.date:
    """Monday of the week holding ``day`` (French weeks start on Monday)."""
    return day - dt.timedelta(days=day.weekday())


def parse_weekday(value: int | str) -> int:
    """Weekday number (0 = lundi … 6 = dimanche) from an int or a French name.

    Accepts "mercredi", "Mercredi", "MERCREDI", "mercredis", "mer." and 0…6.
    Raises ValueError with a French message otherwise.
    """
    if isinstance(value, bool):  # bool is an int subclass, never a weekday
        raise ValueError(f"Jour de la semaine invalide : {value!r}.")
    if isinstance(value, int):
        if 0 <= value <= 6:
            return value
        raise ValueError(
            f"Jour de la semaine invalide : {value} (attendu : 0 = lundi … 6 = dimanche)."
        )
    key = name_key(value)
    for number, name in enumerate(WEEKDAYS_FR):
        if key in {name, name + "s", name[:3]}:
            return number
    raise ValueError(
        f"Jour de la semaine inconnu : « {value} » (attendu : {', '.join(WEEKDAYS_FR)})."
    )


def parse_time_fr(value: dt.time | str) -> dt.time:
    """Time from a ``time`` or a French / ISO spelling: "14h", "14h30", "14:30", "9h05"."""
    if isinstance(value, dt.time):
        return value
    match = _TIME_PATTERN.match(value)
    if match is not None:
        hour, minute = int(match.group(1)), int(match.group(2) or 0)
        if hour < 24 and minute < 60:
            return dt.time(hour, minute)
    raise ValueError(f"Heure illisible : « {value} » (exemples : 14h, 14h30, 14:30).")


def parse_date_fr(value: dt.date | str) -> dt.date:
    """Date from a ``date`` or a string "2026-01-07" / "07/01/2026" / "7/1/2026"."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    match = _FRENCH_DATE_PATTERN.match(value)
    try:
        if match is not None:
            day, month, year = (int(part) for part in match.groups())
            return dt.date(year, month, day)
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        pass
    raise ValueError(f"Date illisible : « {value} » (exemples : 07/01/2026, 2026-01-07).")
