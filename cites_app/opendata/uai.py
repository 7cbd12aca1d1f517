"""UAI (unité administrative immatriculée): the national identifier of an establishment.

A UAI is 7 digits followed by a check letter. The letter is
``"ABCDEFGHJKLMNPRSTUVWXYZ"[int(digits) % 23]`` (no I, O or Q). The first three digits give the
département: "093", Corse "620" / "720", DROM "971"…
"""

from __future__ import annotations

import re
from typing import Final

CHECK_LETTERS: Final = "ABCDEFGHJKLMNPRSTUVWXYZ"
_SHAPE = re.compile(r"[0-9]{7}[A-Z]")
_DIGITS = re.compile(r"[0-9]{7}")


def normalize_uai(s: str) -> str:
    """Return ``s`` without surrounding blanks, in upper case (" 0930616p " -> "0930616P")."""
    return s.strip().upper()


def uai_check_letter(first7: str) -> str:
    """Return the check letter of the UAI whose first seven characters are ``first7``.

    Raises ValueError when ``first7`` is not exactly seven digits.
    """
    if not _DIGITS.fullmatch(first7):
        raise ValueError(f"7 chiffres attendus pour calculer la lettre d'un UAI, reçu « {first7} »")
    return CHECK_LETTERS[int(first7) % 23]


def uai_problem(s: str) -> str | None:
    """Say in French what is wrong with ``s`` as a UAI, or return None when it is valid.

    ``s`` is taken as is: call ``normalize_uai`` first on user input.
    """
    if not _SHAPE.fullmatch(s):
        return "un UAI compte 7 chiffres suivis d'une lettre, par exemple 0930616P"
    expected = CHECK_LETTERS[int(s[:7]) % 23]
    if s[7] != expected:
        return f"la lettre de contrôle devrait être « {expected} »"
    return None


def is_valid_uai(s: str) -> bool:
    """True when ``s`` is exactly 7 digits and the right check letter (no normalisation)."""
    return uai_problem(s) is None


def uai_departement(uai: str) -> str:
    """Return the département part of a UAI: "093", "620" (Corse-du-Sud), "971"…

    Raises ValueError when ``uai`` (after normalisation) is not a valid UAI.
    """
    normalized = normalize_uai(uai)
    problem = uai_problem(normalized)
    if problem is not None:
        raise ValueError(f"UAI « {uai} » invalide : {problem}")
    return normalized[:3]
