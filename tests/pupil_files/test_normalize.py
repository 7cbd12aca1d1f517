"""Cell-level parsers: dates, sex, niveau (with MEF codes), yes/no, INE, UAI, names."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from cites_app.pupil_files import (
    InvalidValueError,
    NiveauInfo,
    clean_name,
    parse_date,
    parse_ine,
    parse_niveau,
    parse_qpv,
    parse_sex,
    parse_uai,
    parse_yes_no,
)
from cites_app.pupil_files.rows import split_full_name
from tests.pupil_files.conftest import TODAY


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("02/03/2015", date(2015, 3, 2)),
        ("2/3/2015", date(2015, 3, 2)),
        ("2/3/15", date(2015, 3, 2)),
        ("02-03-2015", date(2015, 3, 2)),
        ("02.03.2015", date(2015, 3, 2)),
        ("2015-03-02", date(2015, 3, 2)),
        ("2015-03-02 00:00:00", date(2015, 3, 2)),
        ("2015-03-02T00:00:00", date(2015, 3, 2)),
        ("02032015", date(2015, 3, 2)),
        ("2 mars 2015", date(2015, 3, 2)),
        ("1er janvier 2016", date(2016, 1, 1)),
        (" 29/02/2012 ", date(2012, 2, 29)),
        (date(2015, 3, 2), date(2015, 3, 2)),
        (datetime(2015, 3, 2, 0, 0), date(2015, 3, 2)),
        (42065, date(2015, 3, 2)),  # Excel serial, 1900 system
        (42065.0, date(2015, 3, 2)),  # calamine gives floats
        (42065.75, date(2015, 3, 2)),
        ("", None),
        (None, None),
    ],
)
def test_parse_date_accepts_the_usual_forms(value: object, expected: date | None) -> None:
    assert parse_date(value, today=TODAY) == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("31/02/2015", "Date de naissance impossible : 31/02/2015"),
        ("2015-13-01", "Date de naissance impossible : 2015-13-01"),
        ("29/02/2015", "Date de naissance impossible : 29/02/2015"),
        ("00/01/2015", "Date de naissance impossible : 00/01/2015"),
        ("12/03/1985", "Date de naissance invraisemblable pour un élève : 12/03/1985 (avant 1990)"),
        ("12/03/85", "Date de naissance invraisemblable pour un élève : 12/03/1985 (avant 1990)"),
        ("01/01/2031", "Date de naissance dans le futur : 01/01/2031"),
        ("01/01/2025", "Date de naissance invraisemblable pour un élève : 01/01/2025 (moins de 2 ans)"),
        ("2015", "Date de naissance incomplète : 2015 (jour et mois manquants)"),
        (2015.0, "Date de naissance incomplète : 2015 (jour et mois manquants)"),
        ("le 3 du mois", "Date de naissance illisible : le 3 du mois"),
        ("03/25/2015", "Date de naissance impossible : 03/25/2015"),
    ],
)  # fmt: skip
def test_parse_date_refuses_with_a_french_message(value: object, message: str) -> None:
    with pytest.raises(InvalidValueError) as caught:
        parse_date(value, today=TODAY)
    assert str(caught.value) == message


def test_parse_date_plausibility_window_follows_today() -> None:
    assert parse_date("01/01/2025", today=date(2027, 6, 1)) == date(2025, 1, 1)
    assert parse_date("01/01/1992", today=TODAY, earliest_year=1990) == date(1992, 1, 1)
    assert parse_date("28/02/2022", today=date(2024, 2, 29)) == date(2022, 2, 28)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("M", "M"), ("m", "M"), ("G", "M"), ("g", "M"), ("H", "M"), ("1", "M"), (1.0, "M"),
        ("Masculin", "M"), ("MASCULIN", "M"), ("Garçon", "M"), ("garcon", "M"), ("GARÇON", "M"),
        ("F", "F"), ("f", "F"), ("2", "F"), (2.0, "F"), ("Féminin", "F"), ("FEMININ", "F"),
        ("Fille", "F"), ("fille", "F"), (" F ", "F"), ("", None), (None, None),
    ],
)  # fmt: skip
def test_parse_sex(value: object, expected: str | None) -> None:
    assert parse_sex(value) == expected


def test_parse_sex_refuses_unknown_codes() -> None:
    with pytest.raises(InvalidValueError, match=r"^Sexe non reconnu : X \(attendu : F ou M"):
        parse_sex("X")
    with pytest.raises(InvalidValueError):
        parse_sex("3")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("6EME", NiveauInfo("6e")), ("6ème", NiveauInfo("6e")), ("6e", NiveauInfo("6e")),
        ("6°", NiveauInfo("6e")), ("6ᵉ", NiveauInfo("6e")), ("Sixième", NiveauInfo("6e")),
        ("6", NiveauInfo("6e")), (6.0, NiveauInfo("6e")), ("5EME", NiveauInfo("5e")),
        ("Quatrième", NiveauInfo("4e")), ("3EME", NiveauInfo("3e")),
        ("CM2", NiveauInfo("CM2")), ("CM2 A", NiveauInfo("CM2")), ("cm1", NiveauInfo("CM1")),
        ("CE1", NiveauInfo("CE1")), ("CE 2", NiveauInfo("CE2")), ("CP", NiveauInfo("CP")),
        ("Cours préparatoire", NiveauInfo("CP")), ("GRANDE SECTION", NiveauInfo("GS")),
        ("MOYENNE SECTION", NiveauInfo("MS")), ("PETITE SECTION", NiveauInfo("PS")),
        ("TPS", NiveauInfo("PS")),
        ("COURS ELEMENTAIRE PREMIERE ANNEE", NiveauInfo("CE1")),
        ("Cours moyen deuxième année", NiveauInfo("CM2")),
        ("2NDE", NiveauInfo("2de")), ("2de", NiveauInfo("2de")), ("Seconde", NiveauInfo("2de")),
        ("2NDE G-T", NiveauInfo("2de")), ("2NDE PRO", NiveauInfo("2de")),
        ("1ERE", NiveauInfo("1re")), ("1re", NiveauInfo("1re")), ("Première", NiveauInfo("1re")),
        ("1ERE STMG", NiveauInfo("1re")), ("Terminale", NiveauInfo("Tle")),
        ("TLE", NiveauInfo("Tle")), ("TERM G-T", NiveauInfo("Tle")), ("TLEPRO", NiveauInfo("Tle")),
        ("1CAP2", NiveauInfo("CAP1")), ("2CAP2", NiveauInfo("CAP2")), ("CAP1", NiveauInfo("CAP1")),
        ("1ère année CAP", NiveauInfo("CAP1")),
        ("6EME SEGPA", NiveauInfo("6e", segpa=True)), ("4E SEGPA", NiveauInfo("4e", segpa=True)),
        ("ULIS", NiveauInfo(None, ulis=True)), ("ULIS école", NiveauInfo(None, ulis=True)),
        ("5e ULIS", NiveauInfo("5e", ulis=True)), ("", NiveauInfo(None)), (None, NiveauInfo(None)),
    ],
)  # fmt: skip
def test_parse_niveau_labels(value: object, expected: NiveauInfo) -> None:
    assert parse_niveau(value) == expected


@pytest.mark.parametrize(
    ("mef", "expected"),
    [
        ("10010012110", NiveauInfo("6e")),
        ("10110001110", NiveauInfo("5e")),
        ("10210001110", NiveauInfo("4e")),
        ("10310019110", NiveauInfo("3e")),
        ("1021000C11A", NiveauInfo("4e")),  # 4e à horaires aménagés musique
        ("16410002110", NiveauInfo("6e", segpa=True)),
        ("16610002110", NiveauInfo("4e", segpa=True)),
        ("1671000C11A", NiveauInfo("3e", segpa=True)),
        ("20010018110", NiveauInfo("2de")),
        ("20110019110", NiveauInfo("1re")),
        ("20210019110", NiveauInfo("Tle")),
        ("2402242711", NiveauInfo("CAP1")),  # 10-character MEF: CAP en 1 an
        ("24125002110", NiveauInfo("CAP1")),
        ("24125002120", NiveauInfo("CAP2")),
        ("24720017310", NiveauInfo("2de")),
        ("24720017320", NiveauInfo("1re")),
        ("24720017330", NiveauInfo("Tle")),
    ],
)
def test_parse_niveau_mef_codes(mef: str, expected: NiveauInfo) -> None:
    assert parse_niveau(mef) == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("CM3", "Niveau non reconnu : CM3"),
        ("Cycle 3", "Niveau non reconnu : Cycle 3"),
        ("99910012110", "Code MEF non reconnu : 99910012110"),
        ("CP-CE1", "Plusieurs niveaux dans « CP-CE1 » (CP, CE1) : indiquer le niveau de l'élève"),
        ("CE2/CM1", "Plusieurs niveaux dans « CE2/CM1 » (CE2, CM1) : indiquer le niveau de l'élève"),
    ],
)  # fmt: skip
def test_parse_niveau_refuses(value: str, message: str) -> None:
    with pytest.raises(InvalidValueError) as caught:
        parse_niveau(value)
    assert str(caught.value) == message


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("oui", True), ("OUI", True), ("o", True), ("x", True), ("X", True), ("1", True),
        (1.0, True), (True, True), ("Vrai", True), ("non", False), ("N", False), ("0", False),
        (0.0, False), (False, False), ("faux", False), ("", None), (None, None),
    ],
)  # fmt: skip
def test_parse_yes_no(value: object, expected: bool | None) -> None:
    assert parse_yes_no(value) is expected


def test_parse_yes_no_refuses_other_text() -> None:
    with pytest.raises(InvalidValueError, match=r"^Valeur non reconnue : peut-être"):
        parse_yes_no("peut-être")


def test_parse_qpv_understands_qpv_codes() -> None:
    assert parse_qpv("QN09312M") is True
    assert parse_qpv("QP093005") is True
    assert parse_qpv("hors QPV") is False
    assert parse_qpv("non") is False
    assert parse_qpv("") is None
    with pytest.raises(InvalidValueError, match=r"^Résidence en QPV non reconnue : peut-être"):
        parse_qpv("peut-être")


def test_parse_ine() -> None:
    assert parse_ine("123456789ab") == "123456789AB"
    assert parse_ine(" 0701 2345 6AB ") == "070123456AB"
    assert parse_ine("") is None
    with pytest.raises(InvalidValueError) as caught:
        parse_ine("12345")
    assert (
        str(caught.value) == "INE mal formé : 12345 (11 caractères attendus, chiffres et lettres)"
    )
    with pytest.raises(InvalidValueError):
        parse_ine("ABCDEFGHIJK")


def test_parse_uai_checks_the_control_letter() -> None:
    assert parse_uai("0930123d") == "0930123D"
    assert parse_uai("0590116F") == "0590116F"
    assert parse_uai(None) is None
    with pytest.raises(InvalidValueError) as caught:
        parse_uai("0930123A")
    assert str(caught.value) == "UAI invalide : 0930123A (la lettre de contrôle ne correspond pas)"
    with pytest.raises(InvalidValueError, match=r"^UAI mal formé : 093012"):
        parse_uai("093012")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("  DE  LA\u00a0FONTAINE ", "DE LA FONTAINE"),
        ("Noe\u0301", "Noé"),  # decomposed accent (macOS) is composed
        ("Jean-\u200bPierre", "Jean-Pierre"),
        ("Éloïse", "Éloïse"),
        ("MARTIN\tDUPONT", "MARTIN DUPONT"),
        (12.0, "12"),
        (None, ""),
    ],
)
def test_clean_name_keeps_accents_and_case(value: object, expected: str) -> None:
    assert clean_name(value) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("DUPONT Marie", ("DUPONT", "Marie", True)),
        ("DE LA FONTAINE Jean-Pierre", ("DE LA FONTAINE", "Jean-Pierre", True)),
        ("Lina BOUAZIZ", ("BOUAZIZ", "Lina", True)),
        ("DUPONT, Marie", ("DUPONT", "Marie", True)),
        ("MARTIN LUCAS", ("MARTIN", "LUCAS", False)),
    ],
)
def test_split_full_name(text: str, expected: tuple[str, str, bool]) -> None:
    assert split_full_name(text) == expected
