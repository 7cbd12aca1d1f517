"""Closed vocabularies of the domain (DESIGN.md §3): stored codes and their French labels.

The codes are what the database stores (and what CHECK constraints allow); the labels are what the
user reads. Keeping both here gives one place to change a label without a migration.
"""

from __future__ import annotations

ESTABLISHMENT_KINDS: dict[str, str] = {
    "maternelle": "École maternelle",
    "elementaire": "École élémentaire",
    "primaire": "École primaire",
    "college": "Collège",
    "lycee_gt": "Lycée général et technologique",
    "lycee_pro": "Lycée professionnel",
    "lycee_polyvalent": "Lycée polyvalent",
    "autre": "Autre",
}

SECTORS: dict[str, str] = {"public": "Public", "prive": "Privé sous contrat"}

EDUCATION_PRIORITAIRE: dict[str, str] = {"REP+": "REP+", "REP": "REP", "hors EP": "Hors EP"}

QPV_LOCATIONS: dict[str, str] = {
    "in": "En QPV",
    "near": "À proximité d'un QPV",
    "outside": "Hors QPV",
}

# Pupil's own residence flag: the coordinator often does not know it.
QPV_FLAGS: dict[str, str] = {"oui": "Oui", "non": "Non", "inconnu": "Inconnu"}

SEXES: dict[str, str] = {"F": "Fille", "M": "Garçon"}

NIVEAUX: tuple[str, ...] = (
    "PS", "MS", "GS", "CP", "CE1", "CE2", "CM1", "CM2",
    "6e", "5e", "4e", "3e", "2de", "1re", "Tle", "CAP1", "CAP2",
)  # fmt: skip

PRIMARY_NIVEAUX: frozenset[str] = frozenset(NIVEAUX[:8])
COLLEGE_NIVEAUX: frozenset[str] = frozenset(("6e", "5e", "4e", "3e"))
LYCEE_NIVEAUX: frozenset[str] = frozenset(("2de", "1re", "Tle", "CAP1", "CAP2"))

AXES: dict[str, str] = {
    "ecole": "Conforter le rôle de l'école",
    "continuite": "Promouvoir la continuité éducative",
    "possibles": "Ouvrir le champ des possibles",
}

ACTIVITY_KINDS: dict[str, str] = {
    "periscolaire": "Périscolaire",
    "orientation": "Orientation",
    "autre": "Autre",
}

ORIENTATION_KINDS: dict[str, str] = {
    "decouverte_metiers": "Découverte des métiers",
    "visite_entreprise": "Visite d'entreprise",
    "forum": "Forum",
    "stage_3e": "Stage de 3e",
    "stage_2de": "Stage de 2de",
    "cordee_reussite": "Cordée de la réussite",
    "rencontre_professionnels": "Rencontre avec des professionnels",
}

PARTNER_KINDS: dict[str, str] = {
    "association": "Association",
    "entreprise": "Entreprise",
    "service_public": "Service public",
    "enseignement_superieur": "Enseignement supérieur",
    "autre": "Autre",
}

REGISTRATION_STATUSES: dict[str, str] = {
    "inscrit": "Inscrit",
    "attente": "Liste d'attente",
    "annule": "Annulé",
}

ATTENDANCE_STATUSES: dict[str, str] = {
    "present": "Présent",
    "absent_excuse": "Absent excusé",
    "absent_non_excuse": "Absent non excusé",
}

AUTHORISATION_KINDS: dict[str, str] = {
    "participation": "Autorisation de participation",
    "droit_image": "Droit à l'image",
}

HOLIDAY_ZONES: tuple[str, ...] = ("A", "B", "C", "Corse", "DROM")
