"""Parsing of the individual values found in open-data files, with French explanations.

Each parser returns None for an empty cell (or a documented "no value" marker such as "NA" or
"NS") and raises ``BadValueError`` with a French message for a value it cannot make sense of.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final

# Markers the DEPP files use for "no value" (non disponible, non significatif, secret…).
_MISSING: Final = frozenset({"", "na", "n/a", "ns", "nd", "nc", "-", "s", "null", "none", "nan"})
_DEPARTEMENT = re.compile(r"0?([0-9]{1,3})")
_RENTREE = re.compile(r"([0-9]{4})\s*[-/]\s*([0-9]{4})")


class BadValueError(ValueError):
    """A cell holds a value that cannot be read; ``str(exc)`` is a French explanation."""


def fold(text: str) -> str:
    """Lower-case ``text`` and strip its accents, for comparisons ("Privé" -> "prive")."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).strip().lower()


def is_missing(text: str) -> bool:
    """True for an empty cell or a "no value" marker (NA, NS, ND…)."""
    return fold(text) in _MISSING


def parse_float(text: str) -> float | None:
    """Read "73.4", "73,4" or " 1 234,5 "; None for an empty cell or a no-value marker."""
    if is_missing(text):
        return None
    cleaned = text.strip().replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
    cleaned = cleaned.replace(",", ".")
    try:
        return float(cleaned)
    except ValueError:
        raise BadValueError(f"« {text.strip()} » n'est pas un nombre") from None


def parse_count(text: str) -> int | None:
    """Read a head count written "540", "540.0" or "540,0"; refuse fractions and negatives."""
    value = parse_float(text)
    if value is None:
        return None
    if not value.is_integer() or value < 0:
        raise BadValueError(f"« {text.strip()} » n'est pas un nombre entier d'élèves")
    return int(value)


def parse_departement(text: str) -> str | None:
    """Return the 3-character département code used by UAIs: "59" -> "059", "2A" -> "620"."""
    value = fold(text).upper()
    if not value:
        return None
    if value in ("2A", "02A"):
        return "620"
    if value in ("2B", "02B"):
        return "720"
    match = _DEPARTEMENT.fullmatch(value)
    if match is None:
        raise BadValueError(f"« {text.strip()} » n'est pas un code de département")
    return match.group(1).zfill(3)


def parse_code_insee(text: str) -> str | None:
    """Return a commune code on 5 characters; a spreadsheet may have dropped the leading zero."""
    value = text.strip().upper()
    if not value:
        return None
    if value.isdigit() and len(value) == 4:
        return "0" + value
    if len(value) != 5 or not (value.isdigit() or value[:2] in ("2A", "2B")):
        raise BadValueError(f"« {text.strip()} » n'est pas un code commune INSEE (5 caractères)")
    return value


def parse_rentree(text: str) -> str | None:
    """Return a school year as "2022-2023" (also accepts "2022/2023")."""
    if is_missing(text):
        return None
    match = _RENTREE.fullmatch(text.strip())
    if match is None or int(match.group(2)) != int(match.group(1)) + 1:
        raise BadValueError(f"« {text.strip()} » n'est pas une année scolaire (ex. 2022-2023)")
    return f"{match.group(1)}-{match.group(2)}"


def parse_sector(status: str, contract: str | None = None) -> str | None:
    """Return "public", "prive" (privé sous contrat) or None (unknown, or privé hors contrat).

    ``contract`` is the annuaire's type of private contract when the file has that column:
    "HORS CONTRAT" and an empty value give None; any kind of contract gives "prive".
    """
    value = fold(status)
    if not value:
        return None
    if value.startswith("public"):
        return "public"
    if not value.startswith("prive"):
        raise BadValueError(f"secteur « {status.strip()} » inconnu (public ou privé attendu)")
    if "hors contrat" in value:
        return None
    if "contrat" in value or contract is None:
        return "prive"
    detail = fold(contract).replace("0", "o")  # the official file spells "C0NTRAT SIMPLE"
    if "hors contrat" in detail or "contrat" not in detail:
        return None
    return "prive"


def parse_education_prioritaire(text: str) -> str:
    """Return "REP+", "REP" or "hors EP" (empty cell) from the annuaire's column."""
    value = re.sub(r"\s+", "", text).upper()
    if value == "":
        return "hors EP"
    if value in ("REP+", "REPPLUS"):
        return "REP+"
    if value == "REP":
        return "REP"
    if fold(text) in ("hors ep", "horsep", "non"):
        return "hors EP"
    raise BadValueError(f"éducation prioritaire « {text.strip()} » inconnue (REP, REP+ ou vide)")


def parse_flag(text: str) -> bool | None:
    """Read the annuaire's 0/1 flags; None when empty."""
    value = fold(text)
    if value in ("", "na"):
        return None
    if value in ("1", "oui", "true", "vrai", "o"):
        return True
    if value in ("0", "non", "false", "faux", "n"):
        return False
    raise BadValueError(f"« {text.strip()} » n'est pas 0 ou 1")


def parse_coordinates(text: str) -> tuple[float, float] | None:
    """Read "48.75, 2.32" (latitude, longitude in one field) as two floats."""
    if is_missing(text):
        return None
    parts = text.split(",")
    if len(parts) != 2:
        raise BadValueError(f"« {text.strip()} » n'est pas une position « latitude, longitude »")
    latitude, longitude = parse_float(parts[0]), parse_float(parts[1])
    if latitude is None or longitude is None:
        raise BadValueError(f"« {text.strip()} » n'est pas une position « latitude, longitude »")
    return latitude, longitude
