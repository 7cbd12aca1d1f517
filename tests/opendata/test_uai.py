"""The UAI check-letter rule, proved on every real UAI of the open-data files."""

import pytest

from cites_app.opendata.uai import (
    CHECK_LETTERS,
    is_valid_uai,
    normalize_uai,
    uai_check_letter,
    uai_departement,
    uai_problem,
)
from tests.opendata.paths import DATA_DIR


def _all_uais() -> list[str]:
    return (DATA_DIR / "all_uais.txt").read_text(encoding="ascii").split()


def test_rule_holds_on_all_15147_real_uais() -> None:
    uais = _all_uais()
    assert len(uais) == 15_147
    assert len(set(uais)) == 15_147
    invalid = [uai for uai in uais if not is_valid_uai(uai)]
    assert invalid == []
    assert all(uai_check_letter(uai[:7]) == uai[7] for uai in uais)


def test_every_other_letter_is_refused() -> None:
    for uai in _all_uais()[::500]:
        for letter in "ABCDEFGHIJKLMNOPQRSTUVWXYZ":
            corrupted = uai[:7] + letter
            assert is_valid_uai(corrupted) is (letter == uai[7]), corrupted


@pytest.mark.parametrize(
    "corrupted",
    [
        "0930616Q",  # wrong letter (and Q is never used)
        "0930661P",  # two digits swapped
        "0930616",  # letter missing
        "930616P",  # leading zero lost (a spreadsheet's doing)
        "09306160P",  # one digit too many
        "0930616p",  # lower case: valid only after normalize_uai
        " 0930616P",  # surrounding blank: valid only after normalize_uai
        "O930616P",  # letter O instead of digit 0
        "",
    ],
)
def test_corrupted_uais_fail(corrupted: str) -> None:
    assert not is_valid_uai(corrupted)


def test_known_letters_and_alphabet() -> None:
    assert uai_check_letter("0930616") == "P"
    assert uai_check_letter("0932026") == "X"
    assert len(CHECK_LETTERS) == 23
    assert not set("IOQ") & set(CHECK_LETTERS)


def test_check_letter_needs_seven_digits() -> None:
    with pytest.raises(ValueError, match="7 chiffres attendus"):
        uai_check_letter("093061")
    with pytest.raises(ValueError, match="7 chiffres attendus"):
        uai_check_letter("093061A")


def test_normalize_uai() -> None:
    assert normalize_uai(" 0930616p\n") == "0930616P"
    assert is_valid_uai(normalize_uai(" 0930616p "))


def test_problem_is_explained_in_french() -> None:
    assert uai_problem("0930616P") is None
    assert uai_problem("0930616Q") == "la lettre de contrôle devrait être « P »"
    assert uai_problem("93061P") == (
        "un UAI compte 7 chiffres suivis d'une lettre, par exemple 0930616P"
    )


@pytest.mark.parametrize(
    ("uai", "departement"),
    [
        ("0930616P", "093"),
        ("0590002G", "059"),
        ("6200040Z", "620"),  # Corse-du-Sud
        ("7200013B", "720"),  # Haute-Corse
        ("9710015P", "971"),  # Guadeloupe
        ("9760167C", "976"),  # Mayotte
        (" 0930616p ", "093"),
    ],
)
def test_departement(uai: str, departement: str) -> None:
    assert uai_departement(uai) == departement


def test_departement_of_invalid_uai_raises() -> None:
    with pytest.raises(ValueError, match="UAI « 0930616Q » invalide"):
        uai_departement("0930616Q")
