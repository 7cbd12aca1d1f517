"""Académies, school-holiday zones and départements.

Sources (checked, not recalled):
- académie → zone: the official dataset ``fr-en-calendrier-scolaire`` (Ministère de l'Éducation
  nationale, data.education.gouv.fr, Licence Ouverte / Etalab 2.0), copy shipped in
  ``resources/calendar/``: every row of 2023-2024 … 2026-2027 gives the same zone per académie.
  This is the zoning in force since the rentrée 2016; the académies of Caen and Rouen merged into
  the académie de Normandie on 1 January 2020, and the file only knows "Normandie".
- département → académie: DEPP open data ``fr-en-ips-colleges-ap2022`` (columns
  ``code_du_departement`` / ``academie``, 101 départements including 2A/2B and the five DROM);
  UAI prefixes "620" / "720" are Corse-du-Sud / Haute-Corse in the same files.
"""

from __future__ import annotations

import unicodedata

ZONE_A = "A"
ZONE_B = "B"
ZONE_C = "C"
CORSE = "Corse"

# Overseas académies (DROM) follow their own rectorat's calendar: the zone is the académie.
DROM_ACADEMIES: tuple[str, ...] = ("Guadeloupe", "Martinique", "Guyane", "Réunion", "Mayotte")

# Collectivités d'outre-mer that the same dataset lists, spelt as in the file.
COM_CALENDARS: tuple[str, ...] = (
    "Saint Pierre et Miquelon",
    "Polynésie",
    "Nouvelle Calédonie",
    "Wallis et Futuna",
)

# The zones where the national calendar (and its Ascension bridge) applies.
METROPOLITAN_ZONES: tuple[str, ...] = (ZONE_A, ZONE_B, ZONE_C, CORSE)

_ZONE_ACADEMIES: dict[str, tuple[str, ...]] = {
    ZONE_A: (
        "Besançon",
        "Bordeaux",
        "Clermont-Ferrand",
        "Dijon",
        "Grenoble",
        "Limoges",
        "Lyon",
        "Poitiers",
    ),
    ZONE_B: (
        "Aix-Marseille",
        "Amiens",
        "Lille",
        "Nancy-Metz",
        "Nantes",
        "Nice",
        "Normandie",
        "Orléans-Tours",
        "Reims",
        "Rennes",
        "Strasbourg",
    ),
    ZONE_C: ("Créteil", "Montpellier", "Paris", "Toulouse", "Versailles"),
    CORSE: (CORSE,),
}

#: Académie (as spelt in the official calendar file) → zone identifier.
ACADEMY_ZONES: dict[str, str] = {
    academy: zone for zone, academies in _ZONE_ACADEMIES.items() for academy in academies
} | {name: name for name in DROM_ACADEMIES + COM_CALENDARS}

_ACADEMY_DEPARTEMENTS: dict[str, tuple[str, ...]] = {
    "Aix-Marseille": ("04", "05", "13", "84"),
    "Amiens": ("02", "60", "80"),
    "Besançon": ("25", "39", "70", "90"),
    "Bordeaux": ("24", "33", "40", "47", "64"),
    "Clermont-Ferrand": ("03", "15", "43", "63"),
    "Corse": ("2A", "2B"),
    "Créteil": ("77", "93", "94"),
    "Dijon": ("21", "58", "71", "89"),
    "Grenoble": ("07", "26", "38", "73", "74"),
    "Lille": ("59", "62"),
    "Limoges": ("19", "23", "87"),
    "Lyon": ("01", "42", "69"),
    "Montpellier": ("11", "30", "34", "48", "66"),
    "Nancy-Metz": ("54", "55", "57", "88"),
    "Nantes": ("44", "49", "53", "72", "85"),
    "Nice": ("06", "83"),
    "Normandie": ("14", "27", "50", "61", "76"),
    "Orléans-Tours": ("18", "28", "36", "37", "41", "45"),
    "Paris": ("75",),
    "Poitiers": ("16", "17", "79", "86"),
    "Reims": ("08", "10", "51", "52"),
    "Rennes": ("22", "29", "35", "56"),
    "Strasbourg": ("67", "68"),
    "Toulouse": ("09", "12", "31", "32", "46", "65", "81", "82"),
    "Versailles": ("78", "91", "92", "95"),
    "Guadeloupe": ("971", "977", "978"),  # Saint-Barthélemy and Saint-Martin depend on it
    "Martinique": ("972",),
    "Guyane": ("973",),
    "Réunion": ("974",),
    "Mayotte": ("976",),
    "Saint Pierre et Miquelon": ("975",),
    "Wallis et Futuna": ("986",),
    "Polynésie": ("987",),
    "Nouvelle Calédonie": ("988",),
}

#: Département code ("01" … "95", "2A", "2B", "971" …) → académie.
DEPARTEMENT_ACADEMIES: dict[str, str] = {
    code: academy for academy, codes in _ACADEMY_DEPARTEMENTS.items() for code in codes
}

