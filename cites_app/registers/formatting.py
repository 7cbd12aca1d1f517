"""French formatting of dates, times and numbers, identical on every platform.

Written out rather than taken from the system locale so that a Windows laptop set to English, the
PDF sheets and the tests all read the same "mer. 7 janv. 2026" and "14h00–16h30".
"""

from __future__ import annotations

from datetime import date, datetime

WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
WEEKDAYS_SHORT = ("lun.", "mar.", "mer.", "jeu.", "ven.", "sam.", "dim.")
MONTHS = (
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
)  # fmt: skip
MONTHS_SHORT = (
    "janv.", "févr.", "mars", "avr.", "mai", "juin",
    "juil.", "août", "sept.", "oct.", "nov.", "déc.",
)  # fmt: skip

# French typography groups thousands with a narrow no-break space.
THOUSANDS_SEPARATOR = "\u202f"


def short_date(day: date) -> str:
    """ "mer. 7 janv. 2026"."""
    return f"{WEEKDAYS_SHORT[day.weekday()]} {day.day} {MONTHS_SHORT[day.month - 1]} {day.year}"


def long_date(day: date) -> str:
    """ "mercredi 7 janvier 2026" (1er for the first of the month)."""
    number = "1er" if day.day == 1 else str(day.day)
    return f"{WEEKDAYS[day.weekday()]} {number} {MONTHS[day.month - 1]} {day.year}"


def numeric_date(day: date) -> str:
    """ "07/01/2026"."""
    return day.strftime("%d/%m/%Y")


def clock_time(moment: datetime) -> str:
    """ "14h00"."""
    return f"{moment.hour}h{moment.minute:02d}"


def time_range(start: datetime, end: datetime) -> str:
    """ "14h00–16h30" (en dash, as on French timetables)."""
    return f"{clock_time(start)}–{clock_time(end)}"


def integer(value: int) -> str:
    """ "25 000" with a narrow no-break space."""
    return f"{value:,}".replace(",", THOUSANDS_SEPARATOR)


def decimal(value: float, digits: int = 1) -> str:
    """ "98,4": decimal comma, thousands grouped."""
    text = f"{value:,.{digits}f}"
    return text.replace(",", THOUSANDS_SEPARATOR).replace(".", ",")


def percent(share: float, digits: int = 0) -> str:
    """ "87 %" for 0.87, "19,5 %" for 0.195 with one digit (no-break space before the sign)."""
    if digits:
        return f"{decimal(share * 100, digits)}\u00a0%"
    return f"{round(share * 100)}\u00a0%"


def count(value: int, singular: str, plural: str) -> str:
    """ "1 école", "0 séance", "3 collèges" (French: 0 and 1 take the singular)."""
    return f"{integer(value)} {singular if value <= 1 else plural}"


def hours(value: float) -> str:
    """ "8,5 h" below a hundred hours, "1 234 h" above."""
    return f"{decimal(value, 1) if value < 100 else integer(round(value))}\u00a0h"
