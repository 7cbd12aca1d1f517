"""Readable establishment names from the all-capitals spelling of the DEPP files.

« COLLEGE PRIVE SAINT JOSEPH LA SALLE » becomes « Collège privé Saint Joseph La Salle ». Only the
case changes, and the accents of the establishment-type words the ministry writes without them;
proper names keep their letters (« JAURES » stays « Jaures »: adding an accent would be a guess).
Names that already contain lower-case letters (the annuaire's) are returned unchanged.
"""

from __future__ import annotations

import re

# Type words as they are written in French, in the middle of a name.
_TYPE_WORDS = {
    "ECOLE": "école",
    "ELEMENTAIRE": "élémentaire",
    "MATERNELLE": "maternelle",
    "PRIMAIRE": "primaire",
    "COLLEGE": "collège",
    "LYCEE": "lycée",
    "GENERAL": "général",
    "GENERALE": "générale",
    "TECHNOLOGIQUE": "technologique",
    "PROFESSIONNEL": "professionnel",
    "POLYVALENT": "polyvalent",
    "PRIVE": "privé",
    "PRIVEE": "privée",
    "PUBLIC": "public",
    "PUBLIQUE": "publique",
    "SPECIALISEE": "spécialisée",
    "APPLICATION": "application",
    "METIERS": "métiers",
    "REGIONAL": "régional",
    "AGRICOLE": "agricole",
    "EREA": "EREA",
    "SEGPA": "SEGPA",
    "ULIS": "ULIS",
}
_SMALL_WORDS = {"DE", "DU", "DES", "ET", "EN", "SUR", "SOUS", "AUX", "AU", "A"}
_ELIDED = {"D", "L"}  # « D APPLICATION » → « d'application »


def tidy_establishment_name(name: str) -> str:
    """The official name with readable case (see the module docstring)."""
    stripped = " ".join(name.split())
    if not stripped or any(c.islower() for c in stripped):
        return stripped
    words = stripped.split(" ")
    out: list[str] = []
    glue = False  # the previous word was an elided article: join without a space
    for index, word in enumerate(words):
        upper = word.upper()
        if upper in _ELIDED and index + 1 < len(words):
            piece = upper.lower() + "'"
        elif upper in _TYPE_WORDS:
            piece = _TYPE_WORDS[upper]
        elif upper in _SMALL_WORDS and index > 0:
            piece = upper.lower()
        else:
            piece = _capitalise(word)
        if index == 0 or (out and out[-1] in ("d'", "l'") and index == 1):
            piece = piece[:1].upper() + piece[1:]
        if glue:
            out[-1] += piece
        else:
            out.append(piece)
        glue = piece.endswith("'")
    return " ".join(out)


def _capitalise(word: str) -> str:
    # Hyphenated and apostrophed parts each take a capital: « JEAN-BAPTISTE » → « Jean-Baptiste ».
    return re.sub(r"[^\W\d_]+", lambda m: m.group(0).capitalize(), word.lower())
