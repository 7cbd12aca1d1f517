"""Cell values of an attendance file: séance dates and times, présence statuses, activity types.

Each parser returns the clean value (None for a blank cell where a blank is allowed) or raises
``InvalidValueError`` whose text is the French message shown with the file, row and column.
Pupil values (birth date, sex, niveau, QPV…) use the pupil import's parsers.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

from cites_app.attendance.marks import EXCUSED, PRESENT, UNEXCUSED
from cites_app.models.vocabulary import AXES
from cites_app.pupil_files.textutil import InvalidValueError, cell_text, plain_upper, shorten

EARLIEST_SEANCE_YEAR = 2015  # the cités éducatives label dates from 2019; earlier files are typos

_EXCEL_EPOCH = date(1899, 12, 30)
_DMY = re.compile(r"(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4}|\d{2})(?:[ T].*)?")
_YMD = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?")
_WORDS = re.compile(r"(?:[A-Z]+\.? )?(\d{1,2})(?:ER)? ([A-Z]+)\.? (\d{4})")
_MONTHS = {
    "JANVIER": 1, "JANV": 1, "FEVRIER": 2, "FEVR": 2, "FEV": 2, "MARS": 3, "AVRIL": 4,
    "AVR": 4, "MAI": 5, "JUIN": 6, "JUILLET": 7, "JUIL": 7, "AOUT": 8, "SEPTEMBRE": 9,
    "SEPT": 9, "OCTOBRE": 10, "OCT": 10, "NOVEMBRE": 11, "NOV": 11, "DECEMBRE": 12, "DEC": 12,
}  # fmt: skip
_TIME = re.compile(r"(\d{1,2})\s*(?:[hH:]\s*(\d{2})?(?::(\d{2}))?)?\s*(?:MIN)?")
_RANGE = re.compile(r"(.+?)(?:\s*[-–—/]\s*|\s+(?:A|AU|JUSQU A)\s+)(.+)")


def parse_seance_date(value: object, *, today: date | None = None) -> date:
    """A séance's day: a date cell, an Excel serial, « 07/01/2026 », « 2026-01-07 »,
    « mercredi 7 janvier 2026 ». Blank, impossible, too old or far-future dates are refused."""
    if isinstance(value, datetime):
        day = value.date()
    elif isinstance(value, date):
        day = value
    elif isinstance(value, int | float) and not isinstance(value, bool):
        if not 20000 <= value <= 80000:
            raise InvalidValueError(f"Date illisible : {cell_text(value)}")
        day = _EXCEL_EPOCH + timedelta(days=int(value))
    else:
        day = _date_from_text(cell_text(value))
    today = today or date.today()
    if day.year < EARLIEST_SEANCE_YEAR or day > today.replace(year=today.year + 2):
        raise InvalidValueError(f"Date invraisemblable pour une séance : {day:%d/%m/%Y}")
    return day


def _date_from_text(text: str) -> date:
    if not text:
        raise InvalidValueError("Date manquante")
    key = plain_upper(text).strip()
    parts: tuple[int, int, int] | None = None
    if m := _DMY.fullmatch(key):
        year = int(m[3]) + (2000 if len(m[3]) == 2 else 0)
        parts = (year, int(m[2]), int(m[1]))
    elif m := _YMD.fullmatch(key):
        parts = (int(m[1]), int(m[2]), int(m[3]))
    elif (m := _WORDS.fullmatch(" ".join(key.replace(",", " ").split()))) and m[2] in _MONTHS:
        parts = (int(m[3]), _MONTHS[m[2]], int(m[1]))
    if parts is None:
        raise InvalidValueError(f"Date illisible : {shorten(text)} (exemple : 07/01/2026)")
    try:
        return date(*parts)
    except ValueError:
        raise InvalidValueError(f"Date impossible : {shorten(text)}") from None


def parse_clock(value: object, what: str = "Heure") -> time:
    """A time of day: a time cell, a fraction of a day, « 14h », « 14h30 », « 14:30:00 »."""
    if isinstance(value, datetime):
        return value.time().replace(second=0, microsecond=0)
    if isinstance(value, time):
        return value.replace(second=0, microsecond=0)
    if isinstance(value, timedelta):
        minutes = round(value.total_seconds() / 60)
        if 0 <= minutes < 24 * 60:
            return time(minutes // 60, minutes % 60)
    elif isinstance(value, float) and 0 <= value < 1:
        minutes = round(value * 24 * 60)
        if minutes < 24 * 60:
            return time(minutes // 60, minutes % 60)
    text = cell_text(value)
    if not text:
        raise InvalidValueError(f"{what} manquante")
    m = _TIME.fullmatch(plain_upper(text).strip())
    if m is not None:
        hour, minute = int(m[1]), int(m[2] or 0)
        if hour < 24 and minute < 60:
            return time(hour, minute)
    raise InvalidValueError(f"{what} illisible : {shorten(text)} (exemples : 14h, 14h30, 14:30)")


def parse_time_range(value: object) -> tuple[time, time]:
    """« 14h00-16h30 », « 14h à 16h30 », « 14:00 – 16:30 »."""
    text = cell_text(value)
    m = _RANGE.fullmatch(plain_upper(text).strip())
    try:
        if m is not None:
            return parse_clock(m[1], "Heure de début"), parse_clock(m[2], "Heure de fin")
    except InvalidValueError:
        pass
    raise InvalidValueError(
        f"Horaire illisible : {shorten(text) or 'vide'} (exemple : 14h00-16h30)"
    )


_STATUSES: dict[str, str] = {
    **dict.fromkeys(
        ("P", "PRESENT", "PRESENTE", "PRESENT E", "PRESENTS", "X", "OUI", "O", "1", "VRAI",
         "PRES", "✓", "✔", "V", "RETARD", "EN RETARD", "PARTIEL", "PARTIELLE"),
        PRESENT,
    ),
    **dict.fromkeys(
        ("E", "EXCUSE", "EXCUSEE", "EXCUSE E", "ABSENT EXCUSE", "ABSENTE EXCUSEE",
         "ABSENT E EXCUSE E", "AE", "ABS EXC", "ABS EXCUSE", "ABSENCE EXCUSEE", "EXC"),
        EXCUSED,
    ),
    **dict.fromkeys(
        ("A", "ABSENT", "ABSENTE", "ABSENT E", "ABS", "NON", "N", "0", "FAUX",
         "ABSENT NON EXCUSE", "ABSENTE NON EXCUSEE", "ABSENT E NON EXCUSE E", "ANE", "NE",
         "NON EXCUSE", "NON EXCUSEE", "ABSENCE NON EXCUSEE", "ABSENCE", "ABS NON EXC"),
        UNEXCUSED,
    ),
}  # fmt: skip


def parse_status(value: object) -> str:
    """présent (also for a blank cell), absent excusé or absent non excusé."""
    if isinstance(value, bool):
        return PRESENT if value else UNEXCUSED
    text = cell_text(value)
    if not text:
        return PRESENT
    key = " ".join(re.sub(r"[^\w✓✔]+", " ", plain_upper(text)).split())
    status = _STATUSES.get(key)
    if status is None:
        raise InvalidValueError(
            f"Statut non reconnu : {shorten(text)} (attendu : présent, absent ou excusé)"
        )
    return status


_KINDS: dict[str, str] = {
    "PERISCOLAIRE": "periscolaire",
    "PERI": "periscolaire",
    "PERISCO": "periscolaire",
    "TEMPS PERISCOLAIRE": "periscolaire",
    "ATELIER PERISCOLAIRE": "periscolaire",
    "EXTRASCOLAIRE": "periscolaire",
    "ORIENTATION": "orientation",
    "TEMPS ORIENTATION": "orientation",
    "DECOUVERTE DES METIERS": "orientation",
    "DECOUVERTE METIERS": "orientation",
    "AUTRE": "autre",
    "AUTRES": "autre",
}


def parse_kind(value: object) -> str | None:
    """The activity type code (periscolaire, orientation, autre); None for a blank cell."""
    text = cell_text(value)
    if not text:
        return None
    key = " ".join(re.sub(r"[^\w]+", " ", plain_upper(text)).split())
    kind = _KINDS.get(key)
    if kind is None and key.startswith(("ORIENTATION", "DECOUVERTE", "VISITE", "FORUM", "STAGE")):
        kind = "orientation"
    if kind is None:
        raise InvalidValueError(
            f"Type d'activité non reconnu : {shorten(text)} (attendu : périscolaire, "
            "orientation ou autre)"
        )
    return kind


_AXIS_WORDS = {"ecole": "ECOLE", "continuite": "CONTINUITE", "possibles": "POSSIBLES"}
"""Axis codes in the label's order (axe 1, 2, 3), with the word that tells each apart."""
assert list(_AXIS_WORDS) == list(AXES)


