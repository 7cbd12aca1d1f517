"""The mix of a group being composed, shown live on the registration screen (pure functions).

From light pupil rows: schools represented and the largest school's share, girls and boys, QPV
share, niveaux, and the cross-school contact rate (the indicator engine's
:func:`~cites_app.indicators.within_unit.contact_rate`); then a check against the activity's
mix targets (no school above a share of the group, at least a number of schools).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from cites_app.indicators.within_unit import contact_rate
from cites_app.models.vocabulary import NIVEAUX

UNKNOWN_SCHOOL = "Établissement non renseigné"


class MixPupil(Protocol):
    """What the mix reads of a pupil (``PupilRow`` qualifies)."""

    @property
    def establishment_id(self) -> int | None: ...
    @property
    def establishment_name(self) -> str | None: ...
    @property
    def sex(self) -> str | None: ...
    @property
    def qpv(self) -> str: ...
    @property
    def niveau(self) -> str | None: ...


@dataclass(frozen=True)
class SchoolShare:
    """Pupils of one school in the group."""

    establishment_id: int | None
    name: str
    count: int
    share: float


@dataclass(frozen=True)
class GroupMix:
    """The mix of a group; shares are fractions of ``size`` (None for an empty group).

    ``schools`` is sorted by decreasing count; ``qpv_share`` counts pupils flagged "oui" among
    all, ``qpv_unknown`` those whose flag is unknown; ``contact_rate`` is None below 2 pupils.
    """

    size: int
    schools: list[SchoolShare]
    girls: int
    boys: int
    sex_unknown: int
    qpv_yes: int
    qpv_unknown: int
    niveaux: dict[str, int]
    contact_rate: float | None

    @property
    def schools_represented(self) -> int:
        """Number of schools with at least one pupil."""
        return len(self.schools)

    @property
    def largest_school(self) -> SchoolShare | None:
        """The school with the most pupils (None for an empty group)."""
        return self.schools[0] if self.schools else None

    @property
    def largest_school_share(self) -> float | None:
        """Share of the largest school."""
        return self.schools[0].share if self.schools else None

    @property
    def qpv_share(self) -> float | None:
        """Share of pupils living in a QPV (flag "oui")."""
        return self.qpv_yes / self.size if self.size else None

    @property
    def girls_share(self) -> float | None:
        """Share of girls."""
        return self.girls / self.size if self.size else None


def group_mix(pupils: Iterable[MixPupil]) -> GroupMix:
    """Compute the mix of ``pupils``."""
    rows = list(pupils)
    size = len(rows)
    by_school: Counter[int | None] = Counter(row.establishment_id for row in rows)
    names: dict[int | None, str] = {}
    for row in rows:
        names.setdefault(row.establishment_id, row.establishment_name or UNKNOWN_SCHOOL)
    schools = sorted(
        (SchoolShare(est, names[est], count, count / size) for est, count in by_school.items()),
        key=lambda s: (-s.count, s.name),
    )
    sexes = Counter(row.sex for row in rows)
    qpv = Counter(row.qpv for row in rows)
    order = {niveau: rank for rank, niveau in enumerate(NIVEAUX)}
    niveau_counts = Counter(row.niveau or "?" for row in rows)
    return GroupMix(
        size=size,
        schools=schools,
        girls=sexes["F"],
        boys=sexes["M"],
        sex_unknown=size - sexes["F"] - sexes["M"],
        qpv_yes=qpv["oui"],
        qpv_unknown=size - qpv["oui"] - qpv["non"],
        niveaux=dict(sorted(niveau_counts.items(), key=lambda i: order.get(i[0], len(order)))),
        contact_rate=contact_rate([s.count for s in schools]) if schools else None,
    )


def _percent(share: float) -> str:
    return f"{round(share * 100)} %"


def check_mix_targets(
    mix: GroupMix, max_school_share: float | None, min_schools: int | None
) -> list[str]:
    """French messages, one per mix target the group does not meet (empty: all met).

    An empty group is not judged.
    """
    messages: list[str] = []
    if mix.size == 0:
        return messages
    largest = mix.largest_school
    if max_school_share is not None and largest is not None and largest.share > max_school_share:
        messages.append(
            f"{largest.name} représente {_percent(largest.share)} du groupe "
            f"({largest.count} élève{'s' if largest.count > 1 else ''} sur {mix.size}) : "
            f"l'objectif est qu'aucun établissement ne dépasse {_percent(max_school_share)}."
        )
    if min_schools is not None and mix.schools_represented < min_schools:
        count = mix.schools_represented
        messages.append(
            f"{count} établissement{'s' if count > 1 else ''} représenté{'s' if count > 1 else ''} "
            f": l'objectif est d'en réunir au moins {min_schools}."
        )
    return messages


def describe_mix(mix: GroupMix) -> str:
    """One French line for the registration screen's status bar."""
    if mix.size == 0:
        return "Groupe vide."
    parts = [f"{mix.size} élève{'s' if mix.size > 1 else ''}"]
    largest = mix.largest_school
    assert largest is not None
    parts.append(
        f"{mix.schools_represented} établissement{'s' if mix.schools_represented > 1 else ''} "
        f"(le plus représenté : {largest.name}, {_percent(largest.share)})"
    )
    parts.append(
        f"{mix.girls} fille{'s' if mix.girls > 1 else ''}, {mix.boys} garçon{'s' if mix.boys > 1 else ''}"
    )
    qpv = f"QPV : {_percent(mix.qpv_yes / mix.size)}"
    if mix.qpv_unknown:
        qpv += f" ({mix.qpv_unknown} inconnu{'s' if mix.qpv_unknown > 1 else ''})"
    parts.append(qpv)
    parts.append(", ".join(f"{niveau} : {count}" for niveau, count in mix.niveaux.items()))
    return " · ".join(parts)
