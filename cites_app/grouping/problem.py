"""The request (:class:`GroupingSettings`), the fairness order, and the pool encoded as arrays
for the search.

Fairness — who comes first when places are short — is a strict order of *tiers*, compared in
this order: whole hours the pupil attended this school year (fewer first), whole hours per pupil
of the pupil's school this year (under-represented schools first), then the current registration
(registered pupils before the waiting list, the waiting list by rank). Pupils in the same tier
are interchangeable for fairness: the mix decides between them.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from cites_app.grouping.candidates import Candidate, CandidatePool, GroupingError
from cites_app.models.vocabulary import NIVEAUX

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

DEFAULT_SEED = 20_240_901
Pair = tuple[int, int]


@dataclass(frozen=True)
class MixWeights:
    """Weights of the mix objective (per group, summed over groups; see :mod:`~.search`).

    ``contact`` weighs the cross-school contact rate, ``sex`` / ``niveau`` / ``qpv`` the
    balance of each attribute between groups, ``size`` the balance of group sizes.
    """

    contact: float = 1.0
    sex: float = 0.3
    niveau: float = 0.2
    qpv: float = 0.3
    size: float = 1.0


@dataclass(frozen=True)
class GroupingSettings:
    """What the coordinator asks for.

    ``capacity`` (places per group), ``max_school_share`` and ``min_schools`` default to the
    activity's (``None``); to lift an activity's target pass ``1.0`` / ``1``. ``together`` and
    ``apart`` are pairs of pupil ids. With ``place_all`` every candidate must be placed (no
    waiting list): missing places then make the request infeasible.
    """

    groups: int
    capacity: int | None = None
    max_school_share: float | None = None
    min_schools: int | None = None
    together: tuple[Pair, ...] = ()
    apart: tuple[Pair, ...] = ()
    seed: int = DEFAULT_SEED
    place_all: bool = False
    weights: MixWeights = field(default_factory=MixWeights)

    def check(self) -> None:
        """Refuse values that make no sense (French :class:`GroupingError`)."""
        if self.groups < 1:
            raise GroupingError("Il faut au moins un groupe.")
        if self.capacity is not None and self.capacity < 1:
            raise GroupingError("La capacité d'un groupe doit être d'au moins une place.")
        share = self.max_school_share
        if share is not None and not 0 < share <= 1:
            raise GroupingError(
                "La part maximale d'un établissement doit être comprise entre 0 et 1 "
                "(par exemple 0.5 pour 50 %)."
            )
        if self.min_schools is not None and self.min_schools < 1:
            raise GroupingError("Le nombre minimal d'établissements doit être d'au moins 1.")
        for a, b in (*self.together, *self.apart):
            if a == b:
                raise GroupingError(f"La paire (élève n° {a}, élève n° {b}) répète le même élève.")


@dataclass(frozen=True)
class Targets:
    """The hard targets once the activity's defaults are applied."""

    capacities: tuple[int | None, ...]
    max_school_share: float | None
    min_schools: int | None


def resolve_targets(pool: CandidatePool, settings: GroupingSettings) -> Targets:
    """Capacity of each group (the request's, else the track's séances', else the activity's)
    and the mix targets (the request's, else the activity's)."""
    capacities = tuple(
        settings.capacity
        if settings.capacity is not None
        else track.capacity
        if track.capacity is not None
        else pool.activity_capacity
        for track in pool.tracks
    )
    share = settings.max_school_share
    if share is None:
        share = pool.max_school_share
    min_schools = settings.min_schools if settings.min_schools is not None else pool.min_schools
    return Targets(capacities, share, min_schools)


def share_limit(share: float | None, size: int) -> int:
    """Most pupils of one school a group of ``size`` may hold (``c / size <= share``)."""
    if share is None:
        return size
    return math.floor(share * size + 1e-9)


def priority_key(candidate: Candidate) -> tuple[int, int, int, int]:
    """The fairness order (smaller first); see the module docstring."""
    return (
        math.floor(candidate.hours_so_far + 1e-9),
        math.floor(candidate.school_hours_per_pupil + 1e-9),
        1 if candidate.status == "attente" else 0,
        candidate.waiting_rank or 0,
    )


