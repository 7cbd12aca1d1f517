"""Compose mixed groups: check, search, then score and explain the result.

:func:`compose_groups` reads an activity's candidates and proposes the groups;
:func:`compose` does the same on a :class:`~.candidates.CandidatePool` already in hand;
:func:`evaluate` scores and explains *any* assignment — the search's, or one the coordinator
changed by hand (the drag-and-drop window calls it after each move).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import cast

import numpy as np

from cites_app.db.database import Database
from cites_app.grouping.candidates import Candidate, CandidatePool, GroupingError, group_name
from cites_app.grouping.explain import ExplanationContext, explain_placed, explain_waiting
from cites_app.grouping.feasibility import check_request, verify
from cites_app.grouping.problem import (
    DEFAULT_SEED,
    GroupingSettings,
    Pair,
    encode,
    priority_key,
    resolve_targets,
)
from cites_app.grouping.result import (
    Composition,
    Placement,
    ProposedGroup,
    RandomComparison,
    RandomInterval,
)
from cites_app.grouping.search import solve
from cites_app.indicators import CountTable, random_baseline, segregation
from cites_app.scheduling.group_mix import GroupMix, group_mix

#: Random splits the composition is compared with (the issue asks for 1,000).
SHUFFLES = 1000


def compose_groups(
    database: Database,
    activity_id: int,
    *,
    groups: int,
    capacity: int | None = None,
    max_school_share: float | None = None,
    min_schools: int | None = None,
    together: Sequence[Pair] = (),
    apart: Sequence[Pair] = (),
    seed: int = DEFAULT_SEED,
    place_all: bool = False,
    since: datetime | None = None,
    group_sessions: Sequence[Sequence[int]] | None = None,
) -> Composition:
    """Propose ``groups`` groups for the candidates of an activity (see :class:`GroupingSettings`
    for the parameters; ``since`` — default now — is the date from which the activity's séances
    are shared between the groups, see :mod:`~.tracks`)."""
    from cites_app.grouping.loading import load_pool  # noqa: PLC0415 - keeps imports light

    settings = GroupingSettings(
        groups=groups,
        capacity=capacity,
        max_school_share=max_school_share,
        min_schools=min_schools,
        together=tuple((int(a), int(b)) for a, b in together),
        apart=tuple((int(a), int(b)) for a, b in apart),
        seed=seed,
        place_all=place_all,
    )
    settings.check()
    pool = load_pool(database, activity_id, groups, since=since, group_sessions=group_sessions)
    return compose(pool, settings)


def compose(pool: CandidatePool, settings: GroupingSettings) -> Composition:
    """Check the request by arithmetic, search, then :func:`evaluate` the groups found."""
    settings.check()
    if pool.groups != settings.groups:
        raise GroupingError(
            f"Les séances ont été préparées pour {pool.groups} groupes, pas {settings.groups}."
        )
    targets = resolve_targets(pool, settings)
    impossible = check_request(pool, settings, targets)
    if impossible:
        return Composition(
            pool=pool,
            settings=settings,
            targets=targets,
            groups=(),
            waiting=(),
            violations=tuple(impossible),
            notes=("Aucune répartition n'est proposée : la demande ne peut pas être satisfaite.",),
        )
    problem = encode(pool, settings, targets)
    found = solve(problem, settings.seed)
    assignment = {
        c.id: (int(g) if g >= 0 else None) for c, g in zip(pool.candidates, found, strict=True)
    }
    return evaluate(pool, settings, assignment)


def evaluate(
    pool: CandidatePool, settings: GroupingSettings, assignment: Mapping[int, int | None]
) -> Composition:
    """Indicators, random comparison, explanations and missed targets of an assignment
    (candidate id → group index, None or absent: waiting list)."""
    targets = resolve_targets(pool, settings)
    names = [group_name(g) for g in range(settings.groups)]
    members: list[list[Candidate]] = [[] for _ in range(settings.groups)]
    waiting: list[Candidate] = []
    for candidate in pool.candidates:
        group = assignment.get(candidate.id)
        if group is None:
            waiting.append(candidate)
        elif 0 <= group < settings.groups:
            members[group].append(candidate)
        else:
            raise GroupingError(f"Groupe n° {group} inconnu pour l'élève n° {candidate.id}.")
    waiting.sort(key=lambda c: (priority_key(c), c.id))
    mixes = [group_mix(group) for group in members]
    violations = verify(
        [(names[g], members[g], mixes[g], targets.capacities[g]) for g in range(settings.groups)],
        pool,
        settings,
        targets,
        waiting,
    )
    partners: dict[int, list[int]] = {}
    for a, b in settings.together:
        partners.setdefault(a, []).append(b)
        partners.setdefault(b, []).append(a)
    context = ExplanationContext(pool, targets, names, members, mixes, waiting, partners)
    baseline = _random_comparison(members, settings.seed)
    contact, h, h_local, per_group = _observed(members, mixes, baseline)
    groups = tuple(
        ProposedGroup(
            index=g,
            name=names[g],
            track=pool.tracks[g],
            capacity=targets.capacities[g],
            placements=tuple(Placement(c, g, explain_placed(c, g, context)) for c in members[g]),
            mix=mixes[g],
            h_local=h_local[g],
            random_contact_rate=per_group[g],
        )
        for g in range(settings.groups)
    )
    queue = tuple(
        Placement(c, None, explain_waiting(c, context), waiting_rank=rank)
        for rank, c in enumerate(waiting, start=1)
    )
    return Composition(
        pool=pool,
        settings=settings,
        targets=targets,
        groups=groups,
        waiting=queue,
        violations=tuple(violations),
        notes=tuple(_notes(pool, targets.capacities, members, waiting, bool(violations))),
        contact_rate=contact,
        h=h,
        random=baseline[0] if baseline else None,
        assignment={c.id: assignment.get(c.id) for c in pool.candidates},
    )


def move_pupil(composition: Composition, pupil_id: int, group: int | None) -> Composition:
    """The composition with one pupil moved to ``group`` (None: the waiting list), re-scored
    — what a drag and drop does; missed targets come back as violations."""
    if pupil_id not in composition.assignment:
        raise GroupingError(f"L'élève n° {pupil_id} n'est pas candidat à cette activité.")
    assignment = dict(composition.assignment)
    assignment[pupil_id] = group
    return evaluate(composition.pool, composition.settings, assignment)


_Baseline = tuple[RandomComparison, dict[int, RandomInterval]]


def _random_comparison(members: Sequence[Sequence[Candidate]], seed: int) -> _Baseline | None:
    """Seeded random splits of the placed pupils into groups of the same sizes."""
    units = [g for g, group in enumerate(members) for _ in group]
    if not units:
        return None
    schools = [c.establishment_id for group in members for c in group]
    baseline = random_baseline(units, schools, shuffles=SHUFFLES, seed=seed)
    rate = None
    if baseline.expected_mean_contact_rate is not None:
        interval = baseline.expected_mean_contact_rate
        samples = baseline.mean_contact_rate_samples
        p95 = float(np.nanpercentile(samples, 95))
        rate = RandomInterval(interval.mean, interval.low, p95, interval.high)
    h = baseline.expected_h
    comparison = RandomComparison(
        shuffles=SHUFFLES,
        seed=seed,
        contact_rate=rate,
        h=RandomInterval(h.mean, h.low, float(np.percentile(baseline.h_samples, 95)), h.high),
    )
    per_group: dict[int, RandomInterval] = {}
    expected = baseline.expected_contact_rates
    for position, unit in enumerate(baseline.units):
        mean = float(expected.mean[position])
        if not np.isnan(mean):
            per_group[cast(int, unit)] = RandomInterval(
                mean, float(expected.low[position]), None, float(expected.high[position])
            )
    return comparison, per_group


def _observed(
    members: Sequence[Sequence[Candidate]], mixes: Sequence[GroupMix], baseline: _Baseline | None
) -> tuple[float | None, float | None, list[float | None], list[RandomInterval | None]]:
    """Mean contact rate, ``H`` and each group's ``L_g / E`` (groups × schools)."""
    count = len(members)
    per_group: list[RandomInterval | None] = [
        None if baseline is None else baseline[1].get(g) for g in range(count)
    ]
    units = [g for g, group in enumerate(members) for _ in group]
    if not units:
        return None, None, [None] * count, per_group
    table = CountTable.from_records(units, [c.establishment_id for g in members for c in g])
    seg = segregation(table)
    local: list[float | None] = [None] * count
    for position, unit in enumerate(table.units):
        score = float(seg.local[position])
        local[cast(int, unit)] = score / seg.entropy if seg.entropy > 0 else 0.0
    sizes = np.array([len(g) for g in members], dtype=np.float64)
    rates = np.array([np.nan if mix.contact_rate is None else mix.contact_rate for mix in mixes])
    defined = sizes > 1
    contact = (
        float(np.dot(sizes[defined], rates[defined]) / sizes[defined].sum())
        if defined.any()
        else None
    )
    return contact, seg.theil_h, local, per_group


