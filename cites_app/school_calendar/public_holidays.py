"""Public holidays (jours fériés) without school, and the Ascension bridge.

National list: Code du travail, article L3133-1 (11 days). Alsace-Moselle (57, 67, 68) keeps
Good Friday and 26 December (Code du travail, article L3134-13). The overseas départements
commemorate the abolition of slavery on a date of their own (loi n° 83-550 du 30 juin 1983 and
its décret d'application, Mayotte added in 2012).
"""

from __future__ import annotations

import datetime as dt

# Abolition of slavery, by overseas académie (month, day).
ABOLITION_DAYS: dict[str, tuple[int, int]] = {
    "Guadeloupe": (5, 27),
    "Martinique": (5, 22),
    "Guyane": (6, 10),
    "Réunion": (12, 20),
    "Mayotte": (4, 27),
}

ASCENSION_BRIDGE_REASON = "Pont de l'Ascension"


def easter_sunday(year: int) -> dt.date:
    """Easter Sunday of a Gregorian year (anonymous Gregorian computus, Meeus/Jones/Butcher)."""
    if year < 1583:
        raise ValueError(f"Année hors du calendrier grégorien : {year}.")
    golden = year % 19
    century, year_in_century = divmod(year, 100)
    leap_centuries, century_rest = divmod(century, 4)
    moon_correction = (century + 8) // 25
    solar_correction = (century - moon_correction + 1) // 3
    epact = (19 * golden + century - leap_centuries - solar_correction + 15) % 30
    leap_years, year_rest = divmod(year_in_century, 4)
    weekday_shift = (32 + 2 * century_rest + 2 * leap_years - epact - year_rest) % 7
    month_correction = (golden + 11 * epact + 22 * weekday_shift) // 451
    month, day = divmod(epact + weekday_shift - 7 * month_correction + 114, 31)
    return dt.date(year, month, day + 1)


def ascension_day(year: int) -> dt.date:
    """Ascension Thursday: 39 days after Easter Sunday."""
    return easter_sunday(year) + dt.timedelta(days=39)


def ascension_bridge_day(year: int) -> dt.date:
    """The Friday after Ascension, without school in the national calendar."""
    return ascension_day(year) + dt.timedelta(days=1)


def public_holidays(
    year: int, *, alsace_moselle: bool = False, overseas: str | None = None
) -> dict[dt.date, str]:
    """Public holidays of a year, date → French name ("lundi de Pâques"), in date order.

    ``alsace_moselle`` adds Vendredi saint and Saint-Étienne; ``overseas`` (a DROM académie
    such as "Martinique") adds its abolition-of-slavery day.
    """
    easter = easter_sunday(year)
    named: list[tuple[dt.date, str]] = [
        (dt.date(year, 1, 1), "jour de l'An"),
        (easter + dt.timedelta(days=1), "lundi de Pâques"),
        (dt.date(year, 5, 1), "fête du Travail"),
        (dt.date(year, 5, 8), "victoire du 8 mai 1945"),
        (easter + dt.timedelta(days=39), "Ascension"),
        (easter + dt.timedelta(days=50), "lundi de Pentecôte"),
        (dt.date(year, 7, 14), "fête nationale"),
        (dt.date(year, 8, 15), "Assomption"),
        (dt.date(year, 11, 1), "Toussaint"),
        (dt.date(year, 11, 11), "armistice du 11 novembre 1918"),
        (dt.date(year, 12, 25), "Noël"),
    ]
    if alsace_moselle:
        named += [(easter - dt.timedelta(days=2), "Vendredi saint")]
        named += [(dt.date(year, 12, 26), "Saint-Étienne")]
    if overseas is not None and overseas in ABOLITION_DAYS:
        month, day = ABOLITION_DAYS[overseas]
        named.append((dt.date(year, month, day), "abolition de l'esclavage"))
    days: dict[dt.date, str] = {}
    for day_date, name in sorted(named):
        # Ascension can fall on 1 or 8 May (2008, 1997): name both rather than hide one.
        days[day_date] = f"{days[day_date]} et {name}" if day_date in days else name
    return days
