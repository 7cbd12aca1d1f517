"""Calendar dates in metropolitan France from the UTC instants of the open-data exports.

The official calendar stores every boundary as midnight in Paris, written in UTC
(``2025-10-17T22:00:00+00:00`` is Saturday 18 October 2025). This holds for the overseas rows
too: converting them with their own time zone would move Polynésie's dates back by one day.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

try:
    _PARIS: dt.tzinfo | None = ZoneInfo("Europe/Paris")
except ZoneInfoNotFoundError:  # Windows without the tzdata package: no system time-zone database
    _PARIS = None


def paris_date(instant: dt.datetime) -> dt.date:
    """Local date in Paris of an instant; a naive instant is read as UTC (as the exports write it)."""
    if instant.tzinfo is None:
        instant = instant.replace(tzinfo=dt.UTC)
    if _PARIS is not None:
        return instant.astimezone(_PARIS).date()
    return paris_date_eu_rule(instant)


def paris_date_eu_rule(instant: dt.datetime) -> dt.date:
    """Same as :func:`paris_date` without a time-zone database (EU summer-time rule, 1996+)."""
    utc = instant.astimezone(dt.UTC).replace(tzinfo=None)
    summer_start = _last_sunday(utc.year, 3).replace(hour=1)
    summer_end = _last_sunday(utc.year, 10).replace(hour=1)
    offset_hours = 2 if summer_start <= utc < summer_end else 1
    return (utc + dt.timedelta(hours=offset_hours)).date()


def _last_sunday(year: int, month: int) -> dt.datetime:
    last_day = dt.datetime(year, month + 1, 1) - dt.timedelta(days=1)
    return last_day - dt.timedelta(days=(last_day.weekday() + 1) % 7)
