"""Recognise column headers (« Nom d'usage élève », « Né(e) le », « Libellé classe » …).

Headers are compared by a key: lower case, accents and punctuation removed, filler words
(« de », « l' », « élève ») dropped, text in brackets ignored. « Date de naissance
(jj/mm/aaaa) » and « DATE NAISSANCE ÉLÈVE » both give « date naissance ».
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from cites_app.pupil_files.model import (
    FIELD_LABELS,
    ColumnMapping,
    ColumnRef,
    Field,
    normalize_header,
)
from cites_app.pupil_files.textutil import cell_text

_BRACKETS = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_FILLER = frozenset({"de", "du", "des", "la", "le", "les", "l", "d", "eleve", "eleves", "enfant"})

_SYNONYMS: dict[Field, tuple[str, ...]] = {
    Field.LAST_NAME: (
        "nom", "noms", "nom famille", "nom naissance", "patronyme", "nom patronymique",
        "nom legal", "nom majuscules", "last name", "lastname", "surname", "family name",
    ),
    Field.USAGE_NAME: ("nom usage", "nom usuel", "nom utilise"),
    Field.FIRST_NAME: (
        "prenom", "prenoms", "prenom 1", "prenom1", "premier prenom", "1er prenom", "prenom usuel",
        "prenom usage", "first name", "firstname", "given name",
    ),
    Field.FULL_NAME: (
        "nom prenom", "nom et prenom", "noms prenoms", "nom prenoms", "noms et prenoms",
        "nom et prenoms", "prenom nom", "prenom et nom", "identite", "eleve", "eleves",
        "nom complet", "enfant", "enfants",
    ),
    Field.BIRTH_DATE: (
        "date naissance", "naissance", "date nais", "date naiss", "dt naissance", "ne e",
        "ne", "nee", "ddn", "datenaissance", "date naissance jj mm aaaa", "birth date",
        "birthdate", "date of birth", "dob",
    ),
    Field.SEX: (
        "sexe", "genre", "sex", "gender", "f g", "g f", "f m", "m f", "fille garcon",
        "garcon fille", "f ou g", "g ou f", "f ou m", "m ou f", "code sexe", "sexe f g",
        "sexe g f", "sexe m f", "sexe f m", "genre f g", "genre g f",
    ),
    Field.NIVEAU: (
        "niveau", "niv", "niveau scolaire", "niveau classe", "niveau formation", "mef",
        "code mef", "libelle mef", "formation", "niveau etude", "niveau etudes",
        "libelle niveau", "code niveau", "libelle formation",
    ),
    Field.CLASS_LABEL: (
        "classe", "libelle classe", "classes", "division", "div", "code division",
        "libelle division", "classe actuelle", "structure", "code structure",
        "groupe classe", "nom classe",
    ),
    Field.INE: (
        "ine", "numero ine", "n ine", "no ine", "num ine", "n0 ine", "identifiant national",
        "id national", "ine rnie", "ine bea", "code ine",
    ),
    Field.UAI: (
        "uai", "rne", "code uai", "code rne", "uai etablissement", "numero uai", "n uai",
        "uai ecole", "uai college", "etablissement uai", "uai rne",
    ),
    Field.QPV: (
        "qpv", "reside qpv", "reside en qpv", "residence qpv", "residence en qpv",
        "habite qpv", "habite en qpv", "quartier prioritaire", "quartier qpv", "en qpv",
        "qpv oui non", "code qpv", "domicile qpv", "domicile en qpv",
    ),
    Field.ULIS: ("ulis", "dispositif ulis", "ulis oui non"),
    Field.SEGPA: ("segpa", "segpa oui non"),
}  # fmt: skip

_BY_KEY: dict[str, Field] = {key: f for f, keys in _SYNONYMS.items() for key in keys}

EXPECTED_HEADERS = (
    "Nom, Prénom (ou « Nom et prénom »), Date de naissance, Sexe, Niveau, Classe, INE, UAI, "
    "Réside en QPV, ULIS, SEGPA"
)
"""The French list of expected columns, quoted in the « unknown headers » message."""


def header_key(text: object) -> str:
    """Comparison key of a header cell (see the module docstring); "" for a blank cell."""
    raw = normalize_header(_BRACKETS.sub(" ", cell_text(text)))
    kept = [word for word in raw.split() if word not in _FILLER]
    return " ".join(kept) if kept else raw


def field_of_header(text: object) -> Field | None:
    """The field a header names, or None."""
    key = header_key(text)
    if not key:
        return None
    found = _BY_KEY.get(key)
    if found is None and key.startswith("classe "):  # « Classe 2025-2026 », « Classe actuelle »
        return Field.CLASS_LABEL
    return found


def count_known_headers(cells: Sequence[object]) -> int:
    """How many cells of a row are known headers (a header row has at least two)."""
    return sum(1 for cell in cells if field_of_header(cell) is not None)


def detect_columns(headers: Sequence[str]) -> tuple[dict[Field, ColumnRef], list[str]]:
    """Map each field to the first column naming it; also return notes on ignored duplicates."""
    columns: dict[Field, ColumnRef] = {}
    notes: list[str] = []
    for index, header in enumerate(headers):
        found = field_of_header(header)
        if found is None:
            continue
        if found in columns:
            notes.append(
                f"Deux colonnes pour « {FIELD_LABELS[found]} » : « {columns[found].header} » "
                f"est utilisée, « {header} » est ignorée"
            )
            continue
        columns[found] = ColumnRef(index, header)
    return columns, notes


def missing_required(columns: Mapping[Field, ColumnRef]) -> list[str]:
    """French labels of the required columns that are not mapped (empty when all are)."""
    missing = []
    has_full = Field.FULL_NAME in columns
    if not (has_full or Field.LAST_NAME in columns or Field.USAGE_NAME in columns):
        missing.append(FIELD_LABELS[Field.LAST_NAME])
    if not (has_full or Field.FIRST_NAME in columns):
        missing.append(FIELD_LABELS[Field.FIRST_NAME])
    return missing


def resolve_mapping(
    mapping: ColumnMapping, headers: Sequence[str]
) -> tuple[dict[Field, ColumnRef], list[str]]:
    """Apply a remembered or corrected mapping to this file's headers.

    Columns are found again by header text (so a reordered file still maps correctly), else
    kept at their index when the header there is blank or the same. Returns the columns and
    the French labels of the fields whose column is no longer found.
    """
    keys = [header_key(h) for h in headers]
    columns: dict[Field, ColumnRef] = {}
    lost: list[str] = []
    for target, ref in mapping.columns.items():
        wanted = header_key(ref.header)
        if not wanted:  # a column without header (or a file without header row): by position
            index: int | None = ref.index
        elif ref.index < len(keys) and keys[ref.index] == wanted:
            index = ref.index
        else:
            index = keys.index(wanted) if wanted in keys else None
        if index is None:
            lost.append(f"{FIELD_LABELS[target]} (« {ref.header} »)")
        else:
            header = headers[index] if index < len(headers) else ref.header
            columns[target] = ColumnRef(index, header)
    return columns, lost
