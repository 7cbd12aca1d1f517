"""Obviously invented pupil names: real first names, surnames made of syllables.

Surnames are built from syllables so that no demo pupil can be mistaken for a real child; the
list is deterministic for a seed.
"""

from __future__ import annotations

import random

GIRLS = (
    "Emma", "Jade", "Louise", "Alice", "Chloé", "Lina", "Rose", "Léa", "Anna", "Mila", "Inès",
    "Ambre", "Julia", "Sofia", "Aya", "Fatoumata", "Yasmine", "Maryam", "Sarah", "Nour", "Lou",
    "Zoé", "Agathe", "Camille", "Éloïse", "Naïma", "Hawa", "Kenza", "Salomé", "Manon", "Aïcha",
    "Imane", "Clémence", "Mariam", "Assia", "Lucie", "Maëlys", "Héloïse", "Amira", "Leïla",
)  # fmt: skip
BOYS = (
    "Gabriel", "Raphaël", "Léo", "Louis", "Noah", "Jules", "Adam", "Arthur", "Mohamed", "Isaac",
    "Ibrahim", "Sacha", "Hugo", "Noé", "Yanis", "Ayoub", "Moussa", "Amadou", "Rayan", "Nathan",
    "Ethan", "Théo", "Ilyès", "Mamadou", "Samuel", "Elias", "Youssef", "Lucas", "Tom", "Mathis",
    "Bilal", "Kaïs", "Antoine", "Enzo", "Hamza", "Timéo", "Aron", "Malik", "Souleymane", "Éthan",
)  # fmt: skip

_START = (
    "Bel", "Mont", "Val", "Ker", "Roche", "Bois", "Clair", "Fon", "Mar", "Ros", "Lan", "Bru",
    "Cor", "Dal", "Gar", "Lor", "Mir", "Pel", "Sar", "Tal", "Vil", "Ber", "Cas", "Fer",
)  # fmt: skip
_END = (
    "amin", "ouvel", "brune", "estin", "illac", "oret", "anvin", "ussac", "émont", "arrou",
    "ivelle", "onnec", "aulis", "ébrard", "ignol", "ustier", "andrin", "olvert", "assine", "ivaux",
)  # fmt: skip


def surname(rng: random.Random) -> str:
    name = rng.choice(_START) + rng.choice(_END)
    if rng.random() < 0.08:  # some double-barrelled names
        name += "-" + rng.choice(_START) + rng.choice(_END)
    return name.upper()


def first_name(rng: random.Random, sex: str) -> str:
    return rng.choice(GIRLS if sex == "F" else BOYS)