def parse_axis(value: object) -> str | None:
    """An axis code from its label, a part of it, or its number (1, 2, 3)."""
    text = cell_text(value)
    if not text:
        return None
    key = plain_upper(text).strip().rstrip(".")
    words = set(re.sub(r"[^\w]+", " ", key).split())
    for number, (code, word) in enumerate(_AXIS_WORDS.items(), start=1):
        if key in (str(number), f"AXE {number}") or word in words:
            return code
    raise InvalidValueError(
        f"Axe non reconnu : {shorten(text)} (attendu : 1, 2, 3 ou le libellé de l'axe)"
    )


def parse_minutes(value: object) -> int | None:
    """Minutes of a partial presence: « 45 », « 45 min », « 1h15 », a duration cell."""
    if isinstance(value, timedelta):
        return round(value.total_seconds() / 60)
    if isinstance(value, int | float) and not isinstance(value, bool):
        if value < 0 or not float(value).is_integer():
            raise InvalidValueError(f"Durée illisible : {cell_text(value)} (en minutes)")
        return int(value)
    text = cell_text(value)
    if not text:
        return None
    key = plain_upper(text).replace(" ", "")
    if m := re.fullmatch(r"(\d+)(?:MIN|MN|MINUTES?)?", key):
        return int(m[1])
    if m := re.fullmatch(r"(\d{1,2})[H:](\d{2})?", key):
        return int(m[1]) * 60 + int(m[2] or 0)
    raise InvalidValueError(f"Durée illisible : {shorten(text)} (en minutes, exemple : 45)")
