"""Who each action reached: distinct children by sex, QPV residence, age band and school.

**Age** is counted at 31 December of the rentrée year (31 December 2025 for 2025-2026), the
convention of the Éducation nationale's statistics by age: every child has one age for the whole
year — so a child is in one band whatever the date of its séances — and the age needs only the
year of birth (``rentrée year − year of birth``), which is all some pupil lists give.

A child counts once per action (distinct beneficiaries), whatever the number of its séances.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np

from cites_app.exports.revue_queries import ActionRecord
from cites_app.indicators.queries import QPV_CODES, SEX_CODES, TerritoryData
from cites_app.indicators.table import BoolArray, IntArray, weighted_bincount
from cites_app.indicators.territory_frame import tally
from cites_app.models.vocabulary import AXES

#: Age bands of the revue de projet (ages included at both ends).
AGE_BANDS: tuple[tuple[int, int], ...] = ((0, 2), (3, 5), (6, 10), (11, 15), (16, 18), (19, 25))
AGE_LABELS: tuple[str, ...] = (
    *(f"{low}–{high} ans" for low, high in AGE_BANDS),
    "Âge autre ou inconnu",
)


def rentree_year(data: TerritoryData) -> int:
    """The rentrée year of the period (that of its first day's school year)."""
    start = data.period.start
    return start.year if start.month >= 9 else start.year - 1


def age_bands(years_of_birth: IntArray, rentree: int) -> IntArray:
    """Band index of each child (the last index: out of the bands, or no year of birth)."""
    ages = rentree - years_of_birth
    bands = np.full(len(ages), len(AGE_BANDS), dtype=np.int64)
    for index, (low, high) in enumerate(AGE_BANDS):
        bands[(years_of_birth >= 0) & (ages >= low) & (ages <= high)] = index
    return bands


@dataclass(frozen=True)
class Breakdown:
    """The distinct children of a group of participations."""

    beneficiaries: int
    girls: int
    boys: int
    sex_unknown: int
    qpv: int
    qpv_unknown: int
    bands: tuple[int, ...]  # one count per AGE_LABELS entry
    schools: tuple[int, ...]  # indices into data.schools


def breakdowns(
    data: TerritoryData, part_group: IntArray, n_groups: int, bands: IntArray
) -> list[Breakdown]:
    """One :class:`Breakdown` per group (``part_group[k]``: group of participation ``k``;
    ``-1``: in none)."""
    n_pupils = max(len(data.pupil_ids), 1)
    keep = part_group >= 0
    codes = tally(part_group[keep] * n_pupils + data.part_pupil[keep])[0]
    group, pupil = codes // n_pupils, codes % n_pupils

    def count(mask: BoolArray) -> list[int]:
        counts: list[int] = np.bincount(group[mask], minlength=n_groups).tolist()
        return counts

    everyone = np.ones(len(group), dtype=bool)
    sex, qpv = data.pupil_sex[pupil], data.pupil_qpv[pupil]
    totals = count(everyone)
    girls = count(sex == SEX_CODES.index("F"))
    boys = count(sex == SEX_CODES.index("M"))
    in_qpv = count(qpv == QPV_CODES.index("oui"))
    qpv_unknown = count(qpv == QPV_CODES.index("inconnu"))
    n_bands = len(AGE_LABELS)
    band_counts = np.bincount(group * n_bands + bands[pupil], minlength=n_groups * n_bands)
    band_table = band_counts.reshape(n_groups, n_bands).tolist()
    school = data.pupil_school[pupil]
    n_schools = max(len(data.schools), 1)
    pairs = tally(group[school >= 0] * n_schools + school[school >= 0])[0]
    schools: list[list[int]] = [[] for _ in range(n_groups)]
    for g, s in zip((pairs // n_schools).tolist(), (pairs % n_schools).tolist(), strict=True):
        schools[g].append(s)
    return [
        Breakdown(
            beneficiaries=totals[g],
            girls=girls[g],
            boys=boys[g],
            sex_unknown=totals[g] - girls[g] - boys[g],
            qpv=in_qpv[g],
            qpv_unknown=qpv_unknown[g],
            bands=tuple(band_table[g]),
            schools=tuple(schools[g]),
        )
        for g in range(n_groups)
    ]


@dataclass(frozen=True)
class ActionStats:
    """An action over the period: its séances (held, with at least one presence), the hours
    they lasted (the programme's offer: each séance counted once, whatever its attendance) and
    the children it reached."""

    record: ActionRecord
    sessions: int
    first: date | None
    last: date | None
    session_hours: float
    children: Breakdown


def action_stats(
    data: TerritoryData,
    actions: dict[int, ActionRecord],
    activity_action: dict[int, int],
    bands: IntArray,
    *,
    keep: set[int] | None = None,
) -> list[ActionStats]:
    """The actions of the period: those of its school year and those with a séance in it
    (``keep``: only these action ids), ordered by axis then title."""
    session_action = np.array(
        [activity_action.get(a, -1) for a in data.session_activity.tolist()], dtype=np.int64
    )
    chosen = {a for a in session_action.tolist() if a >= 0} | {
        a.id
        for a in actions.values()
        if data.period.school_year is not None and a.school_year == data.period.school_year
    }
    if keep is not None:
        chosen &= keep
    axis_order = {axis: i for i, axis in enumerate(AXES)}
    ordered = sorted(
        (actions[a] for a in chosen if a in actions),
        key=lambda r: (axis_order.get(r.axis, len(axis_order)), r.title.casefold(), r.id),
    )
    index = {record.id: i for i, record in enumerate(ordered)}
    session_group = np.array([index.get(a, -1) for a in session_action.tolist()], dtype=np.int64)
    n = len(ordered)
    children = breakdowns(data, session_group[data.part_session], n, bands)
    held = session_group >= 0
    sessions = np.bincount(session_group[held], minlength=n).tolist()
    hours = weighted_bincount(session_group[held], data.session_hours[held], n).tolist()
    first: list[date | None] = [None] * n
    last: list[date | None] = [None] * n
    for group, start in zip(session_group.tolist(), data.session_starts, strict=True):
        if group >= 0:
            day = start.date()
            first[group] = day if first[group] is None else min(first[group] or day, day)
            last[group] = day if last[group] is None else max(last[group] or day, day)
    return [
        ActionStats(record, sessions[i], first[i], last[i], hours[i], children[i])
        for i, record in enumerate(ordered)
    ]
