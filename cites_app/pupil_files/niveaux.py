"""Recognise a pupil's niveau (PS … Tle, CAP1, CAP2) and the ULIS / SEGPA markers.

Inputs seen in real lists: « 6EME », « 6ème », « 6e », « 6° », « Sixième », « CM2 A »,
« GRANDE SECTION », « Cours préparatoire » (ONDE), « 2NDE G-T », « TLEPRO », « 1CAP2 »,
lycée divisions (« 2GT3 », « 1G2 », « TSTMG1 », « 1PRO »),
« 6EME SEGPA », « ULIS », and the 11-character SIECLE MEF codes.

MEF codes (BCN nomenclature N_MEF): characters 1-3 are the *dispositif de formation*,
4-6 the speciality group, 7-8 an order number, 9 the duration in years, 10 the year within
it, 11 a variant. Only the dispositif and the year are needed here. Codes covered, checked
against public sources (Gepi, monstage, the DEPP panel scripts, BCN documentation):

- collège: 100 6e (10010012110), 101 5e (10110001110), 102 4e (10210001110),
  103 3e (10310019110), 104 / 110 / 131 other 3e (prépa-métiers …);
- SEGPA: 164 6e (16410002110), 165 5e, 166 4e (16610002110), 167 3e (1671000C11A);
- lycée général et technologique: 200 2de GT, 201 1re générale (20110019110),
  202 Tle générale, 210 2de spécifique, 211 1re technologique, 212 Tle technologique;
- lycée professionnel: 240 CAP en 1 an (CAP1), 241 CAP en 2 ans and 242 CAP en 3 ans (year
  1 → CAP1, later years → CAP2), 247 bac pro en 3 ans (year 1/2/3 → 2de/1re/Tle).

Other dispositifs (BTS, post-bac, MLDS …) are reported as « Code MEF non reconnu ».
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from cites_app.pupil_files.textutil import InvalidValueError, plain_upper, shorten

NIVEAUX = (
    "PS", "MS", "GS", "CP", "CE1", "CE2", "CM1", "CM2",
    "6e", "5e", "4e", "3e", "2de", "1re", "Tle", "CAP1", "CAP2",
)  # fmt: skip
"""Canonical niveaux, youngest first."""


class NiveauInfo(NamedTuple):
    """A niveau and the two markers a niveau text may carry."""

    niveau: str | None
    ulis: bool = False
    segpa: bool = False


_FIXED_MEF: dict[str, tuple[str, bool]] = {
    "100": ("6e", False), "101": ("5e", False), "102": ("4e", False), "103": ("3e", False),
    "104": ("3e", False), "110": ("3e", False), "131": ("3e", False),
    "164": ("6e", True), "165": ("5e", True), "166": ("4e", True), "167": ("3e", True),
    "200": ("2de", False), "201": ("1re", False), "202": ("Tle", False),
    "210": ("2de", False), "211": ("1re", False), "212": ("Tle", False),
    "240": ("CAP1", False),
}  # fmt: skip
_YEAR_MEF: dict[str, dict[str, str]] = {
    "241": {"1": "CAP1", "2": "CAP2"},
    "242": {"1": "CAP1", "2": "CAP2", "3": "CAP2"},
    "247": {"1": "2de", "2": "1re", "3": "Tle"},
}
_MEF = re.compile(r"\d{3}[0-9A-Z]{7,8}")


def niveau_from_mef(code: str) -> NiveauInfo | None:
    """Niveau and SEGPA marker of a 10- or 11-character MEF code; None if not covered."""
    code = code.strip().upper()
    if not _MEF.fullmatch(code):
        return None
    dispositif = code[:3]
    if dispositif in _FIXED_MEF:
        niveau, segpa = _FIXED_MEF[dispositif]
        return NiveauInfo(niveau, False, segpa)
    by_year = _YEAR_MEF.get(dispositif)
    if by_year is not None and code[9] in by_year:
        return NiveauInfo(by_year[code[9]])
    return None


# Lycée divisions: « 1G2 », « TSTMG1 », « 2GT3 », « 2NDE3 », « 1PRO », « TBACPRO »: the
# series (or « GT », « PRO ») names the niveau; a division number may follow it directly.
_SERIES = r"STMG|STI2D|ST2S|STL|STHR|STD2A|STAV|GT|G|S|ES|L"
_DIVISION = r"(?:[0-9]{1,2})?"

# One alternation, longest and most specific phrases first (regex alternation is ordered).
_PATTERNS: list[tuple[str, str]] = [
    ("CAP1", r"[1I] ?CAP ?[123]|CAP ?1(?:ERE|RE)?(?: ANNEE| AN)?|(?:1ERE|1RE|PREMIERE) ANNEE CAP"),
    ("CAP2", r"[23] ?CAP ?[23]|CAP ?2(?:EME|E|ND|NDE)?(?: ANNEE)?|(?:2EME|2E|DEUXIEME) ANNEE CAP"
             r"|(?:TERMINALE|TLE|TERM) CAP"),
    ("PS", r"T?PS|(?:TOUTE )?PETITE SECTION|SECTION (?:DES )?(?:TOUT )?PETITS"),
    ("MS", r"MS|MOYENNE SECTION|SECTION (?:DES )?MOYENS"),
    ("GS", r"GS|GRANDE SECTION|SECTION (?:DES )?GRANDS"),
    ("CP", r"CP|COURS PREPARATOIRE"),
    ("CE1", r"CE ?1|COURS ELEMENTAIRE (?:1|1ERE|1RE|PREMIERE)(?: ANNEE)?"),
    ("CE2", r"CE ?2|COURS ELEMENTAIRE (?:2|2EME|2E|DEUXIEME)(?: ANNEE)?"),
    ("CM1", r"CM ?1|COURS MOYEN (?:1|1ERE|1RE|PREMIERE)(?: ANNEE)?"),
    ("CM2", r"CM ?2|COURS MOYEN (?:2|2EME|2E|DEUXIEME)(?: ANNEE)?"),
    ("6e", r"6 ?(?:IEME|EME|EM|E)?|SIXIEME"),
    ("5e", r"5 ?(?:IEME|EME|EM|E)?|CINQUIEME"),
    ("4e", r"4 ?(?:IEME|EME|EM|E)?|QUATRIEME"),
    ("3e", r"3 ?(?:IEME|EME|EM|E)?|TROISIEME"),
    ("2de", r"SECONDE|2 ?(?:NDE|ND|DE|D|GT|PRO|BAC ?PRO)" + _DIVISION),
    ("1re", r"PREMIERE|1 ?(?:ERE|RE|ER|PRO|BAC ?PRO|" + _SERIES + ")" + _DIVISION),
    ("Tle", r"TERM|TERMINALE|(?:T ?LE ?PRO|TLE|TALE|T ?(?:PRO|BAC ?PRO|" + _SERIES + "))"
            + _DIVISION),
]  # fmt: skip
_GROUPS = {f"n{i}": niveau for i, (niveau, _) in enumerate(_PATTERNS)}
# A collège digit may be glued to the class letter (« 6A », « 5E2 »): only digits forbid a match.
_NIVEAU_RE = re.compile(
    "|".join(
        f"(?<![A-Z0-9])(?P<n{i}>{pattern})(?![0-9])"
        if niveau in {"6e", "5e", "4e", "3e"}
        else f"(?<![A-Z0-9])(?P<n{i}>{pattern})(?![A-Z0-9])"
        for i, (niveau, pattern) in enumerate(_PATTERNS)
    )
)
_ULIS = re.compile(r"(?<![A-Z])ULIS(?![A-Z])")
_SEGPA = re.compile(r"(?<![A-Z])SEGPA(?![A-Z])")
_CYCLE = re.compile(r"(?<![A-Z])CYCLE ?(?:[1-4]|I{1,3}|IV)(?![A-Z0-9])")
_PUNCT = re.compile(r"[\s\-/_.,;:()'+&]+")


def parse_niveau(value: object) -> NiveauInfo:
    """Canonical niveau plus ULIS / SEGPA markers; NiveauInfo(None) for a blank cell.

    Raises `InvalidValueError` (a ValueError with a French message) when the text names no
    niveau, names two (« CP-CE1 »: the pupil's own niveau is needed), or is an unknown MEF code.
    A text that only carries a marker (« ULIS ») gives NiveauInfo(None, ulis=True).
    """
    if value is None:
        return NiveauInfo(None)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return _parse_niveau_text(str(value).strip())


@lru_cache(maxsize=1024)
def _parse_niveau_text(text: str) -> NiveauInfo:
    if not text:
        return NiveauInfo(None)
    key = plain_upper(text).replace("°", "E")
    compact = key.replace(" ", "")
    if _MEF.fullmatch(compact) and compact[:3].isdigit():
        info = niveau_from_mef(compact)
        if info is None:
            raise InvalidValueError(f"Code MEF non reconnu : {shorten(text)}")
        return info
    key = _CYCLE.sub(" ", _PUNCT.sub(" ", key)).strip()
    ulis = bool(_ULIS.search(key))
    segpa = bool(_SEGPA.search(key))
    found = {_GROUPS[m.lastgroup] for m in _NIVEAU_RE.finditer(key) if m.lastgroup}
    if len(found) == 1:
        return NiveauInfo(found.pop(), ulis, segpa)
    if len(found) > 1:
        listed = ", ".join(sorted(found, key=NIVEAUX.index))
        raise InvalidValueError(
            f"Plusieurs niveaux dans « {shorten(text)} » ({listed}) : indiquer le niveau de l'élève"
        )
    if ulis or segpa:
        return NiveauInfo(None, ulis, segpa)
    raise InvalidValueError(f"Niveau non reconnu : {shorten(text)}")


def niveau_from_class_label(label: str) -> NiveauInfo | None:
    """Best-effort niveau from a class label (« CM2 A », « 6B », « 3EME 2 »); None if unclear."""
    try:
        info = _parse_niveau_text(label.strip())
    except ValueError:
        return None
    return info if info.niveau is not None else None
