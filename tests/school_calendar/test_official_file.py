"""Reading the real official calendar file, and the variants a user may bring."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from cites_app.school_calendar import (
    CalendarFileError,
    HolidayPeriod,
    SchoolCalendar,
    default_calendar_path,
    load_default_calendar,
    load_user_calendar,
    read_calendar_file,
)
from tests.school_calendar.conftest import OFFICIAL_FILE

REPO_ROOT = Path(__file__).resolve().parents[2]


def _period(
    calendar: SchoolCalendar, academy: str, description: str, school_year: str
) -> HolidayPeriod:
    matches = [
        period
        for period in calendar.periods
        if period.academy == academy
        and period.description == description
        and period.school_year == school_year
        and period.for_pupils
    ]
    assert len(matches) == 1, matches
    return matches[0]


def test_every_row_of_the_real_file_is_read(official_calendar: SchoolCalendar) -> None:
    assert len(official_calendar.periods) == 856
    assert official_calendar.zones() == [
        "A",
        "B",
        "C",
        "Corse",
        "Guadeloupe",
        "Guyane",
        "Martinique",
        "Mayotte",
        "Nouvelle Calédonie",
        "Polynésie",
        "Réunion",
        "Saint Pierre et Miquelon",
        "Wallis et Futuna",
    ]
    assert len(official_calendar.academies()) == 34
    assert official_calendar.source == OFFICIAL_FILE


def test_toussaint_2025_zone_c_starts_on_saturday_18_october(
    official_calendar: SchoolCalendar,
) -> None:
    raw_line = next(
        line
        for line in OFFICIAL_FILE.read_text(encoding="utf-8").splitlines()
        if line.startswith("Vacances de la Toussaint") and ";Paris;" in line and "2025-2026" in line
    )
    # The file says 17 October 22:00 UTC, which is midnight on the 18th in Paris.
    assert "2025-10-17T22:00:00+00:00;2025-11-02T23:00:00+00:00" in raw_line
    period = _period(official_calendar, "Paris", "Vacances de la Toussaint", "2025-2026")
    assert period.first_day == dt.date(2025, 10, 18)
    assert period.first_day.weekday() == 5  # Saturday
    # Classes resume on Monday 3 November: the last holiday day is Sunday 2 November.
    assert period.last_day == dt.date(2025, 11, 2)
    assert official_calendar.holiday_on(dt.date(2025, 10, 17), "Paris") is None
    assert official_calendar.holiday_on(dt.date(2025, 10, 18), "Paris") == period
    assert official_calendar.holiday_on(dt.date(2025, 11, 2), "Paris") == period
    assert official_calendar.holiday_on(dt.date(2025, 11, 3), "Paris") is None
    in_zone = official_calendar.holiday_on(dt.date(2025, 10, 18), "C")
    assert in_zone is not None
    assert in_zone.reason == "Vacances de la Toussaint (zone C)"


def test_winter_time_boundaries_are_read_in_paris_time(official_calendar: SchoolCalendar) -> None:
    # 2025-12-19T23:00Z and 2026-01-04T23:00Z: midnight in Paris in winter (UTC+1).
    period = _period(official_calendar, "Créteil", "Vacances de Noël", "2025-2026")
    assert (period.first_day, period.last_day) == (dt.date(2025, 12, 20), dt.date(2026, 1, 4))


def test_summer_uses_the_pupils_row(official_calendar: SchoolCalendar) -> None:
    teachers = [
        period
        for period in official_calendar.periods
        if period.academy == "Paris" and period.school_year == "2024-2025" and not period.for_pupils
    ]
    assert [(t.population, t.last_day) for t in teachers] == [("Enseignants", dt.date(2025, 8, 28))]
    pupils = _period(official_calendar, "Paris", "Vacances d'Été", "2024-2025")
    assert pupils.population == ""
    assert (pupils.first_day, pupils.last_day) == (dt.date(2025, 7, 5), dt.date(2025, 8, 31))
    assert official_calendar.holiday_on(dt.date(2025, 8, 31), "Paris") == pupils
    assert official_calendar.holiday_on(dt.date(2025, 9, 1), "Paris") is None
    assert all(p.for_pupils for p in official_calendar.pupil_periods("C"))


def test_one_day_rows_cover_their_day(official_calendar: SchoolCalendar) -> None:
    bridge = _period(official_calendar, "Paris", "Pont de l'Ascension", "2026-2027")
    assert (bridge.first_day, bridge.last_day) == (dt.date(2027, 5, 7), dt.date(2027, 5, 7))
    assert bridge.reason == "Pont de l'Ascension"
    day_off = _period(official_calendar, "Corse", "Journée vaquée", "2023-2024")
    assert (day_off.first_day, day_off.last_day) == (dt.date(2023, 9, 8), dt.date(2023, 9, 8))
    assert day_off.reason == "Journée vaquée (Corse)"


def test_the_2026_bridge_row_covers_thursday_to_sunday(official_calendar: SchoolCalendar) -> None:
    bridge = _period(official_calendar, "Lille", "Pont de l'Ascension", "2025-2026")
    assert (bridge.first_day, bridge.last_day) == (dt.date(2026, 5, 14), dt.date(2026, 5, 17))


def test_start_of_summer_without_end_lasts_until_the_end_of_the_school_year(
    official_calendar: SchoolCalendar,
) -> None:
    summer = _period(official_calendar, "Paris", "Début des Vacances d'Été", "2026-2027")
    assert summer.open_ended
    assert (summer.first_day, summer.last_day) == (dt.date(2027, 7, 3), dt.date(2027, 8, 31))
    assert summer.reason == "Vacances d'été (zone C)"
    # Calendar-year school years of the southern COM ("2025", not "2025-2026").
    caledonia = _period(official_calendar, "Nouvelle Calédonie", "Début des Vacances d'Été", "2025")
    assert (caledonia.first_day, caledonia.last_day) == (
        dt.date(2025, 12, 20),
        dt.date(2025, 12, 31),
    )


def test_overseas_rows_are_paris_midnights_too(official_calendar: SchoolCalendar) -> None:
    # 2025-09-12T22:00Z is 12:00 in Tahiti but the published first day is Saturday 13 September.
    september = _period(official_calendar, "Polynésie", "Vacances de Septembre", "2025-2026")
    assert (september.first_day, september.last_day) == (
        dt.date(2025, 9, 13),
        dt.date(2025, 9, 21),
    )
    abolition = [
        p.first_day
        for p in official_calendar.periods
        if p.academy == "Guadeloupe" and p.population == "Guadeloupe sauf Saint-Martin"
    ]
    assert abolition == [dt.date(2024, 5, 27), dt.date(2025, 5, 27), dt.date(2026, 5, 27)]


def test_reasons_follow_french_typography(official_calendar: SchoolCalendar) -> None:
    reasons = {p.reason for p in official_calendar.pupil_periods("B")}
    assert reasons == {
        "Vacances de la Toussaint (zone B)",
        "Vacances de Noël (zone B)",
        "Vacances d'hiver (zone B)",
        "Vacances de printemps (zone B)",
        "Pont de l'Ascension",
        "Vacances d'été (zone B)",
    }
    polynesia = {p.reason for p in official_calendar.pupil_periods("Polynésie")}
    assert "Grandes vacances (Polynésie, élèves du premier degré)" in polynesia


def test_zone_and_academie_queries(official_calendar: SchoolCalendar) -> None:
    by_zone = [(p.first_day, p.last_day) for p in official_calendar.pupil_periods("C")]
    for name in ("Créteil", "académie de Versailles", "zone C", "Zone C", "c"):
        assert [(p.first_day, p.last_day) for p in official_calendar.pupil_periods(name)] == (
            by_zone
        )
    assert len(by_zone) == 24  # 4 school years x 6 periods (summer 2027: its start only)
    assert official_calendar.zone_of("Caen") == "B"
    assert official_calendar.zone_of("La Réunion") == "Réunion"
    assert official_calendar.coverage("C") == (dt.date(2023, 10, 21), dt.date(2027, 8, 31))
    assert official_calendar.coverage("Corse") == (dt.date(2023, 9, 8), dt.date(2026, 8, 31))
    with pytest.raises(ValueError, match="Zone ou académie inconnue : « Atlantide »"):
        official_calendar.pupil_periods("Atlantide")


def _variant(tmp_path: Path, name: str, header: str, *, bom: bool = False) -> Path:
    lines = OFFICIAL_FILE.read_text(encoding="utf-8").splitlines()
    text = "\n".join([header, *lines[1:]]) + "\n"
    path = tmp_path / name
    path.write_text(("\ufeff" if bom else "") + text, encoding="utf-8")
    return path


def _days(calendar: SchoolCalendar) -> list[tuple[str, dt.date, dt.date, str]]:
    return [(p.description, p.first_day, p.last_day, p.zone) for p in calendar.periods]


@pytest.mark.parametrize(
    ("header", "bom"),
    [
        ("Description;Population;Date de début;Date de fin;Académies;Zones;annee_scolaire", True),
        ("description;population;start_date;end_date;location;zones;annee_scolaire", False),
        ("DESCRIPTION;POPULATION;DATE_DE_DEBUT;DATE_DE_FIN;ACADEMIES;ZONES;ANNEE_SCOLAIRE", False),
        ("Description;Population;Date de debut;Date de fin;Académie;Zone;Année scolaire", True),
    ],
)
def test_header_variants_give_the_same_calendar(
    tmp_path: Path, official_calendar: SchoolCalendar, header: str, bom: bool
) -> None:
    calendar = read_calendar_file(_variant(tmp_path, "variante.csv", header, bom=bom))
    assert _days(calendar) == _days(official_calendar)


def test_comma_separated_and_windows_1252_files_are_read(
    tmp_path: Path, official_calendar: SchoolCalendar
) -> None:
    rows = [line.split(";") for line in OFFICIAL_FILE.read_text(encoding="utf-8").splitlines()]
    comma = tmp_path / "virgules.csv"
    comma.write_text("\n".join(",".join(f'"{cell}"' for cell in row) for row in rows) + "\n")
    assert _days(read_calendar_file(comma)) == _days(official_calendar)
    excel = tmp_path / "excel.csv"
    excel.write_bytes(OFFICIAL_FILE.read_text(encoding="utf-8").encode("cp1252", "replace"))
    excel_days = _days(read_calendar_file(excel))
    assert [day[1:] for day in excel_days] == [day[1:] for day in _days(official_calendar)]


def test_optional_columns_may_be_missing(tmp_path: Path) -> None:
    path = tmp_path / "minimal.csv"
    path.write_text(
        "Description;Date de début;Date de fin;Académies;Zones;Commentaire\n"
        "Vacances de Noël;2025-12-19T23:00:00+00:00;2026-01-04T23:00:00+00:00;Lyon;Zone A;x\n",
        encoding="utf-8",
    )
    (period,) = read_calendar_file(path).periods
    assert (period.first_day, period.last_day, period.zone) == (
        dt.date(2025, 12, 20),
        dt.date(2026, 1, 4),
        "A",
    )
    assert period.school_year is None


def test_default_path_finds_the_shipped_file() -> None:
    path = default_calendar_path()
    assert path == REPO_ROOT / "resources" / "calendar" / "calendrier_scolaire_2023-2027.csv"
    assert path.read_bytes() == OFFICIAL_FILE.read_bytes()
    assert len(load_default_calendar().periods) == 856


def test_default_path_prefers_the_bundled_folder_and_the_latest_file(tmp_path: Path) -> None:
    bundled, repository = tmp_path / "bundled", tmp_path / "repo"
    for folder, names in (
        (bundled, ["calendrier_scolaire_2023-2027.csv", "calendrier_scolaire_2024-2028.csv"]),
        (repository, ["calendrier_scolaire_2025-2029.csv"]),
    ):
        folder.mkdir()
        for name in names:
            (folder / name).write_text("x", encoding="utf-8")
    found = default_calendar_path([bundled, repository])
    assert found == bundled / "calendrier_scolaire_2024-2028.csv"
    assert default_calendar_path([tmp_path / "absent", repository]).name == (
        "calendrier_scolaire_2025-2029.csv"
    )
    with pytest.raises(FileNotFoundError, match="Calendrier scolaire officiel introuvable"):
        default_calendar_path([tmp_path / "absent"])


def test_user_calendar_must_cover_zones_a_b_c(tmp_path: Path) -> None:
    assert len(load_user_calendar(OFFICIAL_FILE).pupil_periods("A")) == 24
    lines = OFFICIAL_FILE.read_text(encoding="utf-8").splitlines()
    only_c = tmp_path / "zone_c.csv"
    only_c.write_text("\n".join([lines[0]] + [x for x in lines if ";Zone C;" in x]) + "\n")
    with pytest.raises(CalendarFileError) as caught:
        load_user_calendar(only_c)
    assert str(caught.value) == (
        "Calendrier scolaire « zone_c.csv » : aucune période pour la zone A : ce fichier n'est "
        "pas le calendrier scolaire national complet (jeu de données fr-en-calendrier-scolaire)."
    )
    assert load_user_calendar(only_c, required_zones=["C"]).zones() == ["C"]
