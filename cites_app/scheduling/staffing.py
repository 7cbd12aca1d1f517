"""Staffing ratio of a séance (DESIGN.md §3): adults needed for the children registered.

Accueils de loisirs of at most 5 hours: 1 adult per ``ratio_under_6`` children under 6 (10 by
default) and 1 per ``ratio_6_and_over`` children aged 6 or more (14 by default); both ratios are
settings. A mixed group needs ``ceil(under_6 / r₁ + six_and_over / r₂)`` adults: each child
takes its share of an adult, and only the total is rounded up.

A child's age is taken on the day of the séance from the birth date; with only a birth year,
the child is assumed to have its birthday on 31 December (the younger assumption, so the ratio
is never under-estimated); without either, maternelle niveaux (PS, MS, GS) count as under 6.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from cites_app.scheduling.conflict_queries import Member

_MATERNELLE = frozenset(("PS", "MS", "GS"))


def age_on(day: date, birth_date: date | None, birth_year: int | None) -> int | None:
    """Age in whole years on ``day``; with a year only, the younger possible age."""
    if birth_date is not None:
        before_birthday = (day.month, day.day) < (birth_date.month, birth_date.day)
        return day.year - birth_date.year - int(before_birthday)
    if birth_year is not None:
        return day.year - birth_year - 1
    return None


def is_under_six(day: date, member: Member) -> bool:
    """True if the child counts in the under-6 ratio on ``day``."""
    age = age_on(day, member.birth_date, member.birth_year)
    if age is None:
        return member.niveau in _MATERNELLE
    return age < 6


@dataclass(frozen=True)
class StaffingNeed:
    """Children of each age band at a séance and the adults they need."""

    under_6: int
    six_and_over: int
    required: int


def staffing_need(
    day: date, members: Iterable[Member], ratio_under_6: int, ratio_6_and_over: int
) -> StaffingNeed:
    """Adults needed on ``day`` for ``members`` under the two ratios."""
    under = over = 0
    for member in members:
        if is_under_six(day, member):
            under += 1
        else:
            over += 1
    share = Fraction(under, ratio_under_6) + Fraction(over, ratio_6_and_over)
    return StaffingNeed(under, over, math.ceil(share))
