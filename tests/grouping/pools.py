"""Generated candidate pools (no database) and an independent check of the hard targets."""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass

from cites_app.grouping import Candidate, CandidatePool, Composition, GroupTrack
from cites_app.models.vocabulary import NIVEAUX


def candidate(
    pupil_id: int,
    school: int | None,
    *,
    sex: str | None = "F",
    niveau: str | None = "CM1",
    qpv: str = "non",
    hours: float = 0.0,
    school_hours: float = 0.0,
    status: str | None = "inscrit",
    rank: int | None = None,
) -> Candidate:
    """A candidate of school n° ``school`` (named « École n ») with the given attributes."""
    return Candidate(
        id=pupil_id,
        establishment_id=school,
        establishment_name=None if school is None else f"École {school}",
        uai=None if school is None else f"0930{school:03d}X",
        sex=sex,
        niveau=niveau,
        qpv=qpv,
        status=status,
        waiting_rank=rank,
        hours_so_far=hours,
        school_hours_per_pupil=school_hours,
    )


def pool_of(
    candidates: list[Candidate],
    groups: int,
    *,
    unavailable: dict[tuple[int, int], str] | None = None,
    capacity: int | None = None,
    max_school_share: float | None = None,
    min_schools: int | None = None,
) -> CandidatePool:
    """A pool without database: no séances, the activity's targets as given."""
    return CandidatePool(
        candidates=tuple(sorted(candidates, key=lambda c: c.id)),
        tracks=tuple(GroupTrack() for _ in range(groups)),
        unavailable=unavailable or {},
        activity_title="Atelier de test",
        activity_capacity=capacity,
        max_school_share=max_school_share,
        min_schools=min_schools,
    )


@dataclass(frozen=True)
class Generated:
    """A generated request: the pool and the mix targets it was generated with."""

    pool: CandidatePool
    capacity: int | None
    max_school_share: float | None
    min_schools: int | None


def generated(seed: int, *, size: int, schools: int, groups: int, skew: float) -> Generated:
    """Random candidates (school sizes skewed by ``skew``: 0 = even), a few unavailable."""
    rng = random.Random(seed)
    weights = [rng.random() ** skew for _ in range(schools)]
    candidates = [
        candidate(
            1000 + i,
            rng.choices(range(1, schools + 1), weights)[0],
            sex=rng.choice(("F", "M", "F", "M", None)),
            niveau=rng.choice(NIVEAUX[5:10]),
            qpv=rng.choice(("oui", "non", "inconnu")),
            hours=rng.choice((0, 0, 1.5, 3, 8, 14)),
            school_hours=rng.choice((0, 1, 2)),
            status=rng.choice(("inscrit", "inscrit", "attente")),
        )
        for i in range(size)
    ]
    unavailable = {
        (c.id, g): "inscrit ailleurs"
        for c in candidates
        for g in range(groups)
        if rng.random() < 0.05
    }
    capacity = rng.choice((None, -(-size // groups), size // groups - 1))
    share = rng.choice((None, 0.5, 0.6))
    min_schools = rng.choice((None, 2, 3))
    return Generated(
        pool_of(candidates, groups, unavailable=unavailable),
        max(capacity, 3) if capacity is not None else None,
        share,
        min_schools,
    )


def planted(seed: int, *, groups: int, per_group: int, schools: int) -> CandidatePool:
    """Candidates built from a hidden feasible split: every group of ``per_group`` pupils has
    pupils of at least three schools, none above half; each pupil is free for its hidden group
    and for about half of the others."""
    rng = random.Random(seed)
    candidates: list[Candidate] = []
    unavailable: dict[tuple[int, int], str] = {}
    pupil = 1
    for group in range(groups):
        chosen = rng.sample(range(1, schools + 1), 3)
        members = [chosen[i % 3] for i in range(per_group)]
        for school in members:
            candidates.append(candidate(pupil, school, sex=rng.choice("FM")))
            for other in range(groups):
                if other != group and rng.random() < 0.5:
                    unavailable[(pupil, other)] = "inscrit ailleurs"
            pupil += 1
    return pool_of(candidates, groups, unavailable=unavailable)


def hard_problems(composition: Composition) -> list[str]:
    """Every hard target the composition misses, checked here from scratch."""
    problems: list[str] = []
    targets = composition.targets
    pool = composition.pool
    where: dict[int, int] = {}
    for group in composition.groups:
        ids = [p.candidate.id for p in group.placements]
        for pupil in ids:
            where[pupil] = group.index
            if not pool.is_available(pupil, group.index):
                problems.append(f"n° {pupil} pris ailleurs pendant le {group.name}")
        size = len(ids)
        capacity = targets.capacities[group.index]
        if capacity is not None and size > capacity:
            problems.append(f"{group.name} : {size} pour {capacity} places")
        if size == 0:
            problems.append(f"{group.name} vide")
            continue
        counts = Counter(p.candidate.establishment_id for p in group.placements)
        share = targets.max_school_share
        if share is not None and max(counts.values()) / size > share + 1e-12:
            problems.append(f"{group.name} : un établissement à {max(counts.values())}/{size}")
        if targets.min_schools is not None and len(counts) < targets.min_schools:
            problems.append(f"{group.name} : {len(counts)} établissements")
    for a, b in composition.settings.together:
        if where.get(a) != where.get(b):
            problems.append(f"n° {a} et n° {b} séparés")
    for a, b in composition.settings.apart:
        if a in where and where.get(a) == where.get(b):
            problems.append(f"n° {a} et n° {b} ensemble")
    placed = set(where)
    waiting = {p.candidate.id for p in composition.waiting}
    if placed & waiting or placed | waiting != {c.id for c in pool.candidates}:
        problems.append("placés et liste d'attente ne partagent pas exactement les candidats")
    return problems
