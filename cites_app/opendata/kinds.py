"""Deriving ``EstablishmentRecord.kind`` from what each kind of file says about a school.

The annuaire gives a type, a *nature* label, école maternelle / élémentaire flags and lycée voies;
the IPS files give a lycée type (LEGT, LP, LPO) or only the name. Every function returns one of
``records.KINDS`` or None when the information is not conclusive, so callers can chain them.
"""

from __future__ import annotations

import re

from cites_app.opendata.values import fold

_LYCEE_TYPES = {
    "legt": "lycee_gt",
    "lgt": "lycee_gt",
    "lg": "lycee_gt",
    "lt": "lycee_gt",
    "lp": "lycee_pro",
    "sep": "lycee_pro",
    "lpo": "lycee_polyvalent",
}
# Name prefixes in the IPS écoles files, typos included ("ECOLE ELEMENTARE", "ECOLE ELELMENTAIRE").
_SCHOOL_NAME = (
    (re.compile(r"ecole maternelle"), "maternelle"),
    (re.compile(r"ecole (de niveau )?ele"), "elementaire"),
    (re.compile(r"ecole prim"), "primaire"),
)
_NATURE_PREFIXES = (
    (("ecole maternelle",), "maternelle"),
    (("ecole de niveau elementaire", "ecole elementaire"), "elementaire"),
    (("college",), "college"),
)


def kind_from_school_flags(maternelle: bool | None, elementaire: bool | None) -> str | None:
    """École kind from the annuaire's Ecole_maternelle / Ecole_elementaire flags."""
    if maternelle and elementaire:
        return "primaire"
    if maternelle:
        return "maternelle"
    if elementaire:
        return "elementaire"
    return None


def kind_from_voies(general: bool | None, techno: bool | None, pro: bool | None) -> str | None:
    """Lycée kind from the annuaire's Voie_generale / technologique / professionnelle flags."""
    gt = bool(general or techno)
    if gt and pro:
        return "lycee_polyvalent"
    if gt:
        return "lycee_gt"
    if pro:
        return "lycee_pro"
    return None


def kind_from_nature(label: str) -> str | None:
    """Kind from the official *nature* label ("ECOLE MATERNELLE", "LYCEE POLYVALENT"…)."""
    nature = fold(label)
    for prefixes, kind in _NATURE_PREFIXES:
        if nature.startswith(prefixes):
            return kind
    if not nature.startswith(("lycee", "section")):
        return None
    if "polyvalent" in nature:
        return "lycee_polyvalent"
    if "professionnel" in nature:
        return "lycee_pro"
    if "general" in nature or "technolog" in nature:
        return "lycee_gt"
    return None


def kind_from_lycee_type(code: str) -> str | None:
    """Lycée kind from the IPS files' type_de_lycee (LEGT, LP, LPO)."""
    return _LYCEE_TYPES.get(fold(code))


def kind_from_name(name: str) -> str | None:
    """Kind from an establishment name, as the IPS files give it ("ECOLE PRIMAIRE …")."""
    folded = fold(name)
    for pattern, kind in _SCHOOL_NAME:
        if pattern.match(folded):
            return kind
    if folded.startswith("college"):
        return "college"
    if folded.startswith(("lycee polyvalent", "lpo ")):
        return "lycee_polyvalent"
    if folded.startswith(("lycee professionnel", "lp ")):
        return "lycee_pro"
    if folded.startswith(("lycee general", "lycee technologique", "lycee d enseignement general")):
        return "lycee_gt"
    return None
