"""The participations of a period, each tagged with a category and a weight.

A **category** says which groups the mix is measured between; each participant belongs to one:

* ``qpv`` — the pupil's own flag: *QPV*, *hors QPV*, or *QPV inconnu*. An unknown flag is its own
  group rather than being dropped: dropping it would hide the children whose school did not
  provide the flag, and would change the population between two runs as flags get filled in.
  Read ``H`` with that in mind when many flags are unknown.
* ``ep`` — éducation prioritaire of the pupil's school: *REP+*, *REP*, *hors EP*, *EP non
  renseignée* (the school's status was never imported).
* ``ips`` — band of the latest IPS of the pupil's school: *IPS < 80*, *IPS 80–100*,
  *IPS 100–120*, *IPS ≥ 120*, *sans IPS* (maternelles, or not imported). Bands of 20 points
  around 100: among the 3,060 écoles of the DEPP 2022-2023 file for the
  Bouches-du-Rhône, the Nord, the Rhône and Seine-Saint-Denis (median 102), they hold 14 %,
  32 %, 32 % and 22 % of the schools: no band is empty, none holds most schools.
* ``sex`` — *filles*, *garçons*, *sexe non renseigné*.
* ``niveau`` — the pupil's niveau (PS … Tle, CAP), *niveau non renseigné*.

A **weight** is ``pupils`` (every participation counts 1: a child present at 3 séances counts 3
times, once per séance) or ``hours`` (attended hours). Categories that nobody in the period
belongs to are left out of the tables.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from cites_app.indicators.queries import SchoolRecord, TerritoryData
from cites_app.indicators.table import BoolArray, FloatArray, IntArray, weighted_bincount
from cites_app.models.vocabulary import NIVEAUX

CATEGORIES: dict[str, str] = {
    "qpv": "résidence en QPV",
    "ep": "éducation prioritaire de l'école",
    "ips": "tranche d'IPS de l'école",
    "sex": "sexe",
    "niveau": "niveau",
}
WEIGHTS: dict[str, str] = {"pupils": "élèves (présences)", "hours": "heures de présence"}

QPV_LABELS: dict[str, str] = {"oui": "QPV", "non": "hors QPV", "inconnu": "QPV inconnu"}
EP_LABELS: dict[str | None, str] = {
    "REP+": "REP+",
    "REP": "REP",
    "hors EP": "hors EP",
    None: "EP non renseignée",
}
#: Upper bounds (excluded) of the IPS bands and their labels; the last band has no bound.
IPS_BANDS: tuple[tuple[float, str], ...] = (
    (80.0, "IPS < 80"),
    (100.0, "IPS 80–100"),
    (120.0, "IPS 100–120"),
    (math.inf, "IPS ≥ 120"),
)
NO_IPS = "sans IPS"
SEX_LABELS: dict[str | None, str] = {"F": "filles", "M": "garçons", None: "sexe non renseigné"}
NO_NIVEAU = "niveau non renseigné"


def tally(codes: IntArray) -> tuple[IntArray, IntArray, IntArray]:
    """Distinct values of ``codes`` (sorted), the position of each code among them, and counts.

    What ``np.unique(codes, return_inverse=True, return_counts=True)`` gives, through one stable
    sort: numpy 2's hash-based ``unique`` takes seconds on millions of participation codes.
    """
    order = np.argsort(codes, kind="stable")
    ordered = codes[order]
    is_start = np.ones(len(ordered), dtype=bool)
    is_start[1:] = ordered[1:] != ordered[:-1]
    starts = np.flatnonzero(is_start)
    counts = np.diff(np.append(starts, len(ordered)))
    inverse = np.empty(len(codes), dtype=np.int64)
    inverse[order] = np.repeat(np.arange(len(starts), dtype=np.int64), counts)
    return ordered[starts].astype(np.int64), inverse, counts.astype(np.int64)


class ChoiceError(ValueError):
    """An unknown category or weight; the message is French."""


def validate_choice(category: str, weight: str) -> None:
    """Raise :class:`ChoiceError` for an unknown category or weight."""
    category_labels(category)
    if weight not in WEIGHTS:
        known = ", ".join(WEIGHTS)
        raise ChoiceError(f"Pondération inconnue « {weight} » : choisissez parmi {known}.")


def ips_band(ips: float | None) -> str:
    """The band label of a school IPS (``sans IPS`` when unknown)."""
    if ips is None:
        return NO_IPS
    return next(label for bound, label in IPS_BANDS if ips < bound)


def category_labels(category: str) -> tuple[str, ...]:
    """Every label of a category, in display order."""
    if category == "qpv":
        return tuple(QPV_LABELS.values())
    if category == "ep":
        return tuple(EP_LABELS.values())
    if category == "ips":
        return (*(label for _, label in IPS_BANDS), NO_IPS)
    if category == "sex":
        return tuple(SEX_LABELS.values())
    if category == "niveau":
        return (*NIVEAUX, NO_NIVEAU)
    known = ", ".join(CATEGORIES)
    raise ChoiceError(f"Catégorie inconnue « {category} » : choisissez parmi {known}.")


def pupil_category_codes(data: TerritoryData, category: str) -> IntArray:
    """Position in :func:`category_labels` of the category of every participant of ``data``."""
    category_labels(category)  # validates the name
    # The pupils' codes follow the order of the labels (queries.QPV_CODES, SEX_CODES…).
    if category == "qpv":
        return data.pupil_qpv
    if category == "sex":
        return data.pupil_sex
    if category == "niveau":
        return data.pupil_niveau
    labels = category_labels(category)
    by_school = [labels.index(_school_label(school, category)) for school in data.schools]
    # Index -1 (no school) reads the trailing "not stated" label.
    codes: IntArray = np.array([*by_school, len(labels) - 1], dtype=np.int64)[data.pupil_school]
    return codes


def _school_label(school: SchoolRecord, category: str) -> str:
    if category == "ep":
        return EP_LABELS.get(school.education_prioritaire, EP_LABELS[None])
    return ips_band(school.ips)


@dataclass(frozen=True, eq=False)
class MixFrame:
    """Participations of a period with their category code and weight, ready for the engine.

    ``labels[part_category[k]]`` is the category of participation ``k``; only categories present
    in the period are in ``labels`` (display order). ``part_school[k]`` indexes ``data.schools``
    (``-1``: the pupil has no school, see :attr:`known_school`).
    """

    data: TerritoryData
    category: str
    weight: str
    labels: tuple[str, ...]
    pupil_category: IntArray
    part_category: IntArray
    part_school: IntArray
    part_weight: FloatArray

    @classmethod
    def build(cls, data: TerritoryData, category: str = "qpv", weight: str = "pupils") -> MixFrame:
        """Tag the participations of ``data`` with ``category`` and ``weight``."""
        validate_choice(category, weight)
        full = pupil_category_codes(data, category)
        present = tally(full)[0]
        labels = tuple(category_labels(category)[i] for i in present.tolist())
        pupil_category = np.searchsorted(present, full).astype(np.int64)
        part_weight = (
            np.ones(data.participations, dtype=np.float64)
            if weight == "pupils"
            else data.part_hours
        )
        return cls(
            data=data,
            category=category,
            weight=weight,
            labels=labels,
            pupil_category=pupil_category,
            part_category=pupil_category[data.part_pupil],
            part_school=data.pupil_school[data.part_pupil],
            part_weight=part_weight,
        )

    def with_choice(self, category: str, weight: str) -> MixFrame:
        """The same participations under another category or weight (no new query)."""
        return MixFrame.build(self.data, category, weight)

    @property
    def known_school(self) -> BoolArray:
        """Participations whose pupil has a school: the only ones the mix indicators use."""
        mask: BoolArray = self.part_school >= 0
        return mask

    @property
    def schools_taking_part(self) -> int:
        """Number of distinct schools of the participants."""
        return len(tally(self.data.pupil_school[self.data.pupil_school >= 0])[0])

    def category_table(self, units: IntArray, n_units: int) -> FloatArray:
        """Dense ``units × categories`` table of the weights of the known-school participations.

        ``units[k]`` is the unit (school, séance…) of participation ``k``, in ``0 … n_units-1``.
        """
        keep = self.known_school
        codes = units[keep] * len(self.labels) + self.part_category[keep]
        flat = weighted_bincount(codes, self.part_weight[keep], n_units * len(self.labels))
        return flat.reshape(n_units, len(self.labels))
