"""Fictitious pupils, in plausible numbers per school and niveau."""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from cites_app.demo.establishments import DemoEstablishment
from cites_app.demo.names import first_name, surname
from cites_app.demo.rows import IdCounter, make_uuid

# Age reached during the calendar year of the rentrée, per niveau.
_AGE = {
    "GS": 5, "CP": 6, "CE1": 7, "CE2": 8, "CM1": 9, "CM2": 10,
    "6e": 11, "5e": 12, "4e": 13, "3e": 14, "2de": 15, "1re": 16, "Tle": 17,
    "CAP1": 15, "CAP2": 16,
}  # fmt: skip

NIVEAUX_BY_KIND = {
    "elementaire": ("CP", "CE1", "CE2", "CM1", "CM2"),
    "primaire": ("GS", "CP", "CE1", "CE2", "CM1", "CM2"),
    "college": ("6e", "5e", "4e", "3e"),
    "lycee_gt": ("2de", "1re", "Tle"),
    "lycee_pro": ("2de", "1re", "Tle", "CAP1", "CAP2"),
    "lycee_polyvalent": ("2de", "1re", "Tle", "CAP1"),
}

_CLASS_SUFFIX = {"elementaire": "ABC", "primaire": "AB", "college": "1234", "lycee_gt": "12345"}


@dataclass
class DemoPupil:
    id: int
    establishment_id: int
    niveau: str
    sex: str
    birth_date: date


@dataclass
class PupilBatch:
    rows: list[dict[str, object]]
    pupils: list[DemoPupil]
    by_school_niveau: dict[tuple[int, str], list[int]]


def qpv_probability(ips: float | None) -> float:
    """Pupils of low-IPS schools live more often in a QPV (a plausible, not a measured, link)."""
    if ips is None:
        return 0.5
    return min(0.9, max(0.05, (115.0 - ips) / 45.0))


def make_pupils(
    rng: random.Random,
    establishments: list[tuple[int, DemoEstablishment]],
    total: int,
    rentree_year: int,
    ids: IdCounter,
) -> PupilBatch:
    """About ``total`` pupils spread over the schools in proportion to their enrolment."""
    weights = [
        max(1, (e.ips.enrolment if e.ips else None) or e.record.enrolment or 150)
        for _, e in establishments
    ]
    scale = total / sum(weights)
    batch = PupilBatch([], [], defaultdict(list))
    for (est_id, est), weight in zip(establishments, weights, strict=True):
        niveaux = NIVEAUX_BY_KIND[est.record.kind]
        count = max(len(niveaux) * 3, round(weight * scale))
        p_qpv = qpv_probability(est.ips.ips if est.ips else None)
        suffixes = _CLASS_SUFFIX.get(est.record.kind, "12")
        for _ in range(count):
            niveau = rng.choice(niveaux)
            sex = "F" if rng.random() < 0.5 else "M"
            # About one pupil in ten is a year older than the niveau's usual age.
            age = _AGE[niveau] + (1 if rng.random() < 0.1 else 0)
            birth = date(rentree_year - age, rng.randint(1, 12), rng.randint(1, 28))
            qpv_draw = rng.random()
            qpv = "inconnu" if qpv_draw < 0.1 else ("oui" if rng.random() < p_qpv else "non")
            pupil_id = ids.next()
            batch.rows.append(
                {
                    "id": pupil_id,
                    "uuid": make_uuid(rng),
                    "last_name": surname(rng),
                    "first_name": first_name(rng, sex),
                    "birth_date": birth,
                    "birth_year": birth.year,
                    "sex": sex,
                    "niveau": niveau,
                    "class_label": f"{niveau} {rng.choice(suffixes)}",
                    "ulis": rng.random() < 0.02,
                    "segpa": est.record.kind == "college" and rng.random() < 0.03,
                    "establishment_id": est_id,
                    "qpv": qpv,
                    "ine": None,
                    "version": 1,
                }
            )
            batch.pupils.append(DemoPupil(pupil_id, est_id, niveau, sex, birth))
            batch.by_school_niveau[(est_id, niveau)].append(pupil_id)
    return batch
