"""Cells and headers of attendance files as coordinators write them."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest

from cites_app.attendance.import_columns import Column, column_of_header, detect_columns
from cites_app.attendance.import_values import (
    parse_axis,
    parse_clock,
    parse_kind,
    parse_minutes,
    parse_seance_date,
    parse_status,
    parse_time_range,
)
from cites_app.attendance.pupil_matching import NamePupilMatcher, PupilIdentity, name_key
from cites_app.pupil_files import InvalidValueError

TODAY = date(2026, 1, 7)


@pytest.mark.parametrize(
    ("header", "column"),
    [
        ("Date", Column.DATE),
        ("Date de la séance", Column.DATE),
        ("Heure de début", Column.START),
        ("HEURE DEBUT", Column.START),
        ("Fin", Column.END),
        ("Horaires", Column.TIME_RANGE),
        ("Activité", Column.ACTIVITY),
        ("Atelier", Column.ACTIVITY),
        ("Type d'activité", Column.KIND),
        ("Action", Column.ACTION),
        ("Lieu", Column.VENUE),
        ("Nom de l'élève", Column.LAST_NAME),
        ("Prénom", Column.FIRST_NAME),
        ("Né(e) le", Column.BIRTH_DATE),
        ("Date de naissance", Column.BIRTH_DATE),
        ("Sexe", Column.SEX),
        ("Niveau", Column.NIVEAU),
        ("UAI", Column.UAI),
        ("Code RNE", Column.UAI),
        ("École", Column.SCHOOL),
        ("Établissement scolaire", Column.SCHOOL),
        ("Réside en QPV", Column.QPV),
        ("QPV (oui/non)", Column.QPV),
        ("Statut", Column.STATUS),
        ("Présence", Column.STATUS),
        ("Durée de présence (min)", Column.MINUTES),
        ("Remarques", None),
    ],
)
def test_headers(header: str, column: Column | None) -> None:
    assert column_of_header(header) is column


def test_missing_required_columns_named_in_french() -> None:
    columns = detect_columns(["Nom", "Prénom", "Date", "Date"])
    assert columns.missing() == [
        "Activité",
        "Heure de début",
        "Heure de fin",
        "UAI ou nom de l'établissement",
    ]
    assert columns.notes == (
        "Deux colonnes pour « Date » : « Date » est utilisée, « Date » est ignorée",
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (date(2025, 11, 6), date(2025, 11, 6)),
        (datetime(2025, 11, 6, 14, 0), date(2025, 11, 6)),
        ("06/11/2025", date(2025, 11, 6)),
        ("6/11/25", date(2025, 11, 6)),
        ("2025-11-06", date(2025, 11, 6)),
        ("mercredi 1er avril 2026", date(2026, 4, 1)),
        ("6 nov. 2025", date(2025, 11, 6)),
        (45967.0, date(2025, 11, 6)),
    ],
)
def test_seance_dates(value: object, expected: date) -> None:
    assert parse_seance_date(value, today=TODAY) == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "Date manquante"),
        ("31/02/2025", "Date impossible : 31/02/2025"),
        ("bientôt", "Date illisible : bientôt"),
        ("03/04/1998", "Date invraisemblable pour une séance : 03/04/1998"),
    ],
)
def test_bad_seance_dates(value: object, message: str) -> None:
    with pytest.raises(InvalidValueError, match=message):
        parse_seance_date(value, today=TODAY)


def test_times_and_ranges() -> None:
    assert parse_clock("14h") == time(14)
    assert parse_clock("9h05") == time(9, 5)
    assert parse_clock("16:30:00") == time(16, 30)
    assert parse_clock(time(14, 30, 12)) == time(14, 30)
    assert parse_clock(0.6875) == time(16, 30)  # a fraction of a day
    assert parse_clock(timedelta(hours=17)) == time(17)
    assert parse_time_range("14h00-16h30") == (time(14), time(16, 30))
    assert parse_time_range("14h à 16h30") == (time(14), time(16, 30))
    with pytest.raises(InvalidValueError, match="Heure illisible : midi"):
        parse_clock("midi")
    with pytest.raises(InvalidValueError, match="Horaire illisible"):
        parse_time_range("l'après-midi")


@pytest.mark.parametrize(
    ("value", "status"),
    [
        ("", "present"),
        (None, "present"),
        ("Présent(e)", "present"),
        ("P", "present"),
        ("x", "present"),
        ("Absent", "absent_non_excuse"),
        ("ABS", "absent_non_excuse"),
        ("absente non excusée", "absent_non_excuse"),
        ("Excusé", "absent_excuse"),
        ("Absente excusée", "absent_excuse"),
        ("Exc.", "absent_excuse"),
    ],
)
def test_statuses(value: object, status: str) -> None:
    assert parse_status(value) == status


def test_unknown_status() -> None:
    with pytest.raises(InvalidValueError, match="Statut non reconnu : malade"):
        parse_status("malade")


def test_kinds_axes_minutes() -> None:
    assert parse_kind("Périscolaire") == "periscolaire"
    assert parse_kind("Orientation") == "orientation"
    assert parse_kind("Visite d'entreprise") == "orientation"
    assert parse_kind("") is None
    with pytest.raises(InvalidValueError, match="Type d'activité non reconnu"):
        parse_kind("sport")
    assert parse_axis("Axe 3") == "possibles"
    assert parse_axis("Promouvoir la continuité éducative") == "continuite"
    assert parse_axis("1") == "ecole"
    assert parse_minutes("45 min") == 45
    assert parse_minutes("1h15") == 75
    assert parse_minutes(90.0) == 90
    assert parse_minutes("") is None


def test_pupil_matching_rules() -> None:
    matcher = NamePupilMatcher()
    matcher.remember(PupilIdentity("Benoît-Martin", "Jean-Baptiste", date(2015, 1, 2), 7), 1)
    matcher.remember(PupilIdentity("Haddad", "Inès", date(2015, 4, 2), 7, "1234567890A"), 2)
    assert name_key("BENOIT MARTIN") == name_key("Benoît-Martin") == "benoit martin"
    assert matcher.match(PupilIdentity("BENOIT MARTIN", "Jean Baptiste", date(2015, 1, 2), 7)) == 1
    assert (
        matcher.match(PupilIdentity("Benoît-Martin", "Jean-Baptiste", date(2015, 1, 3), 7)) is None
    )
    assert (
        matcher.match(PupilIdentity("Benoît-Martin", "Jean-Baptiste", date(2015, 1, 2), 8)) is None
    )
    assert matcher.match(PupilIdentity("Autre", "Nom", None, 9, "1234567890A")) == 2  # by INE
    assert matcher.match(PupilIdentity("haddad", "ines", None, 7)) == 2  # no birth date: unique
    matcher.remember(PupilIdentity("Haddad", "Inès", date(2016, 1, 1), 7), 3)
    assert matcher.match(PupilIdentity("haddad", "ines", None, 7)) is None  # two: ambiguous
