"""The official school calendar once read: holiday periods by académie and zone.

Semantics, checked day by day against the independent ``vacances-scolaires-france`` day file:
a period covers ``first_day`` … ``last_day`` inclusive, Paris dates. The file's end date is the
day classes resume, so ``last_day`` is the day before it — except for one-day rows (start equal
to end: "Journée vaquée", a Friday-only "Pont de l'Ascension"), which cover that day.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from cites_app.school_calendar.academies import (
    name_key,
    resolve_academy,
    resolve_zone,
    zone_label,
)
from cites_app.school_calendar.public_holidays import ASCENSION_BRIDGE_REASON

# Words of the official descriptions that French writes in lower case inside a label
# ("Vacances d'Été" → "Vacances d'été"), as the vacances-scolaires-france names do.
_LOWER_CASE_WORDS = {
    "vacances",
    "été",
    "hiver",
    "printemps",
    "carnaval",
    "septembre",
    "novembre",
    "février",
    "mai",
}
_START_OF = re.compile(r"^d[ée]but des\s+", re.IGNORECASE)
_GENERIC_POPULATION_KEYS = {"", "-", "eleves", "tous", "toutes"}
_PUPIL_POPULATION_WORDS = {"Élèves", "Premier", "Second"}


@dataclass(frozen=True, slots=True)
class HolidayPeriod:
    """One row of the official calendar, as days without classes."""

    description: str  # as in the file: "Vacances de Noël"
    population: str  # "" when the row concerns every pupil, else "Enseignants", "Saint-Martin"…
    first_day: dt.date
    last_day: dt.date  # inclusive
    academy: str
    zone: str  # "A", "B", "C", "Corse", "Guadeloupe"…
    school_year: str | None  # "2025-2026", or "2025" for the calendar-year COM
    open_ended: bool  # "Début des vacances d'été": the end is not published yet
    line: int  # line in the source file, for messages

    def contains(self, day: dt.date) -> bool:
        """True if ``day`` is one of the period's days without classes."""
        return self.first_day <= day <= self.last_day

    @property
    def for_pupils(self) -> bool:
        """False for the teachers' rows ("Enseignants"), which the planner ignores."""
        return not name_key(self.population).startswith("enseignant")

    @property
    def is_ascension_bridge(self) -> bool:
        """True for the rows "Pont de l'Ascension"."""
        return name_key(self.description).startswith("pont de l ascension")

    @property
    def label(self) -> str:
        """Description in French typography, "Début des …" dropped: "Vacances d'été"."""
        text = _START_OF.sub("", self.description.strip()) or self.description.strip()
        words = text.split()
        lowered = [words[0][:1].upper() + words[0][1:]]
        for word in words[1:]:
            elided, _, rest = word.rpartition("'")
            if rest.lower() not in _LOWER_CASE_WORDS:
                lowered.append(word)
            else:
                lowered.append(f"{elided}'{rest.lower()}" if elided else rest.lower())
        return " ".join(lowered)

    @property
    def reason(self) -> str:
        """French reason for a skipped date: "Vacances de Noël (zone C)"."""
        if self.is_ascension_bridge:
            # Same text whether the file or the computed bridge closes the day.
            return ASCENSION_BRIDGE_REASON
        where = zone_label(self.zone)
        if self.population:
            population = self.population
            if population.split(" ", 1)[0] in _PUPIL_POPULATION_WORDS:
                population = population[0].lower() + population[1:]
            where = f"{where}, {population}"
        return f"{self.label} ({where})"


def is_generic_population(population: str) -> bool:
    """True for the population values meaning "every pupil" ("-", "Élèves", empty)."""
    return name_key(population) in _GENERIC_POPULATION_KEYS


def canonical_zone(file_zone: str) -> str:
    """Zone identifier from the file's ``Zones`` value: "Zone C" → "C", "Corse" → "Corse"."""
    try:
        return resolve_zone(file_zone)
    except ValueError:
        return file_zone.strip()  # a zone this code does not know yet: keep the file's name


class SchoolCalendar:
    """Holiday periods of the official calendar, queried by zone or by académie."""

    def __init__(self, periods: Iterable[HolidayPeriod], source: Path | None = None) -> None:
        """Hold ``periods`` (all rows, teachers' included); ``source`` is the file read."""
        self._periods = tuple(periods)
        self.source = source
        self._by_academy: dict[str, list[HolidayPeriod]] = {}
        self._by_zone: dict[str, list[HolidayPeriod]] = {}
        for period in self._periods:
            self._by_academy.setdefault(name_key(period.academy), []).append(period)
            self._by_zone.setdefault(period.zone, []).append(period)

    @property
    def periods(self) -> tuple[HolidayPeriod, ...]:
        """Every period read, in file order."""
        return self._periods

    def zones(self) -> list[str]:
        """Zones present in the calendar, sorted."""
        return sorted(self._by_zone)

    def academies(self) -> list[str]:
        """Académies present in the calendar, sorted."""
        return sorted({period.academy for period in self._periods})

    def zone_of(self, zone_or_academy: str) -> str:
        """Zone identifier of a zone or académie name; ValueError (French) if unknown."""
        return self._select(zone_or_academy)[0]

    def pupil_periods(self, zone_or_academy: str) -> list[HolidayPeriod]:
        """Pupils' holiday periods of a zone or académie, sorted, duplicates removed.

        An académie present in the file gets its own rows; a zone gets the rows of all its
        académies (identical in the official files), each distinct period once.
        """
        periods = [period for period in self._select(zone_or_academy)[1] if period.for_pupils]
        unique: dict[tuple[object, ...], HolidayPeriod] = {}
        for period in periods:
            key = (period.description, period.population, period.first_day, period.last_day)
            unique.setdefault(key, period)
        return sorted(unique.values(), key=lambda period: (period.first_day, period.line))

    def holiday_on(self, day: dt.date, zone_or_academy: str) -> HolidayPeriod | None:
        """The pupils' period holding ``day`` (the earliest one if several), or None."""
        for period in self.pupil_periods(zone_or_academy):
            if period.contains(day):
                return period
        return None

    def coverage(self, zone_or_academy: str) -> tuple[dt.date, dt.date] | None:
        """First and last day the calendar speaks about for a zone, or None if it has no row.

        Days outside this span cannot be checked: the rentrée before the first period and the
        holidays after the last one are unknown.
        """
        periods = self.pupil_periods(zone_or_academy)
        if not periods:
            return None
        return (
            min(period.first_day for period in periods),
            max(period.last_day for period in periods),
        )

    def _select(self, zone_or_academy: str) -> tuple[str, list[HolidayPeriod]]:
        academy = resolve_academy(zone_or_academy)
        key = name_key(academy if academy is not None else zone_or_academy)
        if key in self._by_academy:
            rows = self._by_academy[key]
            return rows[0].zone, rows
        zone = self._zone_key(zone_or_academy)
        return zone, self._by_zone.get(zone, [])

    def _zone_key(self, zone_or_academy: str) -> str:
        try:
            return resolve_zone(zone_or_academy)
        except ValueError:
            key = name_key(zone_or_academy)
            for zone in self._by_zone:
                if name_key(zone) == key:
                    return zone
            raise
