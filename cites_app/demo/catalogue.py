"""What a cité éducative typically runs: the templates the demo programme is drawn from."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time


@dataclass(frozen=True)
class Slot:
    name: str
    weekdays: tuple[int, ...]  # 0 = lundi
    start: time
    end: time


WEDNESDAY_AFTERNOON = Slot("mercredi-apm", (2,), time(14, 0), time(16, 30))
WEDNESDAY_MORNING = Slot("mercredi-matin", (2,), time(9, 30), time(11, 30))
AFTER_PRIMARY = Slot("apres-ecole-primaire", (1, 3), time(16, 30), time(18, 0))
AFTER_COLLEGE = Slot("apres-college", (0, 1, 3), time(17, 0), time(18, 30))
EVENT_WEDNESDAY = Slot("evenement-mercredi", (2,), time(14, 0), time(17, 0))
EVENT_SATURDAY = Slot("evenement-samedi", (5,), time(9, 30), time(12, 0))


@dataclass(frozen=True)
class Template:
    title: str
    kind: str
    axis: str
    audience: str  # "ecole" | "college" | "lycee" | "college_lycee"
    niveaux: tuple[str, ...]
    slots: tuple[Slot, ...]
    series: bool  # weekly over a trimester, or a one-off event
    group: tuple[int, int]
    schools: tuple[int, int]
    orientation_kind: str | None = None
    porteur_kind: str = "association"


_PRIMARY_SLOTS = (WEDNESDAY_AFTERNOON, WEDNESDAY_MORNING, AFTER_PRIMARY)
_EVENT_SLOTS = (EVENT_WEDNESDAY, EVENT_SATURDAY)

TEMPLATES: tuple[Template, ...] = (
    Template("Atelier théâtre inter-écoles", "periscolaire", "continuite", "ecole", ("CE2", "CM1", "CM2"), _PRIMARY_SLOTS, True, (12, 20), (3, 4)),
    Template("Club sciences et robotique", "periscolaire", "possibles", "ecole", ("CM1", "CM2"), _PRIMARY_SLOTS, True, (12, 18), (3, 4)),
    Template("Chorale des écoles", "periscolaire", "continuite", "ecole", ("CE1", "CE2", "CM1", "CM2"), _PRIMARY_SLOTS, True, (18, 30), (3, 5)),
    Template("Atelier échecs", "periscolaire", "ecole", "ecole", ("CE2", "CM1", "CM2"), _PRIMARY_SLOTS, True, (10, 16), (2, 4)),
    Template("Jardin partagé", "periscolaire", "continuite", "ecole", ("CP", "CE1", "CE2"), _PRIMARY_SLOTS, True, (10, 16), (2, 3)),
    Template("Club lecture et écriture", "periscolaire", "ecole", "ecole", ("CE1", "CE2", "CM1"), _PRIMARY_SLOTS, True, (10, 16), (2, 4)),
    Template("Atelier cirque", "periscolaire", "continuite", "ecole", ("CP", "CE1", "CE2", "CM1"), _PRIMARY_SLOTS, True, (12, 20), (3, 4)),
    Template("Passerelle CM2-6e", "periscolaire", "ecole", "college_lycee", ("CM2", "6e"), (WEDNESDAY_AFTERNOON,), True, (14, 24), (3, 5)),
    Template("Club journal des collégiens", "periscolaire", "continuite", "college", ("6e", "5e", "4e"), (AFTER_COLLEGE, WEDNESDAY_AFTERNOON), True, (10, 18), (2, 3)),
    Template("Atelier hip-hop", "periscolaire", "continuite", "college", ("6e", "5e", "4e", "3e"), (AFTER_COLLEGE, WEDNESDAY_AFTERNOON), True, (12, 22), (2, 4)),
    Template("Ciné-club", "periscolaire", "possibles", "college", ("5e", "4e", "3e"), (AFTER_COLLEGE,), True, (12, 24), (2, 3)),
    Template("Découverte des métiers du numérique", "orientation", "possibles", "college", ("4e", "3e"), (WEDNESDAY_AFTERNOON,), True, (12, 20), (2, 3), "decouverte_metiers", "entreprise"),
    Template("Cordée de la réussite", "orientation", "possibles", "college_lycee", ("3e", "2de", "1re"), (WEDNESDAY_AFTERNOON,), True, (12, 24), (2, 3), "cordee_reussite", "enseignement_superieur"),
    Template("Préparer son stage de 3e", "orientation", "possibles", "college", ("3e",), (AFTER_COLLEGE,), True, (10, 20), (2, 3), "stage_3e", "service_public"),
    Template("Forum des métiers", "orientation", "possibles", "college_lycee", ("4e", "3e", "2de"), _EVENT_SLOTS, False, (60, 150), (3, 6), "forum", "service_public"),
    Template("Visite d'entreprise", "orientation", "possibles", "college", ("4e", "3e"), _EVENT_SLOTS, False, (18, 30), (2, 3), "visite_entreprise", "entreprise"),
    Template("Rencontre avec des professionnels", "orientation", "possibles", "lycee", ("2de", "1re", "Tle"), _EVENT_SLOTS, False, (25, 60), (2, 3), "rencontre_professionnels", "entreprise"),
    Template("Fête de la science inter-écoles", "autre", "possibles", "ecole", ("CM1", "CM2"), _EVENT_SLOTS, False, (40, 120), (3, 6)),
    Template("Sortie au musée", "autre", "continuite", "ecole", ("CE2", "CM1", "CM2"), _EVENT_SLOTS, False, (20, 40), (2, 3)),
)  # fmt: skip

ACTIONS_BY_AXIS = {
    "ecole": ("Réussite éducative et lecture", "Liaison école-collège"),
    "continuite": ("Temps périscolaires partagés", "Culture et pratiques artistiques", "Sport et bien-être"),
    "possibles": ("Découverte des métiers", "Sciences pour tous", "Ambition scolaire"),
}  # fmt: skip

PARTNERS = (
    ("Association Tréteaux du Canal (fictive)", "association"),
    ("Atelier des Petits Savants (fictif)", "association"),
    ("Compagnie Fil d'Ariane (fictive)", "association"),
    ("Maison des Métiers de l'Est parisien (fictive)", "service_public"),
    ("Numérique Solidaire 93 (fictive)", "entreprise"),
    ("Université Nord-Est, service orientation (fictif)", "enseignement_superieur"),
    ("Club d'échecs du Canal (fictif)", "association"),
    ("Ferme urbaine des Quatre-Chemins (fictive)", "association"),
    ("Ateliers Logistique & Co (fictif)", "entreprise"),
    ("Médiathèque intercommunale (fictive)", "service_public"),
)

VENUES = (
    ("Centre social Jean-Lolive (démo)", 40, True),
    ("Médiathèque du Centre (démo)", 30, True),
    ("Gymnase municipal (démo)", 80, True),
    ("Salle polyvalente des Courtillières (démo)", 60, False),
    ("Maison de quartier des Quatre-Chemins (démo)", 35, True),
    ("Ferme urbaine (démo)", 25, False),
    ("Auditorium du conservatoire (démo)", 150, True),
    ("Fab lab municipal (démo)", 20, True),
)

FACILITATOR_FIRST = ("Claire", "Karim", "Sophie", "Moussa", "Julien", "Nadia", "Élodie", "Samir", "Hélène", "Omar")  # fmt: skip
FACILITATOR_LAST = ("Animatrice", "Animateur", "Intervenante", "Intervenant")
