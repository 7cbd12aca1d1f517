"""Small text helpers shared by the parsers and the readers (no file access)."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime

_CONTINUATION = re.escape(bytes(range(0x80, 0xC0)).decode("cp1252", errors="ignore"))
MOJIBAKE = re.compile(f"[ÃÂÅÆÐ][{_CONTINUATION}]")
"""« Ã© », « Ã¨ »…: UTF-8 bytes that were read as Windows-1252 then saved again."""


def repair_mojibake(text: str) -> str:
    """Undo one round of « UTF-8 read as Windows-1252 » (« Ã©lÃ¨ve » → « élève ») if exact."""
    try:
        return text.encode("cp1252").decode("utf-8")
    except UnicodeError:
        return text


class InvalidValueError(ValueError):
    """A cell value that cannot be used. `str(exc)` is the French message for the user."""


def shorten(text: str, limit: int = 40) -> str:
    """Quote-friendly excerpt of a possibly huge cell: first `limit` characters then « … »."""
    return text if len(text) <= limit else text[:limit] + "…"


def plain_upper(text: str) -> str:
    """Upper case without accents or ligatures: « Garçon » → « GARCON », « Œ » → « OE »."""
    if text.isascii():
        return text.upper()
    text = text.replace("œ", "oe").replace("Œ", "OE").replace("æ", "ae").replace("Æ", "AE")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).upper()


def cell_text(value: object) -> str:
    """Text of a cell: stripped string; whole floats without « .0 »; dates as dd/mm/yyyy."""
    if isinstance(value, str):
        return value.strip()
    if value is None:
        text = ""
    elif isinstance(value, bool):
        text = "VRAI" if value else "FAUX"
    elif isinstance(value, float) and value.is_integer():
        text = str(int(value))
    elif isinstance(value, datetime):
        text = value.strftime("%d/%m/%Y %H:%M" if value.time() else "%d/%m/%Y")
    elif isinstance(value, date):
        text = value.strftime("%d/%m/%Y")
    else:
        text = str(value).strip()
    return text


# What Python's csv and zipfile say, in words a coordinator reads (the libraries speak English).
_READ_ERRORS_FR = (
    ("field larger than field limit", "une cellule dépasse la taille autorisée"),
    ("new-line character seen in unquoted field", "retour à la ligne hors guillemets"),
    ("unexpected end of data", "guillemet ouvert jamais fermé"),
    ("line contains nul", "caractère nul : fichier binaire ?"),
    ("file is not a zip file", "archive incomplète"),
    ("bad crc-32", "contenu corrompu"),
    ("truncated file", "fichier tronqué"),
    ("bad magic number", "contenu corrompu"),
)


def read_error_reason(exc: BaseException) -> str:
    """A short French reason for a reading error, never the library's English message."""
    text = str(exc).lower()
    for english, french in _READ_ERRORS_FR:
        if english in text:
            return french
    return "contenu illisible"