# Local law keeps Good Friday and 26 December as public holidays there.
ALSACE_MOSELLE_DEPARTEMENTS: frozenset[str] = frozenset({"57", "67", "68"})

# Spellings met in other files (IPS open data, older calendars, users) → file spelling.
_ACADEMY_ALIASES: dict[str, str] = {
    "caen": "Normandie",
    "rouen": "Normandie",
    "la reunion": "Réunion",
    "polynesie francaise": "Polynésie",
}


def plain_key(text: str) -> str:
    """Comparison key of a label: no accents, no case, punctuation as single spaces.

    "Orléans-Tours", "ORLEANS TOURS" and "orleans_tours" share one key.
    """
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(char for char in decomposed if not unicodedata.combining(char)).lower()
    return " ".join("".join(char if char.isalnum() else " " for char in plain).split())


def name_key(text: str) -> str:
    """:func:`plain_key` of a place name, without a leading "Académie de"."""
    words = plain_key(text).split()
    # "Académie de Lyon", "ac. Lyon": the prefix carries no information.
    if words and words[0] in {"academie", "ac"}:
        words = words[1:]
        if words and words[0] in {"de", "d"}:
            words = words[1:]
    return " ".join(words)


_ACADEMY_BY_KEY: dict[str, str] = {name_key(academy): academy for academy in ACADEMY_ZONES}
_ACADEMY_BY_KEY.update(_ACADEMY_ALIASES)


def resolve_academy(name: str) -> str | None:
    """Return the académie spelt as in the official file, or None if the name is not one."""
    return _ACADEMY_BY_KEY.get(name_key(name))


def resolve_zone(name: str) -> str:
    """Return the zone identifier ("A", "B", "C", "Corse", "Guadeloupe" …) of a zone or académie.

    Accepts "C", "zone C", "Zone C", "Créteil", "académie de Créteil", "Caen", "La Réunion".
    Raises ValueError with a French message for an unknown name.
    """
    key = name_key(name)
    if key.startswith("zone "):
        key = key.removeprefix("zone ")
    if key in {"a", "b", "c"}:
        return key.upper()
    academy = _ACADEMY_BY_KEY.get(key)
    if academy is None:
        raise ValueError(
            f"Zone ou académie inconnue : « {name} ». Indiquez la zone (A, B, C, Corse) "
            "ou le nom de l'académie (par exemple Créteil, Lille, Guadeloupe)."
        )
    return ACADEMY_ZONES[academy]


def zone_label(zone: str) -> str:
    """French label of a zone inside a sentence: "zone C", "Corse", "Guadeloupe"."""
    return f"zone {zone}" if zone in {ZONE_A, ZONE_B, ZONE_C} else zone


def is_metropolitan_zone(zone: str) -> bool:
    """True for the zones of the national calendar (A, B, C and Corse)."""
    return zone in METROPOLITAN_ZONES


def normalize_departement(code: str | int) -> str:
    """Canonical département code: "93", "01", "2A", "971".

    Accepts 93, "093", "02A", and the UAI spellings "620" / "720" of Corse.
    Raises ValueError with a French message for a code that is not a département.
    """
    text = str(code).strip().upper()
    if text in {"620", "720"}:
        return "2A" if text == "620" else "2B"
    if len(text) == 3 and text.startswith("0"):
        text = text[1:]
    if len(text) == 1 and text.isdigit():
        text = "0" + text
    if text not in DEPARTEMENT_ACADEMIES:
        raise ValueError(f"Code de département inconnu : « {code} ».")
    return text


def departement_from_uai(uai: str) -> str:
    """Département of an establishment from the first three characters of its UAI."""
    prefix = uai.strip()[:3]
    if len(prefix) != 3 or not prefix.isdigit():
        raise ValueError(f"UAI illisible : « {uai} » (attendu : 7 chiffres et une lettre).")
    return normalize_departement(prefix)


def academy_for_departement(code: str | int) -> str:
    """Académie of a département code ("93" → "Créteil", "2A" → "Corse", "971" → "Guadeloupe")."""
    return DEPARTEMENT_ACADEMIES[normalize_departement(code)]


def academy_for_uai(uai: str) -> str:
    """Académie of an establishment from its UAI ("0930123A" → "Créteil")."""
    return DEPARTEMENT_ACADEMIES[departement_from_uai(uai)]


def zone_for_departement(code: str | int) -> str:
    """Holiday zone of a département ("93" → "C", "67" → "B", "974" → "Réunion")."""
    return ACADEMY_ZONES[academy_for_departement(code)]


def is_alsace_moselle(code: str | int) -> bool:
    """True for Moselle, Bas-Rhin and Haut-Rhin, which keep two more public holidays."""
    return normalize_departement(code) in ALSACE_MOSELLE_DEPARTEMENTS
