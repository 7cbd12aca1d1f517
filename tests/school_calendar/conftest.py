"""Fixtures of the school-calendar tests: the real official calendar and the day file."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from typing import Final

import pytest

from cites_app.school_calendar import SchoolCalendar, read_calendar_file

DATA_DIR: Final = Path(__file__).resolve().parents[1] / "data" / "calendar"
OFFICIAL_FILE: Final = DATA_DIR / "calendrier_scolaire_2023-2027.csv"
DAY_FILE: Final = DATA_DIR / "vacances_scolaires_france_0.12.0_jours_2023-2028.csv"
IPS_FILE: Final = DATA_DIR / "ips_colleges_2022-2023_national.csv"


@pytest.fixture(scope="session")
def official_calendar() -> SchoolCalendar:
    """The official calendar 2023-2027, parsed once."""
    return read_calendar_file(OFFICIAL_FILE)


@pytest.fixture(scope="session")
def day_file_holidays() -> dict[str, dict[dt.date, str]]:
    """Zone ("A", "B", "C") → holiday day → name, from the vacances-scolaires-france file."""
    holidays: dict[str, dict[dt.date, str]] = {"A": {}, "B": {}, "C": {}}
    with DAY_FILE.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            for zone, days in holidays.items():
                if row[f"vacances_zone_{zone.lower()}"] == "True":
                    days[dt.date.fromisoformat(row["date"])] = row["nom_vacances"]
    return holidays
