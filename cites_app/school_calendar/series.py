"""Weekly series of séances that skip school holidays, public holidays and the Ascension bridge.

Each skipped date gets exactly one reason, the first that applies in this order:
1. a public holiday ("Jour férié : lundi de Pâques"), even inside school holidays;
2. a pupils' period of the official calendar ("Vacances de Noël (zone C)"); its
   "Pont de l'Ascension" rows read "Pont de l'Ascension";
3. the Friday after Ascension ("Pont de l'Ascension"), computed for the national calendar
   whether or not the file has the row, so the bridge is never missed nor counted twice;
4. the caller's own closed dates.
Weekends are not reasons by themselves: the weekday of the series is the caller's choice.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TypeAlias

from cites_app.school_calendar.academies import DROM_ACADEMIES, is_metropolitan_zone, zone_label
from cites_app.school_calendar.calendar_model import SchoolCalendar
from cites_app.school_calendar.french_format import (
    WEEKDAYS_FR,
    format_date_fr,
    format_time_fr,
    parse_date_fr,
    parse_time_fr,
    parse_weekday,
)
from cites_app.school_calendar.public_holidays import (
    ASCENSION_BRIDGE_REASON,
    ascension_bridge_day,
    public_holidays,
)

EXTRA_CLOSED_REASON = "Date exclue"
# A series longer than this is almost surely a typing error in a year.
MAX_SERIES_DAYS = 5 * 366

ClosedDates: TypeAlias = Mapping[dt.date, str] | Iterable[dt.date]


@dataclass(frozen=True, slots=True)
class SkippedDate:
    """A date of the series without séance, and why (French)."""

    date: dt.date
    reason: str


@dataclass(frozen=True)
class SeriesPlan:
    """The dates of a weekly series: kept ones, skipped ones with their reason.

    ``unverified`` lists kept dates that the loaded calendar does not cover (holidays unknown);
    ``warnings`` says so in French. Neither is part of :meth:`to_json`.
    """

    weekday: int
    start_date: dt.date
    end_date: dt.date
    start_time: dt.time
    end_time: dt.time
    zone: str
    kept: list[dt.date]
    skipped: list[SkippedDate]
    unverified: list[dt.date] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, list[str] | list[dict[str, str]]]:
        """``{"kept": ["2026-01-07", …], "skipped": [{"date": …, "reason": …}, …]}``."""
        return {
            "kept": [day.isoformat() for day in self.kept],
            "skipped": [{"date": s.date.isoformat(), "reason": s.reason} for s in self.skipped],
        }

    def to_json(self) -> str:
        """The :meth:`to_dict` structure as JSON text (UTF-8 characters kept readable)."""
        return json.dumps(self.to_dict(), ensure_ascii=False)

    def slots(self) -> list[tuple[dt.datetime, dt.datetime]]:
        """Start and end (local, naive) of each kept séance."""
        return [
            (dt.datetime.combine(day, self.start_time), dt.datetime.combine(day, self.end_time))
            for day in self.kept
        ]

    def describe_fr(self) -> str:
        """One French sentence summing the series up, for a dry run or a confirmation."""
        count = len(self.kept)
        skipped = len(self.skipped)
        return (
            f"Tous les {WEEKDAYS_FR[self.weekday]}s de {format_time_fr(self.start_time)} à "
            f"{format_time_fr(self.end_time)}, du {format_date_fr(self.start_date)} au "
            f"{format_date_fr(self.end_date)} ({zone_label(self.zone)}) : "
            f"{count} séance{'s' if count > 1 else ''}, "
            f"{skipped} date{'s' if skipped > 1 else ''} écartée{'s' if skipped > 1 else ''}."
        )


class ClosureChecker:
    """Says why there is no school on a day, for one zone or académie."""

    def __init__(
        self,
        calendar: SchoolCalendar,
        zone: str,
        *,
        alsace_moselle: bool = False,
        extra_closed_dates: ClosedDates = (),
        ascension_bridge: bool | None = None,
    ) -> None:
        """Prepare the rules of ``zone`` (a zone such as "C" or an académie such as "Créteil").

        ``ascension_bridge`` None means: computed for the national calendar (A, B, C, Corse)
        only; overseas rectorats publish their own bridges, which the file carries.
        """
        self.zone = calendar.zone_of(zone)
        self.coverage = calendar.coverage(zone)
        self._periods = calendar.pupil_periods(zone)
        self._alsace_moselle = alsace_moselle
        self._overseas = self.zone if self.zone in DROM_ACADEMIES else None
        self._bridge = (
            is_metropolitan_zone(self.zone) if ascension_bridge is None else ascension_bridge
        )
        self._extra = _closed_dates(extra_closed_dates)
        self._holidays: dict[int, dict[dt.date, str]] = {}

    def reason(self, day: dt.date) -> str | None:
        """French reason why ``day`` has no school, or None for a school day."""
        if day.year not in self._holidays:
            self._holidays[day.year] = public_holidays(
                day.year, alsace_moselle=self._alsace_moselle, overseas=self._overseas
            )
        holiday = self._holidays[day.year].get(day)
        if holiday is not None:
            return f"Jour férié : {holiday}"
        for period in self._periods:
            if period.contains(day):
                return period.reason
        if self._bridge and day == ascension_bridge_day(day.year):
            return ASCENSION_BRIDGE_REASON
        return self._extra.get(day)

    def is_covered(self, day: dt.date) -> bool:
        """True if the loaded calendar speaks about ``day`` for this zone."""
        return self.coverage is not None and self.coverage[0] <= day <= self.coverage[1]


def is_school_closed(
    day: dt.date | str,
    zone: str,
    calendar: SchoolCalendar,
    *,
    alsace_moselle: bool = False,
    extra_closed_dates: ClosedDates = (),
    ascension_bridge: bool | None = None,
) -> str | None:
    """French reason why there is no school on ``day`` in ``zone``, or None.

    Same rules as :func:`plan_series`, for a one-off séance.
    """
    checker = ClosureChecker(
        calendar,
        zone,
        alsace_moselle=alsace_moselle,
        extra_closed_dates=extra_closed_dates,
        ascension_bridge=ascension_bridge,
    )
    return checker.reason(parse_date_fr(day))


def plan_series(
    weekday: int | str,
    start_date: dt.date | str,
    end_date: dt.date | str,
    start_time: dt.time | str,
    end_time: dt.time | str,
    calendar: SchoolCalendar,
    zone: str,
    *,
    alsace_moselle: bool = False,
    extra_closed_dates: ClosedDates = (),
    ascension_bridge: bool | None = None,
) -> SeriesPlan:
    """Every ``weekday`` from ``start_date`` to ``end_date`` (inclusive), holidays skipped.

    ``weekday`` is a French name ("mercredi") or 0 = lundi … 6 = dimanche; dates and times may
    be given as text ("07/01/2026", "14h30"). ``zone`` is a zone ("C") or an académie
    ("Créteil"). ``extra_closed_dates`` adds local closures (date → reason, or bare dates).
    Raises ValueError with a French message for inconsistent arguments.
    """
    weekday_number = parse_weekday(weekday)
    first, last = parse_date_fr(start_date), parse_date_fr(end_date)
    begin, finish = parse_time_fr(start_time), parse_time_fr(end_time)
    if last < first:
        raise ValueError(
            f"La date de fin ({format_date_fr(last)}) est antérieure à la date de début "
            f"({format_date_fr(first)})."
        )
    if (last - first).days > MAX_SERIES_DAYS:
        raise ValueError(
            f"La série va du {format_date_fr(first)} au {format_date_fr(last)} : plus de "
            "cinq ans, vérifiez les dates."
        )
    if finish <= begin:
        raise ValueError(
            f"L'heure de fin ({format_time_fr(finish)}) doit être après l'heure de début "
            f"({format_time_fr(begin)})."
        )
    checker = ClosureChecker(
        calendar,
        zone,
        alsace_moselle=alsace_moselle,
        extra_closed_dates=extra_closed_dates,
        ascension_bridge=ascension_bridge,
    )
    kept: list[dt.date] = []
    skipped: list[SkippedDate] = []
    day = first + dt.timedelta(days=(weekday_number - first.weekday()) % 7)
    while day <= last:
        reason = checker.reason(day)
        if reason is None:
            kept.append(day)
        else:
            skipped.append(SkippedDate(day, reason))
        day += dt.timedelta(days=7)
    plan = SeriesPlan(
        weekday=weekday_number,
        start_date=first,
        end_date=last,
        start_time=begin,
        end_time=finish,
        zone=checker.zone,
        kept=kept,
        skipped=skipped,
        unverified=[day for day in kept if not checker.is_covered(day)],
    )
    return dataclasses.replace(plan, warnings=_warnings(checker, plan))


def _warnings(checker: ClosureChecker, plan: SeriesPlan) -> list[str]:
    warnings: list[str] = []
    if not plan.kept and not plan.skipped:
        warnings.append(
            f"Aucun {WEEKDAYS_FR[plan.weekday]} entre le {format_date_fr(plan.start_date)} et "
            f"le {format_date_fr(plan.end_date)}."
        )
    unverified = plan.unverified
    where = zone_label(checker.zone)
    if unverified and checker.coverage is None:
        warnings.append(
            f"Le calendrier scolaire chargé ne contient aucune période pour {where} : "
            "les vacances scolaires n'ont pas été vérifiées, seulement les jours fériés."
        )
    elif unverified and checker.coverage is not None:
        if len(unverified) == 1:
            dates = f"Le {format_date_fr(unverified[0])} est"
        else:
            dates = (
                f"{len(unverified)} dates, du {format_date_fr(unverified[0])} au "
                f"{format_date_fr(unverified[-1])}, sont"
            )
        covered_from, covered_to = checker.coverage
        warnings.append(
            f"{dates} hors de la période couverte par le calendrier scolaire chargé pour "
            f"{where} (du {format_date_fr(covered_from)} au {format_date_fr(covered_to)}) : "
            "les vacances scolaires n'y ont pas été vérifiées. Chargez un calendrier scolaire "
            "qui couvre ces dates."
        )
    return warnings


def _closed_dates(dates: ClosedDates) -> dict[dt.date, str]:
    if isinstance(dates, Mapping):
        return {
            parse_date_fr(day): str(reason) or EXTRA_CLOSED_REASON for day, reason in dates.items()
        }
    return {parse_date_fr(day): EXTRA_CLOSED_REASON for day in dates}
