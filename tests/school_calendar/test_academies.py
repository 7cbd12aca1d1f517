"""Académies, zones and départements, checked against the open-data files themselves."""

from __future__ import annotations

import csv

import pytest

from cites_app.school_calendar import (
    ACADEMY_ZONES,
    DEPARTEMENT_ACADEMIES,
    SchoolCalendar,
    academy_for_departement,
    academy_for_uai,
    departement_from_uai,
    is_alsace_moselle,
    normalize_departement,
    resolve_academy,
    resolve_zone,
    zone_for_departement,
    zone_label,
)
from tests.school_calendar.conftest import IPS_FILE


def test_academy_zones_match_every_row_of_the_official_calendar(
    official_calendar: SchoolCalendar,
) -> None:
    pairs = {(period.academy, period.zone) for period in official_calendar.periods}
    assert {academy for academy, _ in pairs} == set(ACADEMY_ZONES)
    for academy, zone in pairs:
        assert ACADEMY_ZONES[academy] == zone, academy


def test_zones_hold_the_expected_academies() -> None:
    by_zone: dict[str, set[str]] = {}
    for academy, zone in ACADEMY_ZONES.items():
        by_zone.setdefault(zone, set()).add(academy)
    assert by_zone["A"] == {
        "Besançon",
        "Bordeaux",
        "Clermont-Ferrand",
        "Dijon",
        "Grenoble",
        "Limoges",
        "Lyon",
        "Poitiers",
    }
    assert len(by_zone["B"]) == 11
    assert "Normandie" in by_zone["B"]
    assert by_zone["C"] == {"Créteil", "Montpellier", "Paris", "Toulouse", "Versailles"}
    assert by_zone["Corse"] == {"Corse"}


def test_every_metropolitan_departement_has_an_academie() -> None:
    expected = {f"{number:02d}" for number in range(1, 96) if number != 20} | {"2A", "2B"}
    metropolitan = {code for code in DEPARTEMENT_ACADEMIES if len(code) == 2}
    assert metropolitan == expected
    assert len(metropolitan) == 96
    for code in ("971", "972", "973", "974", "975", "976"):
        assert code in DEPARTEMENT_ACADEMIES


def test_departements_match_the_ips_open_data() -> None:
    with IPS_FILE.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))
    assert len(rows) == 101  # one collège per département, 2A/2B and five DROM included
    for row in rows:
        expected = resolve_academy(row["academie"])
        assert expected is not None, row["academie"]
        assert academy_for_departement(row["code_du_departement"]) == expected
        assert academy_for_uai(row["uai"]) == expected


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        (93, "93"),
        ("093", "93"),
        ("1", "01"),
        ("2a", "2A"),
        ("02B", "2B"),
        ("620", "2A"),
        ("720", "2B"),
        ("971", "971"),
        (" 974 ", "974"),
    ],
)
def test_normalize_departement(code: str | int, expected: str) -> None:
    assert normalize_departement(code) == expected


@pytest.mark.parametrize("code", ["20", "96", "99", "abc", "", "979"])
def test_unknown_departement(code: str) -> None:
    with pytest.raises(ValueError, match=f"Code de département inconnu : « {code} »"):
        normalize_departement(code)


def test_uai_prefixes() -> None:
    assert departement_from_uai("0930123A") == "93"
    assert departement_from_uai("6200001G") == "2A"
    assert departement_from_uai("7200009X") == "2B"
    assert academy_for_uai("9710001A") == "Guadeloupe"
    assert academy_for_uai("0590002G") == "Lille"
    with pytest.raises(ValueError, match="UAI illisible : « AB12 »"):
        departement_from_uai("AB12")


def test_zone_for_departement() -> None:
    assert zone_for_departement("93") == "C"
    assert zone_for_departement("59") == "B"
    assert zone_for_departement("69") == "A"
    assert zone_for_departement("14") == "B"  # Calvados, académie de Normandie (ex-Caen)
    assert zone_for_departement("2B") == "Corse"
    assert zone_for_departement("974") == "Réunion"


@pytest.mark.parametrize(
    ("name", "zone"),
    [
        ("C", "C"),
        ("zone b", "B"),
        ("Zone A", "A"),
        ("Créteil", "C"),
        ("CRETEIL", "C"),
        ("académie de Lille", "B"),
        ("Rouen", "B"),
        ("Caen", "B"),
        ("Orleans Tours", "B"),
        ("corse", "Corse"),
        ("La Réunion", "Réunion"),
        ("Saint-Pierre-et-Miquelon", "Saint Pierre et Miquelon"),
    ],
)
def test_resolve_zone(name: str, zone: str) -> None:
    assert resolve_zone(name) == zone


def test_resolve_zone_rejects_unknown_names() -> None:
    with pytest.raises(ValueError) as caught:
        resolve_zone("Zone D")
    assert str(caught.value) == (
        "Zone ou académie inconnue : « Zone D ». Indiquez la zone (A, B, C, Corse) ou le nom "
        "de l'académie (par exemple Créteil, Lille, Guadeloupe)."
    )


def test_zone_label() -> None:
    assert zone_label("C") == "zone C"
    assert zone_label("Corse") == "Corse"
    assert zone_label("Guadeloupe") == "Guadeloupe"


def test_alsace_moselle() -> None:
    assert [code for code in DEPARTEMENT_ACADEMIES if is_alsace_moselle(code)] == [
        "57",
        "67",
        "68",
    ]
    assert is_alsace_moselle("057")
    assert not is_alsace_moselle("54")
