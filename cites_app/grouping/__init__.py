"""Compose mixed groups for an activity: the optimiser behind « Composer les groupes ».

Plain Python (no Qt), usable from the CLI and the window:

* :func:`compose_groups` — read an activity's candidates and propose N groups (or one group and
  a waiting list) that respect the hard targets (capacity, the activity's mix targets, séances
  elsewhere at the same time, pupils kept together or apart), then mix best (cross-school
  contact rate; girls/boys, niveaux and QPV balanced between groups; sizes even), with fairness
  deciding who waits when places are short. Deterministic for a given seed.
* :func:`compose` / :func:`evaluate` / :func:`move_pupil` — the same on a
  :class:`CandidatePool` in hand, and the scoring of any assignment (a hand-made change, such
  as a drag and drop, re-scored live).
* :func:`apply_composition` — write the registrations and the waiting list in one transaction,
  audit-logged.

Modules: :mod:`~.candidates` (the pool), :mod:`~.loading` (reading it), :mod:`~.tracks` (which
séances each group gets), :mod:`~.problem` (request, fairness, encoding), :mod:`~.feasibility`
(impossibilities explained), :mod:`~.search` (the local search and why it is one),
:mod:`~.explain` (one line per pupil), :mod:`~.compose`, :mod:`~.apply`, :mod:`~.result`.
"""

from cites_app.grouping.apply import STALE_COMPOSITION, ApplyOutcome, apply_composition
from cites_app.grouping.candidates import (
    TRACK_RULES,
    Candidate,
    CandidatePool,
    GroupingError,
    GroupTrack,
    group_name,
)
from cites_app.grouping.compose import SHUFFLES, compose, compose_groups, evaluate, move_pupil
from cites_app.grouping.loading import load_pool
from cites_app.grouping.problem import DEFAULT_SEED, GroupingSettings, MixWeights, Targets
from cites_app.grouping.result import (
    CONSTRAINTS,
    Composition,
    Placement,
    ProposedGroup,
    RandomComparison,
    RandomInterval,
    Violation,
)

__all__ = [
    "CONSTRAINTS",
    "DEFAULT_SEED",
    "SHUFFLES",
    "STALE_COMPOSITION",
    "TRACK_RULES",
    "ApplyOutcome",
    "Candidate",
    "CandidatePool",
    "Composition",
    "GroupTrack",
    "GroupingError",
    "GroupingSettings",
    "MixWeights",
    "Placement",
    "ProposedGroup",
    "RandomComparison",
    "RandomInterval",
    "Targets",
    "Violation",
    "apply_composition",
    "compose",
    "compose_groups",
    "evaluate",
    "group_name",
    "load_pool",
    "move_pupil",
]
