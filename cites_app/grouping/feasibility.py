"""Hard targets: impossibilities found by plain arithmetic before the search, and the targets a
proposal misses after it. Both come back as :class:`~.result.Violation` with French text and the
figures behind it — never as a silent best effort.

The arithmetic (necessary conditions, each explained to the coordinator):

* every group needs a pupil: at least as many available candidates as groups — more when the
  mix targets set a minimum size (``min_schools`` pupils; with a maximum share ``s``, the
  smallest ``n`` with ``⌊s·n⌋ ≥ 1``);
* ``min_schools`` needs that many schools among the candidates, groups with that many places,
  and ``Σ_k min(n_k, N) ≥ N × min_schools`` (a school of ``n_k`` candidates appears in at most
  ``n_k`` of the ``N`` groups);
* a maximum share ``s`` needs at least ``⌈n / ⌊s·n⌋⌉`` schools in a group of ``n``;
* pupils kept together must fit in one group and share a group they are all free for, and may
  not also be asked apart;
* with ``place_all``: enough places for every candidate, every candidate free for some group, and
  no school with more candidates than the share allows it across the groups.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

from cites_app.grouping.candidates import Candidate, CandidatePool
from cites_app.grouping.problem import GroupingSettings, Targets, share_limit, together_blocks
from cites_app.grouping.result import Violation
from cites_app.scheduling.group_mix import GroupMix, check_mix_targets


def _plural(count: int, word: str, plural: str | None = None) -> str:
    return f"{count} {word if count == 1 else plural or word + 's'}"


def _percent(share: float) -> str:
    return f"{round(share * 100)} %"


def _pupils(ids: Sequence[int]) -> str:
    names = [f"n° {i}" for i in ids]
    return "Les élèves " + (", ".join(names[:-1]) + " et " + names[-1])


def check_request(
    pool: CandidatePool, settings: GroupingSettings, targets: Targets
) -> list[Violation]:
    """Targets that cannot hold whatever the groups, found by arithmetic."""
    found = _pair_problems(pool, settings, targets)
    groups = settings.groups
    free = [c for c in pool.candidates if any(pool.is_available(c.id, g) for g in range(groups))]
    caps = [c for c in targets.capacities if c is not None]
    largest_cap = max(caps) if len(caps) == groups else None
    schools = Counter(c.establishment_id for c in free)
    found += _size_problems(len(free), len(schools), groups, targets, largest_cap)
    # One reason per target is enough: the size already explains the school shortfall.
    reported = {v.constraint for v in found}
    found += [
        v
        for v in _school_problems(schools, groups, targets, largest_cap)
        if v.constraint not in reported
    ]
    if settings.place_all:
        found += _place_all_problems(pool, free, groups, targets)
    return found


def _pair_problems(
    pool: CandidatePool, settings: GroupingSettings, targets: Targets
) -> list[Violation]:
    found: list[Violation] = []
    known = {c.id for c in pool.candidates}
    for kind, pairs in (("together", settings.together), ("apart", settings.apart)):
        for a, b in pairs:
            for pupil in (a, b):
                if pupil not in known:
                    found.append(
                        Violation(
                            kind,
                            f"L'élève n° {pupil} n'est pas candidat à « {pool.activity_title} » : "
                            f"la paire (n° {a}, n° {b}) ne peut pas être respectée.",
                        )
                    )
    ids = [c.id for c in pool.candidates]
    index = {pupil: i for i, pupil in enumerate(ids)}
    known_pairs = [(index[a], index[b]) for a, b in settings.together if a in index and b in index]
    component: dict[int, list[int]] = {}
    for block in together_blocks(known_pairs, len(ids)):
        members = [ids[i] for i in block]
        for i in block:
            component[ids[i]] = members
        caps = [c for c in targets.capacities if c is not None]
        if len(caps) == settings.groups and len(members) > max(caps):
            found.append(
                Violation(
                    "together",
                    f"{_pupils(members)} doivent rester ensemble, mais un groupe n'a que "
                    f"{_plural(max(caps), 'place')}.",
                    needed=len(members),
                    available=max(caps),
                )
            )
        common = [
            g
            for g in range(settings.groups)
            if all(pool.is_available(pupil, g) for pupil in members)
        ]
        if not common and settings.place_all:
            found.append(
                Violation(
                    "together",
                    f"{_pupils(members)} doivent rester ensemble, mais aucun groupe ne convient "
                    "à tous (séances en même temps qu'une autre activité de l'un d'eux).",
                )
            )
    for a, b in settings.apart:
        if a in component and b in component.get(a, ()):
            found.append(
                Violation(
                    "apart",
                    f"Les élèves n° {a} et n° {b} doivent à la fois rester ensemble et être "
                    "séparés.",
                )
            )
    return found


def smallest_group(share: float | None) -> int:
    """Fewest pupils a group may hold so that one school stays within ``share`` of it."""
    if share is None:
        return 1
    return next(n for n in range(1, 10_000) if share_limit(share, n) >= 1)


def _schools_needed(share: float, largest_cap: int | None) -> int:
    """Fewest schools a non-empty group needs under ``share`` (over the sizes allowed)."""
    start = smallest_group(share)
    stop = max(start, largest_cap if largest_cap is not None else start + 200)
    return min(math.ceil(n / share_limit(share, n)) for n in range(start, stop + 1))


def _size_problems(
    free: int, school_count: int, groups: int, targets: Targets, largest_cap: int | None
) -> list[Violation]:
    share, min_schools = targets.max_school_share, targets.min_schools
    by_share = smallest_group(share)
    least = max(1, min_schools or 1, by_share)
    if largest_cap is not None and share is not None and largest_cap < by_share:
        return [
            Violation(
                "max_school_share",
                f"Avec au plus {_percent(share)} d'élèves d'un même établissement, un groupe "
                f"doit compter au moins {_plural(by_share, 'élève')}, mais un groupe n'a que "
                f"{_plural(largest_cap, 'place')}.",
                needed=by_share,
                available=largest_cap,
            )
        ]
    if free >= groups * least:
        return []
    if least == 1:
        return [
            Violation(
                "groups",
                f"Il faut au moins un élève par groupe : {groups} groupes demandés pour "
                f"{_plural(free, 'candidat disponible', 'candidats disponibles')}.",
                needed=groups,
                available=free,
            )
        ]
    why = (
        f"{_plural(least, 'établissement')} différents"
        if least == (min_schools or 1)
        else f"pas plus de {_percent(share or 1)} d'un même établissement"
    )
    return [
        Violation(
            "min_schools" if least == (min_schools or 1) else "max_school_share",
            f"Il faut au moins {least} élèves par groupe ({why}), soit {groups * least} pour "
            f"{groups} groupes, mais il n'y a que "
            f"{_plural(free, 'candidat disponible', 'candidats disponibles')}.",
            needed=groups * least,
            available=free,
        )
    ]


def _school_problems(
    schools: Counter[int | None], groups: int, targets: Targets, largest_cap: int | None
) -> list[Violation]:
    found: list[Violation] = []
    count = len(schools)
    share, min_schools = targets.max_school_share, targets.min_schools
    if min_schools is not None and min_schools > 1:
        if count < min_schools:
            found.append(
                Violation(
                    "min_schools",
                    f"Il faudrait au moins {min_schools} établissements par groupe, mais "
                    f"{'seul un établissement a' if count == 1 else f'seuls {count} établissements ont'}"
                    " des candidats.",
                    needed=min_schools,
                    available=count,
                )
            )
        elif largest_cap is not None and largest_cap < min_schools:
            found.append(
                Violation(
                    "min_schools",
                    f"Un groupe de {_plural(largest_cap, 'place')} ne peut pas réunir "
                    f"{min_schools} établissements.",
                    needed=min_schools,
                    available=largest_cap,
                )
            )
        else:
            presences = sum(min(n, groups) for n in schools.values())
            if presences < groups * min_schools:
                found.append(
                    Violation(
                        "min_schools",
                        f"Pour réunir {min_schools} établissements dans chacun des {groups} "
                        f"groupes, il faut {groups * min_schools} présences d'établissements "
                        f"({min_schools} × {groups}) ; les candidats n'en permettent que "
                        f"{presences}, car un établissement de n candidats ne peut être présent "
                        "que dans n groupes au plus.",
                        needed=groups * min_schools,
                        available=presences,
                    )
                )
    if share is not None and share < 1 and count:
        needed = _schools_needed(share, largest_cap)
        if count < needed:
            found.append(
                Violation(
                    "max_school_share",
                    f"Aucun établissement ne doit dépasser {_percent(share)} d'un groupe : il "
                    f"faut donc au moins {needed} établissements par groupe, mais "
                    f"{'seul un établissement a' if count == 1 else f'seuls {count} établissements ont'}"
                    " des candidats.",
                    needed=needed,
                    available=count,
                )
            )
    return found


def _place_all_problems(
    pool: CandidatePool, free: list[Candidate], groups: int, targets: Targets
) -> list[Violation]:
    found: list[Violation] = []
    total = len(pool.candidates)
    stuck = total - len(free)
    if stuck:
        found.append(
            Violation(
                "availability",
                f"{_plural(stuck, 'candidat')} n'{'a' if stuck == 1 else 'ont'} aucun groupe "
                "possible (inscrits ailleurs au même moment que les séances) : tous les "
                "candidats ne peuvent pas être placés.",
                needed=total,
                available=len(free),
            )
        )
    if all(c is not None for c in targets.capacities):
        places = sum(c or 0 for c in targets.capacities)
        if places < total:
            found.append(
                Violation(
                    "capacity",
                    f"{_plural(total - places, 'place manque', 'places manquent')} pour les "
                    f"{total} candidats ({_plural(places, 'place')} dans "
                    f"{_plural(groups, 'groupe')}).",
                    needed=total,
                    available=places,
                )
            )
    share = targets.max_school_share
    if share is not None and all(c is not None for c in targets.capacities):
        room = sum(share_limit(share, c or 0) for c in targets.capacities)
        names = {c.establishment_id: c.school_label for c in pool.candidates}
        for school, n in Counter(c.establishment_id for c in pool.candidates).most_common():
            if n > room:
                found.append(
                    Violation(
                        "max_school_share",
                        f"{names[school]} a {n} candidats, mais au plus {room} peuvent être "
                        f"placés ({_percent(share)} au plus de chaque groupe).",
                        needed=n,
                        available=room,
                    )
                )
    return found


def verify(
    groups: Sequence[tuple[str, Sequence[Candidate], GroupMix, int | None]],
    pool: CandidatePool,
    settings: GroupingSettings,
    targets: Targets,
    waiting: Sequence[Candidate],
) -> list[Violation]:
    """Targets a proposal misses: ``groups`` is ``(name, members, mix, capacity)`` per group."""
    found: list[Violation] = []
    where: dict[int, int] = {}
    for index, (name, members, mix, capacity) in enumerate(groups):
        for member in members:
            where[member.id] = index
            if not pool.is_available(member.id, index):
                found.append(
                    Violation(
                        "availability",
                        f"{name} : l'élève n° {member.id} est "
                        f"{pool.unavailable[(member.id, index)]}.",
                        group=name,
                    )
                )
        if capacity is not None and mix.size > capacity:
            found.append(
                Violation(
                    "capacity",
                    f"{name} : {mix.size} élèves pour {_plural(capacity, 'place')}.",
                    needed=mix.size,
                    available=capacity,
                    group=name,
                )
            )
        if mix.size == 0:
            found.append(Violation("groups", f"{name} est vide.", group=name))
            continue
        share, least = targets.max_school_share, targets.min_schools
        for message in check_mix_targets(mix, share, None):
            largest = mix.largest_school
            found.append(
                Violation(
                    "max_school_share",
                    f"{name} : {message}",
                    needed=share,
                    available=None if largest is None else largest.share,
                    group=name,
                )
            )
        for message in check_mix_targets(mix, None, least):
            found.append(
                Violation(
                    "min_schools",
                    f"{name} : {message}",
                    needed=least,
                    available=mix.schools_represented,
                    group=name,
                )
            )
    for a, b in settings.together:
        if where.get(a) != where.get(b):
            found.append(
                Violation("together", f"Les élèves n° {a} et n° {b} ne sont pas ensemble.")
            )
    for a, b in settings.apart:
        if a in where and where.get(a) == where.get(b):
            found.append(
                Violation("apart", f"Les élèves n° {a} et n° {b} sont dans le même groupe.")
            )
    if settings.place_all and waiting:
        found.append(
            Violation(
                "capacity",
                f"{_plural(len(waiting), 'candidat reste', 'candidats restent')} en liste "
                "d'attente alors que tous doivent être placés.",
                needed=len(pool.candidates),
                available=len(pool.candidates) - len(waiting),
            )
        )
    return found
