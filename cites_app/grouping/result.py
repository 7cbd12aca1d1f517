"""What a composition proposes: groups with their indicators, the waiting list, the comparison
with random allocation, and the hard targets that could not be met (with figures)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from cites_app.grouping.candidates import Candidate, CandidatePool, GroupTrack
from cites_app.grouping.problem import GroupingSettings, Targets
from cites_app.scheduling.group_mix import GroupMix

#: Codes of the constraints a :class:`Violation` names.
CONSTRAINTS: dict[str, str] = {
    "groups": "nombre de groupes",
    "capacity": "places",
    "max_school_share": "part maximale d'un établissement",
    "min_schools": "nombre minimal d'établissements",
    "availability": "séances en même temps",
    "together": "élèves à garder ensemble",
    "apart": "élèves à séparer",
}


@dataclass(frozen=True)
class Violation:
    """A hard target that cannot hold (before the search) or does not hold (after it).

    ``needed`` and ``available`` give the arithmetic when there is one (« il faudrait 72 … ;
    les candidats n'en permettent que 60 »); ``group`` names the group concerned, if one.
    """

    constraint: str
    message: str
    needed: float | None = None
    available: float | None = None
    group: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "constraint": self.constraint,
            "label": CONSTRAINTS.get(self.constraint, self.constraint),
            "message": self.message,
            "needed": self.needed,
            "available": self.available,
            "group": self.group,
        }


@dataclass(frozen=True)
class Placement:
    """Where a candidate ends up (``group`` None: waiting list, with its rank) and why."""

    candidate: Candidate
    group: int | None
    explanation: str
    waiting_rank: int | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (no names: ids, school and the mix attributes only)."""
        c = self.candidate
        return {
            "id": c.id,
            "uai": c.uai,
            "sex": c.sex,
            "niveau": c.niveau,
            "qpv": c.qpv,
            "hours_so_far": round(c.hours_so_far, 2),
            "waiting_rank": self.waiting_rank,
            "explanation": self.explanation,
        }


@dataclass(frozen=True)
class RandomInterval:
    """A figure under random allocation: mean, 2.5 %, 95 % and 97.5 % percentiles (the 95th
    is computed for the whole composition, not for each group)."""

    mean: float
    low: float
    p95: float | None
    high: float


@dataclass(frozen=True)
class ProposedGroup:
    """One group: its séances, its pupils, its mix, and what chance would give.

    ``h_local`` is the group's local segregation score divided by the entropy of the schools
    (``L_g / E``: 0 when the group mirrors the schools of all placed pupils; the size-weighted
    mean over groups is the composition's ``H``). ``random_contact_rate`` is the group's
    contact rate over random splits of the same pupils into groups of the same sizes.
    """

    index: int
    name: str
    track: GroupTrack
    capacity: int | None
    placements: tuple[Placement, ...]
    mix: GroupMix
    h_local: float | None
    random_contact_rate: RandomInterval | None

    @property
    def contact_rate(self) -> float | None:
        """Cross-school contact rate (None below two pupils)."""
        return self.mix.contact_rate

    @property
    def pupils(self) -> tuple[Candidate, ...]:
        """The group's pupils, by id."""
        return tuple(p.candidate for p in self.placements)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        mix = self.mix
        rand = self.random_contact_rate
        return {
            "name": self.name,
            "session_ids": list(self.track.session_ids),
            "sessions": self.track.description,
            "capacity": self.capacity,
            "size": mix.size,
            "pupils": [p.to_dict() for p in self.placements],
            "contact_rate": mix.contact_rate,
            "H": self.h_local,
            "schools": mix.schools_represented,
            "largest_school_share": mix.largest_school_share,
            "girls": mix.girls,
            "boys": mix.boys,
            "qpv_share": mix.qpv_share,
            "niveaux": mix.niveaux,
            "random_contact_rate": None
            if rand is None
            else {"mean": rand.mean, "low": rand.low, "p95": rand.p95, "high": rand.high},
        }


@dataclass(frozen=True)
class RandomComparison:
    """The composition's mean contact rate and ``H`` beside 1,000 seeded random splits of the
    same placed pupils into groups of the same sizes."""

    shuffles: int
    seed: int
    contact_rate: RandomInterval | None
    h: RandomInterval

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (the keys the CLI promises first)."""
        rate = self.contact_rate
        return {
            "contact_rate_mean": None if rate is None else rate.mean,
            "contact_rate_p95": None if rate is None else rate.p95,
            "H_mean": self.h.mean,
            "H_p95": self.h.p95,
            "shuffles": self.shuffles,
            "seed": self.seed,
        }


@dataclass(frozen=True)
class Composition:
    """A proposal: groups, waiting list (by rank), violations, notes, the random comparison.

    ``feasible`` is False when a hard target cannot hold or was not met: ``violations`` then
    say which and by how much, and :func:`~cites_app.grouping.apply.apply_composition` refuses
    it. ``assignment`` maps every candidate id to its group index (None: waiting), which is
    what a hand-made change edits before :func:`~cites_app.grouping.compose.evaluate` re-scores.
    """

    pool: CandidatePool
    settings: GroupingSettings
    targets: Targets
    groups: tuple[ProposedGroup, ...]
    waiting: tuple[Placement, ...]
    violations: tuple[Violation, ...]
    notes: tuple[str, ...] = ()
    contact_rate: float | None = None
    h: float | None = None
    random: RandomComparison | None = None
    assignment: dict[int, int | None] = field(default_factory=dict)

    @property
    def feasible(self) -> bool:
        """Whether every hard target holds."""
        return not self.violations

    @property
    def beats_chance(self) -> bool | None:
        """Whether the mean contact rate is above the 95th percentile of random splits."""
        rate = None if self.random is None else self.random.contact_rate
        if rate is None or rate.p95 is None or self.contact_rate is None:
            return None
        return self.contact_rate > rate.p95

    def to_dict(self) -> dict[str, Any]:
        """The JSON of ``cites-app groups compose --json``."""
        targets = self.targets
        return {
            "activity_id": self.pool.activity_id,
            "activity": self.pool.activity_title,
            "feasible": self.feasible,
            "groups": [g.to_dict() for g in self.groups],
            "waiting": [p.to_dict() for p in self.waiting],
            "contact_rate": self.contact_rate,
            "H": self.h,
            "random": None if self.random is None else self.random.to_dict(),
            "violations": [v.to_dict() for v in self.violations],
            "notes": list(self.notes),
            "settings": {
                "groups": self.settings.groups,
                "capacities": list(targets.capacities),
                "max_school_share": targets.max_school_share,
                "min_schools": targets.min_schools,
                "together": [list(p) for p in self.settings.together],
                "apart": [list(p) for p in self.settings.apart],
                "seed": self.settings.seed,
                "place_all": self.settings.place_all,
                "sessions_rule": self.pool.track_rule,
                "since": None if self.pool.since is None else self.pool.since.isoformat(),
            },
        }