def _notes(
    pool: CandidatePool,
    capacities: Sequence[int | None],
    members: Sequence[Sequence[Candidate]],
    waiting: Sequence[Candidate],
    missed: bool,
) -> list[str]:
    notes: list[str] = []
    if missed:
        notes.append(
            "Aucune répartition respectant toutes les contraintes n'a été trouvée : les écarts "
            "restants sont listés."
        )
    total = len(pool.candidates)
    if all(c is not None for c in capacities):
        places = sum(c or 0 for c in capacities)
        if places < total:
            notes.append(
                f"{total} candidats pour {places} places : {total - places} "
                f"place{'s' if total - places > 1 else ''} "
                f"manque{'nt' if total - places > 1 else ''}, la liste d'attente suit l'ordre "
                "d'équité (heures suivies, établissements peu représentés, inscription)."
            )
    stuck = [
        c
        for c in pool.candidates
        if not any(pool.is_available(c.id, g) for g in range(len(members)))
    ]
    if stuck:
        notes.append(
            f"{len(stuck)} candidat{'s' if len(stuck) > 1 else ''} "
            f"{'sont pris' if len(stuck) > 1 else 'est pris'} ailleurs au même moment que "
            "les séances de chaque groupe."
        )
    if len(members) > 1 and pool.track_rule == "none" and pool.activity_id is not None:
        notes.append(
            "Aucune séance à venir ne peut être attribuée aux groupes : la composition peut être "
            "étudiée mais pas appliquée (créez d'abord les séances)."
        )
    return notes
