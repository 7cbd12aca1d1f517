"""Turn raw cell values (text, numbers, dates as a spreadsheet gives them) into clean values.

Each parser returns the clean value, None for a blank cell, or raises `InvalidValueError` whose
text is the French message shown to the user. Readers add the file name, row and column.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, timedelta
from functools import lru_cache

from cites_app.pupil_files.niveaux import NiveauInfo, parse_niveau
from cites_app.pupil_files.textutil import InvalidValueError, cell_text, plain_upper, shorten

__all__ = [
    "MAX_TEXT_LENGTH",
    "InvalidValueError",
    "NiveauInfo",
    "cell_text",
    "clean_name",
    "parse_date",
    "parse_ine",
    "parse_niveau",
    "parse_qpv",
    "parse_sex",
    "parse_uai",
    "parse_yes_no",
    "plain_upper",
    "shorten",
]

MAX_TEXT_LENGTH = 100
"""Longest name, first name or class label accepted; longer cells are pasted text, not names."""

EARLIEST_BIRTH_YEAR = 1990
"""Pupils (école to lycée, and young adults in ULIS/CAP) are born after this year."""

_EXCEL_EPOCH = date(1899, 12, 30)  # serial 1 = 1900-01-01 in the 1900 system (leap-bug included)
_LAST_EXCEL_SERIAL = 2958465  # 9999-12-31
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
_SPACES = re.compile(r"\s+")


def clean_name(value: object) -> str:
    """Trim, collapse inner spaces (including non-breaking ones), keep accents and case.

    « ␣ DE  LA FONTAINE\u00a0» → « DE LA FONTAINE »; Unicode is composed (NFC) so that an
    « é » typed on a Mac compares equal to one typed on Windows.
    """
    if isinstance(value, str):
        return _clean_text(value) if len(value) <= 200 else _clean_uncached(value)
    return _clean_uncached(cell_text(value))


def _clean_uncached(text: str) -> str:
    text = text.strip()
    if not text:
        return ""
    if not text.isascii():
        text = unicodedata.normalize("NFC", text).translate(_INVISIBLE)
    if "  " in text or not text.isprintable():
        text = _SPACES.sub(" ", text).strip()
    return text


_clean_text = lru_cache(maxsize=16384)(_clean_uncached)  # first names repeat a lot


# -- dates -------------------------------------------------------------------------------------

_TIME = r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?"
_DMY = re.compile(r"(\d{1,2})\s*([/.\-])\s*(\d{1,2})\s*\2\s*(\d{4}|\d{2})" + _TIME)
_YMD = re.compile(r"(\d{4})([-/.])(\d{1,2})\2(\d{1,2})" + _TIME)
_COMPACT = re.compile(r"(\d{2})(\d{2})(\d{4})")
# « 2 mars 2015 », and « 12-avr.-12 » as Excel shows a « jj-mmm-aa » date in a CSV export
_WORDS = re.compile(r"(\d{1,2})(?:er)?(?:\s+|-)([a-z]+)\.?(?:\s+|-)(\d{4}|\d{2})")
# An Excel serial written out as text (a date column formatted « Standard », saved as CSV)
_SERIAL_TEXT = re.compile(r"\d{5}(?:[.,]0+)?")
_MONTHS = {
    "janvier": 1, "janv": 1, "jan": 1, "fevrier": 2, "fevr": 2, "fev": 2, "mars": 3,
    "avril": 4, "avr": 4, "mai": 5, "juin": 6, "juillet": 7, "juil": 7, "aout": 8,
    "septembre": 9, "sept": 9, "sep": 9, "octobre": 10, "oct": 10, "novembre": 11, "nov": 11,
    "decembre": 12, "dec": 12,
}  # fmt: skip


def _fmt(d: date) -> str:
    return d.strftime("%d/%m/%Y")


def _full_year(year_text: str, today: date) -> int:
    year = int(year_text)
    if len(year_text) == 2:  # 2-digit years: pupils are born in this century unless too late
        year += 2000 if year <= today.year % 100 else 1900
    return year


def _ymd_from_text(text: str, today: date) -> tuple[int, int, int] | None:
    if m := _DMY.fullmatch(text):
        return _full_year(m[4], today), int(m[3]), int(m[1])
    if m := _YMD.fullmatch(text):
        return int(m[1]), int(m[3]), int(m[4])
    if m := _COMPACT.fullmatch(text):
        if int(m[3]) < 1900 and text[:2] in ("19", "20"):  # « 20150305 »: yyyymmdd, not ddmmyyyy
            return int(text[:4]), int(text[4:6]), int(text[6:])
        return int(m[3]), int(m[2]), int(m[1])
    if m := _WORDS.fullmatch(plain_upper(text).lower()):
        named_month = _MONTHS.get(m[2])
        if named_month is not None:
            return _full_year(m[3], today), named_month, int(m[1])
    return None


def parse_date(
    value: object, *, today: date | None = None, earliest_year: int = EARLIEST_BIRTH_YEAR
) -> date | None:
    """Read a pupil's birth date; None for a blank cell.

    Accepts dd/mm/yyyy, d/m/yy (also with « - » or « . »), ISO yyyy-mm-dd (with or without a
    time), ddmmyyyy, yyyymmdd, « 2 mars 2015 », « 2-mars-15 », date/datetime objects and Excel
    serial numbers (1900 system), also written as text (« 42069 » in a CSV). Raises
    `InvalidValueError` for an impossible date (31/02/2015), an unreadable text, a year alone,
    or a date implausible for a pupil (before `earliest_year`, in the future, or less than two
    years ago).
    """
    today = today or date.today()
    if value is None or value == "":
        return None
    if isinstance(value, str):
        return _parse_date_text(value.strip(), today, earliest_year)
    if isinstance(value, datetime):
        born = value.date()
    elif isinstance(value, date):
        born = value
    elif isinstance(value, int | float) and not isinstance(value, bool):
        born = _from_serial(value)
    else:
        return _parse_date_text(cell_text(value), today, earliest_year)
    return _check_plausible(born, today, earliest_year)


@lru_cache(maxsize=16384)  # birth dates repeat across a school: parse each text once
def _parse_date_text(text: str, today: date, earliest_year: int) -> date | None:
    if not text:
        return None
    if _SERIAL_TEXT.fullmatch(text):
        return _check_plausible(_from_serial(int(text[:5])), today, earliest_year)
    parts = _ymd_from_text(text, today)
    if parts is None:
        if text.isdigit() and len(text) == 4:
            raise InvalidValueError(
                f"Date de naissance incomplète : {text} (jour et mois manquants)"
            )
        raise InvalidValueError(f"Date de naissance illisible : {shorten(text)}")
    try:
        born = date(*parts)
    except ValueError:
        raise InvalidValueError(f"Date de naissance impossible : {shorten(text)}") from None
    return _check_plausible(born, today, earliest_year)


def _from_serial(value: float) -> date:
    if float(value).is_integer() and 1900 <= value <= 2100:
        raise InvalidValueError(
            f"Date de naissance incomplète : {int(value)} (jour et mois manquants)"
        )
    if not 1 <= value <= _LAST_EXCEL_SERIAL:
        raise InvalidValueError(f"Date de naissance illisible : {cell_text(float(value))}")
    return _EXCEL_EPOCH + timedelta(days=int(value))


def _check_plausible(born: date, today: date, earliest_year: int) -> date:
    latest = _latest_birth(today)
    if earliest_year <= born.year and born <= latest:
        return born
    if born > today:
        raise InvalidValueError(f"Date de naissance dans le futur : {_fmt(born)}")
    if born.year < earliest_year:
        raise InvalidValueError(
            f"Date de naissance invraisemblable pour un élève : {_fmt(born)} "
            f"(avant {earliest_year})"
        )
    raise InvalidValueError(
        f"Date de naissance invraisemblable pour un élève : {_fmt(born)} (moins de 2 ans)"
    )


@lru_cache(maxsize=4)
def _latest_birth(today: date) -> date:
    """Pupils are at least two years old (toute petite section)."""
    try:
        return today.replace(year=today.year - 2)
    except ValueError:  # today is 29 February
        return today.replace(year=today.year - 2, day=28)


# -- coded values ------------------------------------------------------------------------------

_MALE = {"M", "G", "H", "1", "MASCULIN", "MASC", "GARCON", "GARS", "HOMME", "MALE", "BOY"}
_FEMALE = {"F", "2", "FEMININ", "FEM", "FILLE", "FEMME", "FEMALE", "GIRL"}


def parse_sex(value: object) -> str | None:
    """« F » or « M » from M/F, G/F, H, 1/2, Masculin/Féminin, Garçon/Fille (any case/accents)."""
    return _parse_sex_text(cell_text(value))


@lru_cache(maxsize=256)
def _parse_sex_text(text: str) -> str | None:
    if not text:
        return None
    key = plain_upper(text).replace(".", "").strip()
    if key in _MALE:
        return "M"
    if key in _FEMALE:
        return "F"
    raise InvalidValueError(
        f"Sexe non reconnu : {shorten(text)} (attendu : F ou M, Fille ou Garçon, 1 ou 2)"
    )


_YES = {"OUI", "O", "X", "1", "VRAI", "TRUE", "YES", "Y", "V"}
_NO = {"NON", "N", "0", "FAUX", "FALSE", "NO"}


def parse_yes_no(value: object) -> bool | None:
    """True/False from oui/non, o/n, 1/0, x (a ticked box), vrai/faux; None for a blank cell."""
    if isinstance(value, bool):
        return value
    return _parse_yes_no_text(cell_text(value))


@lru_cache(maxsize=64)
def _parse_yes_no_text(text: str) -> bool | None:
    if not text:
        return None
    key = plain_upper(text).strip(" .")
    if key in _YES:
        return True
    if key in _NO:
        return False
    raise InvalidValueError(f"Valeur non reconnue : {shorten(text)} (attendu : oui ou non)")


_QPV_CODE = re.compile(r"Q[NP] ?[0-9][0-9AB][0-9] ?\d{2,3}[A-Z]?")  # QN09312M, QP093005


def parse_qpv(value: object) -> bool | None:
    """« Réside en QPV »: oui/non like `parse_yes_no`, a QPV code (QN09312M) means yes."""
    text = cell_text(value)
    key = plain_upper(text).strip()
    if _QPV_CODE.fullmatch(key) or key in {"QPV", "EN QPV"}:
        return True
    if key in {"HORS QPV", "HQPV", "HORS"}:
        return False
    try:
        return parse_yes_no(value)
    except InvalidValueError:
        raise InvalidValueError(
            f"Résidence en QPV non reconnue : {shorten(text)} (attendu : oui, non ou un code QPV)"
        ) from None


_INE = re.compile(r"[0-9A-Z]{11}")


def parse_ine(value: object) -> str | None:
    """Upper-cased INE (identifiant national élève): 11 letters or digits, at least one digit."""
    text = cell_text(value)
    if not text:
        return None
    ine = text.upper().replace(" ", "")
    if not _INE.fullmatch(ine) or ine.isalpha():
        raise InvalidValueError(
            f"INE mal formé : {shorten(text)} (11 caractères attendus, chiffres et lettres)"
        )
    return ine


_UAI = re.compile(r"\d{7}[A-Z]")
_UAI_LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ"


def parse_uai(value: object) -> str | None:
    """Establishment UAI (7 digits + check letter), verified; None for a blank cell."""
    text = cell_text(value)
    if not text:
        return None
    uai = text.upper().replace(" ", "")
    if not _UAI.fullmatch(uai):
        raise InvalidValueError(
            f"UAI mal formé : {shorten(text)} (7 chiffres suivis d'une lettre attendus)"
        )
    if _UAI_LETTERS[int(uai[:7]) % 23] != uai[7]:
        raise InvalidValueError(f"UAI invalide : {uai} (la lettre de contrôle ne correspond pas)")
    return uai