def fairness_tiers(candidates: Sequence[Candidate]) -> IntArray:
    """Tier of each candidate (0 = first served); equal keys share a tier."""
    keys = [priority_key(c) for c in candidates]
    rank = {key: index for index, key in enumerate(sorted(set(keys)))}
    return np.array([rank[key] for key in keys], dtype=np.int64)


@dataclass(frozen=True, eq=False)
class SearchProblem:
    """The pool as small integer codes, for :func:`~cites_app.grouping.search.solve`.

    Pupil ``i`` is ``pool.candidates[i]``. ``available[i, g]``: may join group ``g``;
    ``capacity[g]``: places (the number of candidates when unlimited); ``blocks``: groups of
    pupils that must stay together (two or more); ``apart[i]``: pupils that may not share its
    group; ``fair_cost[i]``: what leaving it on the waiting list costs (higher = served first).
    """

    school: IntArray
    sex: IntArray
    niveau: IntArray
    qpv: IntArray
    n_schools: int
    n_niveaux: int
    available: BoolArray
    capacity: IntArray
    blocks: tuple[tuple[int, ...], ...]
    apart: tuple[tuple[int, ...], ...]
    fair_cost: IntArray
    max_share: float | None
    min_schools: int | None
    place_all: bool
    weights: MixWeights

    @property
    def size(self) -> int:
        """Number of candidates."""
        return len(self.school)

    @property
    def groups(self) -> int:
        """Number of groups."""
        return int(self.available.shape[1])


_SEX_CODES = {"F": 0, "M": 1}
_QPV_CODES = {"oui": 0, "non": 1}


def encode(pool: CandidatePool, settings: GroupingSettings, targets: Targets) -> SearchProblem:
    """Encode the pool; pairs naming a non-candidate are left out (feasibility reports them)."""
    candidates = pool.candidates
    n = len(candidates)
    index = {c.id: i for i, c in enumerate(candidates)}
    schools: dict[int | None, int] = {}
    school = [schools.setdefault(c.establishment_id, len(schools)) for c in candidates]
    niveau_code = {niveau: i for i, niveau in enumerate(NIVEAUX)}
    available = np.ones((n, pool.groups), dtype=np.bool_)
    for pupil_id, group in pool.unavailable:
        if pupil_id in index and 0 <= group < pool.groups:
            available[index[pupil_id], group] = False
    tiers = fairness_tiers(candidates)
    top = int(tiers.max()) + 1 if n else 0
    apart: list[list[int]] = [[] for _ in range(n)]
    for a, b in settings.apart:
        if a in index and b in index:
            apart[index[a]].append(index[b])
            apart[index[b]].append(index[a])
    return SearchProblem(
        school=np.array(school, dtype=np.int64),
        sex=np.array([_SEX_CODES.get(c.sex or "", 2) for c in candidates], dtype=np.int64),
        niveau=np.array(
            [niveau_code.get(c.niveau or "", len(NIVEAUX)) for c in candidates], dtype=np.int64
        ),
        qpv=np.array([_QPV_CODES.get(c.qpv, 2) for c in candidates], dtype=np.int64),
        n_schools=max(1, len(schools)),
        n_niveaux=len(NIVEAUX) + 1,
        available=available,
        capacity=np.array([n if c is None else c for c in targets.capacities], dtype=np.int64),
        blocks=together_blocks(
            [(index[a], index[b]) for a, b in settings.together if a in index and b in index], n
        ),
        apart=tuple(tuple(sorted(set(partners))) for partners in apart),
        fair_cost=(top - tiers).astype(np.int64),
        max_share=targets.max_school_share,
        min_schools=targets.min_schools,
        place_all=settings.place_all,
        weights=settings.weights,
    )


def together_blocks(pairs: Sequence[Pair], n: int) -> tuple[tuple[int, ...], ...]:
    """Connected components (two or more members) of the "together" pairs, over ``0..n-1``."""
    parent = list(range(n))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for a, b in pairs:
        root_a, root_b = find(a), find(b)
        if root_a != root_b:
            parent[max(root_a, root_b)] = min(root_a, root_b)
    members: dict[int, list[int]] = {}
    for i in range(n):
        members.setdefault(find(i), []).append(i)
    return tuple(tuple(group) for group in members.values() if len(group) > 1)
