"""Planning weekly series of séances and checking one-off dates."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest

from cites_app.school_calendar import (
    SchoolCalendar,
    SkippedDate,
    is_school_closed,
    plan_series,
)

D = dt.date


def _skipped(pairs: list[tuple[dt.date, str]]) -> list[SkippedDate]:
    return [SkippedDate(day, reason) for day, reason in pairs]


def test_wednesdays_from_7_january_to_1st_april_2026_zone_c(
    official_calendar: SchoolCalendar,
) -> None:
    """« Tous les mercredis de 14h à 16h30 du 7 janvier au 1er avril 2026 », zone C."""
    plan = plan_series(
        "mercredi", D(2026, 1, 7), D(2026, 4, 1), "14h", "16h30", official_calendar, "C"
    )
    assert plan.kept == [
        D(2026, 1, 7),
        D(2026, 1, 14),
        D(2026, 1, 21),
        D(2026, 1, 28),
        D(2026, 2, 4),
        D(2026, 2, 11),
        D(2026, 2, 18),
        D(2026, 3, 11),
        D(2026, 3, 18),
        D(2026, 3, 25),
        D(2026, 4, 1),
    ]
    assert plan.skipped == _skipped(
        [
            (D(2026, 2, 25), "Vacances d'hiver (zone C)"),
            (D(2026, 3, 4), "Vacances d'hiver (zone C)"),
        ]
    )
    assert plan.to_json() == (
        '{"kept": ["2026-01-07", "2026-01-14", "2026-01-21", "2026-01-28", "2026-02-04", '
        '"2026-02-11", "2026-02-18", "2026-03-11", "2026-03-18", "2026-03-25", "2026-04-01"], '
        '"skipped": [{"date": "2026-02-25", "reason": "Vacances d\'hiver (zone C)"}, '
        '{"date": "2026-03-04", "reason": "Vacances d\'hiver (zone C)"}]}'
    )
    assert list(json.loads(plan.to_json())) == ["kept", "skipped"]
    assert plan.warnings == []
    assert plan.unverified == []
    assert plan.slots()[0] == (dt.datetime(2026, 1, 7, 14), dt.datetime(2026, 1, 7, 16, 30))
    assert plan.describe_fr() == (
        "Tous les mercredis de 14h00 à 16h30, du mercredi 7 janvier 2026 au mercredi "
        "1er avril 2026 (zone C) : 11 séances, 2 dates écartées."
    )


def test_same_series_in_zones_a_and_b(official_calendar: SchoolCalendar) -> None:
    zone_a = plan_series(2, D(2026, 1, 7), D(2026, 4, 1), "14h", "16h30", official_calendar, "A")
    assert [s.date for s in zone_a.skipped] == [D(2026, 2, 11), D(2026, 2, 18)]
    zone_b = plan_series(
        2, D(2026, 1, 7), D(2026, 4, 1), "14h", "16h30", official_calendar, "Lille"
    )
    assert zone_b.to_dict()["skipped"] == [
        {"date": "2026-02-18", "reason": "Vacances d'hiver (zone B)"},
        {"date": "2026-02-25", "reason": "Vacances d'hiver (zone B)"},
    ]


@pytest.mark.parametrize("weekday", ["mercredi", "Mercredi", "MERCREDIS", 2])
def test_weekday_spellings_and_text_arguments(
    official_calendar: SchoolCalendar, weekday: int | str
) -> None:
    plan = plan_series(
        weekday, "07/01/2026", "2026-04-01", "14:00", "16h30", official_calendar, "Paris"
    )
    assert len(plan.kept) == 11
    assert plan.start_time == dt.time(14) and plan.end_time == dt.time(16, 30)
    assert plan.zone == "C"


def test_bounds_are_inclusive_and_the_first_date_is_the_first_matching_day(
    official_calendar: SchoolCalendar,
) -> None:
    one_day = plan_series(
        "mercredi", D(2026, 1, 7), D(2026, 1, 7), "14h", "15h", official_calendar, "C"
    )
    assert one_day.kept == [D(2026, 1, 7)]
    from_monday = plan_series(
        "mercredi", D(2026, 1, 5), D(2026, 1, 13), "14h", "15h", official_calendar, "C"
    )
    assert from_monday.kept == [D(2026, 1, 7)]
    none = plan_series(
        "mercredi", D(2026, 1, 8), D(2026, 1, 13), "14h", "15h", official_calendar, "C"
    )
    assert (none.kept, none.skipped) == ([], [])
    assert none.warnings == [
        "Aucun mercredi entre le jeudi 8 janvier 2026 et le mardi 13 janvier 2026."
    ]


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (
            ("mercredi", D(2026, 4, 1), D(2026, 1, 7), "14h", "16h30"),
            "La date de fin (mercredi 7 janvier 2026) est antérieure à la date de début "
            "(mercredi 1er avril 2026).",
        ),
        (
            ("mercredi", D(2026, 1, 7), D(2026, 4, 1), "16h30", "14h"),
            "L'heure de fin (14h00) doit être après l'heure de début (16h30).",
        ),
        (
            ("mercredi", D(2026, 1, 7), D(2026, 4, 1), "14h", "14h"),
            "L'heure de fin (14h00) doit être après l'heure de début (14h00).",
        ),
        (
            ("mercredi", D(2026, 1, 7), D(2062, 4, 1), "14h", "16h"),
            "La série va du mercredi 7 janvier 2026 au samedi 1er avril 2062 : plus de cinq ans, "
            "vérifiez les dates.",
        ),
        (
            ("merc", D(2026, 1, 7), D(2026, 4, 1), "14h", "16h"),
            "Jour de la semaine inconnu : « merc » (attendu : lundi, mardi, mercredi, jeudi, "
            "vendredi, samedi, dimanche).",
        ),
        (
            ("mercredi", D(2026, 1, 7), D(2026, 4, 1), "14h", "16h70"),
            "Heure illisible : « 16h70 » (exemples : 14h, 14h30, 14:30).",
        ),
    ],
)
def test_invalid_arguments(
    official_calendar: SchoolCalendar,
    arguments: tuple[str, dt.date, dt.date, str, str],
    message: str,
) -> None:
    with pytest.raises(ValueError) as caught:
        plan_series(*arguments, official_calendar, "C")
    assert str(caught.value) == message


def test_unknown_zone(official_calendar: SchoolCalendar) -> None:
    with pytest.raises(ValueError, match="Zone ou académie inconnue : « Zone D »"):
        plan_series("lundi", D(2026, 1, 5), D(2026, 2, 5), "9h", "10h", official_calendar, "Zone D")


def test_ascension_week_2026_one_reason_per_day(official_calendar: SchoolCalendar) -> None:
    reasons = {
        weekday: plan_series(
            weekday, D(2026, 5, 11), D(2026, 5, 17), "9h", "10h", official_calendar, "B"
        ).skipped
        for weekday in range(6)
    }
    assert reasons == {
        0: [],
        1: [],
        2: [],
        3: _skipped([(D(2026, 5, 14), "Jour férié : Ascension")]),
        4: _skipped([(D(2026, 5, 15), "Pont de l'Ascension")]),
        5: _skipped([(D(2026, 5, 16), "Pont de l'Ascension")]),  # the official row runs to Sunday
    }


def _without_bridge_rows(calendar: SchoolCalendar) -> SchoolCalendar:
    return SchoolCalendar([p for p in calendar.periods if not p.is_ascension_bridge])


def test_bridge_is_computed_when_the_file_has_no_row(official_calendar: SchoolCalendar) -> None:
    calendar = _without_bridge_rows(official_calendar)
    fridays = plan_series("vendredi", D(2026, 5, 8), D(2026, 5, 22), "9h", "10h", calendar, "C")
    assert fridays.kept == [D(2026, 5, 22)]
    assert fridays.skipped == _skipped(
        [
            (D(2026, 5, 8), "Jour férié : victoire du 8 mai 1945"),
            (D(2026, 5, 15), "Pont de l'Ascension"),
        ]
    )
    # Only the Friday is computed; the Saturday depends on the file.
    saturdays = plan_series("samedi", D(2026, 5, 16), D(2026, 5, 16), "9h", "10h", calendar, "C")
    assert saturdays.kept == [D(2026, 5, 16)]
    off = plan_series(
        "vendredi",
        D(2026, 5, 15),
        D(2026, 5, 15),
        "9h",
        "10h",
        calendar,
        "C",
        ascension_bridge=False,
    )
    assert off.kept == [D(2026, 5, 15)]


def test_bridge_row_and_computed_bridge_give_the_same_single_entry(
    official_calendar: SchoolCalendar,
) -> None:
    for calendar in (official_calendar, _without_bridge_rows(official_calendar)):
        for year in (2024, 2025, 2026, 2027):
            plan = plan_series(
                "vendredi", D(year, 5, 1), D(year, 6, 10), "9h", "10h", calendar, "A"
            )
            bridges = [s for s in plan.skipped if s.reason == "Pont de l'Ascension"]
            assert len(bridges) == 1, (year, plan.skipped)
            assert bridges[0].date.weekday() == 4
            assert len({s.date for s in plan.skipped}) == len(plan.skipped)


def test_bridge_is_not_computed_overseas_by_default(official_calendar: SchoolCalendar) -> None:
    # The 2027 Réunion calendar is not published: no computed bridge, but an unverified date.
    assert is_school_closed(D(2027, 5, 7), "Réunion", official_calendar) is None
    assert is_school_closed(D(2027, 5, 7), "Réunion", official_calendar, ascension_bridge=True) == (
        "Pont de l'Ascension"
    )
    assert is_school_closed(D(2027, 5, 7), "C", official_calendar) == "Pont de l'Ascension"


def test_public_holiday_wins_inside_school_holidays(official_calendar: SchoolCalendar) -> None:
    plan = plan_series("jeudi", D(2025, 12, 18), D(2026, 1, 8), "9h", "10h", official_calendar, "C")
    assert plan.kept == [D(2025, 12, 18), D(2026, 1, 8)]
    assert plan.skipped == _skipped(
        [
            (D(2025, 12, 25), "Jour férié : Noël"),
            (D(2026, 1, 1), "Jour férié : jour de l'An"),
        ]
    )


def test_alsace_moselle(official_calendar: SchoolCalendar) -> None:
    common = (
        "vendredi",
        D(2026, 3, 27),
        D(2026, 4, 10),
        "14h",
        "16h",
        official_calendar,
        "Strasbourg",
    )
    assert plan_series(*common).skipped == []
    alsace = plan_series(*common, alsace_moselle=True)
    assert alsace.kept == [D(2026, 3, 27), D(2026, 4, 10)]
    assert alsace.skipped == _skipped([(D(2026, 4, 3), "Jour férié : Vendredi saint")])
    assert is_school_closed(D(2025, 12, 26), "B", official_calendar, alsace_moselle=True) == (
        "Jour férié : Saint-Étienne"
    )
    assert is_school_closed(D(2025, 12, 26), "B", official_calendar) == "Vacances de Noël (zone B)"


def test_extra_closed_dates(official_calendar: SchoolCalendar) -> None:
    plan = plan_series(
        "mercredi",
        D(2026, 1, 7),
        D(2026, 1, 28),
        "14h",
        "16h",
        official_calendar,
        "C",
        extra_closed_dates={D(2026, 1, 14): "Gymnase fermé (travaux)"},
    )
    assert plan.skipped == _skipped([(D(2026, 1, 14), "Gymnase fermé (travaux)")])
    bare = plan_series(
        "mercredi",
        D(2026, 2, 18),
        D(2026, 3, 4),
        "14h",
        "16h",
        official_calendar,
        "C",
        extra_closed_dates=[D(2026, 2, 18), D(2026, 2, 25)],
    )
    # The official reason wins over the caller's closure of the same day.
    assert bare.skipped == _skipped(
        [
            (D(2026, 2, 18), "Date exclue"),
            (D(2026, 2, 25), "Vacances d'hiver (zone C)"),
            (D(2026, 3, 4), "Vacances d'hiver (zone C)"),
        ]
    )


def test_is_school_closed(official_calendar: SchoolCalendar) -> None:
    assert is_school_closed(D(2025, 10, 17), "C", official_calendar) is None
    assert (
        is_school_closed("18/10/2025", "C", official_calendar)
        == "Vacances de la Toussaint (zone C)"
    )
    assert is_school_closed(D(2025, 11, 2), "Créteil", official_calendar) == (
        "Vacances de la Toussaint (zone C)"
    )
    assert is_school_closed(D(2025, 11, 3), "C", official_calendar) is None
    assert is_school_closed(D(2026, 4, 6), "C", official_calendar) == "Jour férié : lundi de Pâques"
    assert is_school_closed(D(2026, 8, 31), "C", official_calendar) == "Vacances d'été (zone C)"
    assert is_school_closed(D(2026, 9, 1), "C", official_calendar) is None
    assert is_school_closed(D(2023, 9, 8), "Corse", official_calendar) == "Journée vaquée (Corse)"


def test_overseas_holidays(official_calendar: SchoolCalendar) -> None:
    assert is_school_closed(D(2026, 5, 22), "Martinique", official_calendar) == (
        "Jour férié : abolition de l'esclavage"
    )
    # Guadeloupe's file row and the computed holiday fall on the same day: one reason.
    plan = plan_series(
        "mercredi", D(2026, 5, 20), D(2026, 6, 3), "14h", "16h", official_calendar, "Guadeloupe"
    )
    assert plan.skipped == _skipped([(D(2026, 5, 27), "Jour férié : abolition de l'esclavage")])
    assert plan.kept == [D(2026, 5, 20), D(2026, 6, 3)]


def test_dates_outside_the_calendar_are_flagged(official_calendar: SchoolCalendar) -> None:
    plan = plan_series(
        "mercredi", D(2027, 8, 25), D(2027, 9, 15), "14h", "16h", official_calendar, "C"
    )
    assert plan.skipped == _skipped([(D(2027, 8, 25), "Vacances d'été (zone C)")])
    assert plan.kept == [D(2027, 9, 1), D(2027, 9, 8), D(2027, 9, 15)]
    assert plan.unverified == plan.kept
    assert plan.warnings == [
        "3 dates, du mercredi 1er septembre 2027 au mercredi 15 septembre 2027, sont hors de la "
        "période couverte par le calendrier scolaire chargé pour zone C (du samedi 21 octobre "
        "2023 au mardi 31 août 2027) : les vacances scolaires n'y ont pas été vérifiées. "
        "Chargez un calendrier scolaire qui couvre ces dates."
    ]
    assert json.loads(plan.to_json())["kept"] == ["2027-09-01", "2027-09-08", "2027-09-15"]


def test_zone_missing_from_the_calendar(official_calendar: SchoolCalendar) -> None:
    only_c = SchoolCalendar([p for p in official_calendar.periods if p.zone == "C"])
    plan = plan_series("lundi", D(2026, 3, 30), D(2026, 4, 13), "9h", "10h", only_c, "A")
    assert plan.kept == [D(2026, 3, 30), D(2026, 4, 13)]
    assert plan.skipped == _skipped([(D(2026, 4, 6), "Jour férié : lundi de Pâques")])
    assert plan.warnings == [
        "Le calendrier scolaire chargé ne contient aucune période pour zone A : les vacances "
        "scolaires n'ont pas été vérifiées, seulement les jours fériés."
    ]


def test_plan_is_immutable(official_calendar: SchoolCalendar) -> None:
    plan = plan_series("lundi", D(2026, 1, 5), D(2026, 1, 12), "9h", "10h", official_calendar, "C")
    with pytest.raises(dataclasses.FrozenInstanceError):
        plan.zone = "A"  # type: ignore[misc]
