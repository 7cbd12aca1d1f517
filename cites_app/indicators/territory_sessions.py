"""Per-séance, per-activity and per-month figures of a period.

Cross-school figures (schools represented, largest school, contact rate, entropy of schools) and
the category figures (local score ``L``) count the children who have a school; the counts of
participants, QPV, girls and boys count every child present. The **QPV share** is taken over
the children whose flag is known (``oui`` / ``non``); the unknown ones are counted apart. The
IPS mean and standard deviation (population, divisor ``n``) are those of the children's schools,
over the children whose school has an IPS.

A séance's mix for the chosen category is its local score ``L`` against the composition of all
the participations of the period (``Σ p_s L_s = M`` between séances). ``H`` is a between-units
index and has no meaning for one séance; ``L`` is shown beside the ``L`` that a group of the same
size drawn at random would have (:mod:`~cites_app.indicators.territory_chance`).

The **normalised entropy of schools** is ``E_s / ln min(n_s, K)`` with ``K`` the number of schools
taking part in the period: 1 when every child comes from a different school, or when the ``K``
schools are equally present; ``None`` when ``min(n_s, K) ≤ 1``. (Dividing by ``ln K`` alone
would tie the figure to the territory's size: a séance of 12 could never reach 1 among 150
schools.)

An activity is read as one group: its distinct children (each counted once, whatever the number
of séances they attended), except for ``L`` — computed on its participations, like the séances,
so that ``Σ p_a L_a`` is ``M`` between activities — and for the contact rate — the mean of its
séances' rates weighted by their children. Its ``L_random`` is that of a group of as many
children as it has.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

import numpy as np

from cites_app.indicators.engine import segregation
from cites_app.indicators.queries import QPV_CODES, SEX_CODES
from cites_app.indicators.random_baseline import Interval
from cites_app.indicators.table import (
    BoolArray,
    CountTable,
    FloatArray,
    IntArray,
    weighted_bincount,
)
from cites_app.indicators.territory_chance import ChanceModel, position
from cites_app.indicators.territory_frame import MixFrame, tally
from cites_app.indicators.territory_schools import SessionSchoolPairs


def _with_mix(fields: dict[str, object], mix: GroupMix) -> dict[str, object]:
    """A row's own fields, then its :class:`GroupMix`'s, in one flat dict."""
    return {**{k: v for k, v in fields.items() if k != "mix"}, **mix.to_dict()}


@dataclass(frozen=True)
class GroupMix:
    """Composition of a group of children (a séance, or the distinct children of an activity).

    ``L`` is the local score of the group for the chosen category, ``L_random`` the mean and
    95 % interval of ``L`` for a group of the same size filled at random, ``L_position`` where
    ``L`` falls against that interval (``below`` = more mixed than chance, ``above`` = more
    clustered); ``small_group`` flags groups under the ``indicators.small_group`` setting.
    """

    participants: int
    schools: int
    largest_school_share: float | None
    contact_rate: float | None
    school_entropy: float | None
    qpv_share: float | None
    qpv_unknown: int
    girls: int
    boys: int
    ips_mean: float | None
    ips_sd: float | None
    L: float | None
    L_random: Interval | None
    L_position: str | None
    small_group: bool

    def to_dict(self) -> dict[str, object]:
        """Field by field (``dataclasses.asdict`` is too slow for 50,000 séances)."""
        result: dict[str, object] = dict(self.__dict__)
        interval = self.L_random
        result["L_random"] = (
            None
            if interval is None
            else {"mean": interval.mean, "low": interval.low, "high": interval.high}
        )
        return result


@dataclass(frozen=True)
class SessionIndicators:
    """One séance: its activity, duration, attended hours (all children) and its mix."""

    id: int
    date: str
    starts_at: str
    activity_id: int
    activity: str
    activity_kind: str
    duration_hours: float
    hours: float
    mix: GroupMix

    def to_dict(self) -> dict[str, object]:
        """Flat dict: the séance fields followed by those of its :class:`GroupMix`."""
        return _with_mix(self.__dict__, self.mix)


@dataclass(frozen=True)
class ActivityIndicators:
    """An activity over the period: its séances, participations, hours and its children's mix."""

    id: int
    title: str
    kind: str
    sessions: int
    participations: int
    hours: float
    mix: GroupMix

    def to_dict(self) -> dict[str, object]:
        return _with_mix(self.__dict__, self.mix)


@dataclass(frozen=True)
class MonthIndicators:
    """One calendar month: ``H_sessions`` between the séances of that month (``None`` if empty)."""

    month: str
    sessions: int
    participants: int
    participations: int
    hours: float
    H_sessions: float | None
    contact_rate: float | None

    def to_dict(self) -> dict[str, object]:
        return asdict(self)


def session_indicators(
    frame: MixFrame,
    *,
    shuffles: int,
    seed: int | None,
    small_group: int,
    pairs: SessionSchoolPairs | None = None,
) -> list[SessionIndicators]:
    """Every séance of the period with at least one presence, in start order."""
    data = frame.data
    pairs = pairs or SessionSchoolPairs.of(frame)
    n_sessions = len(data.session_ids)
    mixes = _group_mixes(
        frame,
        data.part_session,
        data.part_pupil,
        n_sessions,
        contact_rates=pairs.contact_rates(),
        scores=_local_scores(frame, data.part_session, n_sessions),
        shuffles=shuffles,
        seed=seed,
        small_group=small_group,
    )
    hours = weighted_bincount(data.part_session, data.part_hours, n_sessions).tolist()
    durations = data.session_hours.tolist()
    result = []
    for s, (session_id, activity_id) in enumerate(
        zip(data.session_ids.tolist(), data.session_activity.tolist(), strict=True)
    ):
        activity = data.activities.get(activity_id)
        start = data.session_starts[s]
        result.append(
            SessionIndicators(
                id=session_id,
                date=start.date().isoformat(),
                starts_at=start.isoformat(timespec="minutes"),
                activity_id=activity_id,
                activity=activity.title if activity else "",
                activity_kind=activity.kind if activity else "",
                duration_hours=durations[s],
                hours=hours[s],
                mix=mixes[s],
            )
        )
    return result


def activity_indicators(
    frame: MixFrame,
    *,
    shuffles: int,
    seed: int | None,
    small_group: int,
    pairs: SessionSchoolPairs | None = None,
) -> list[ActivityIndicators]:
    """Every activity with at least one séance attended in the period, ordered by title."""
    data = frame.data
    pairs = pairs or SessionSchoolPairs.of(frame)
    activity_ids, session_group, sessions = tally(data.session_activity)
    n_groups = len(activity_ids)
    part_group = session_group[data.part_session]
    # The activity's children are its distinct participants: one entry per (activity, pupil).
    n_pupils = len(data.pupil_ids)
    children = tally(part_group * n_pupils + data.part_pupil)[0]
    mixes = _group_mixes(
        frame,
        children // n_pupils,
        children % n_pupils,
        n_groups,
        contact_rates=pairs.mean_contact_rates(session_group, n_groups),
        scores=_local_scores(frame, part_group, n_groups),
        shuffles=shuffles,
        seed=seed,
        small_group=small_group,
    )
    participations = np.bincount(part_group, minlength=n_groups).tolist()
    hours = weighted_bincount(part_group, data.part_hours, n_groups).tolist()
    result = []
    for a, activity_id in enumerate(activity_ids.tolist()):
        record = data.activities.get(activity_id)
        result.append(
            ActivityIndicators(
                id=activity_id,
                title=record.title if record else "",
                kind=record.kind if record else "",
                sessions=int(sessions[a]),
                participations=participations[a],
                hours=hours[a],
                mix=mixes[a],
            )
        )
    result.sort(key=lambda item: (item.title.casefold(), item.id))
    return result


def monthly_trend(
    frame: MixFrame, pairs: SessionSchoolPairs | None = None
) -> list[MonthIndicators]:
    """Participants, ``H`` between séances and contact rate, month by month (months with séances)."""
    data = frame.data
    pairs = pairs or SessionSchoolPairs.of(frame)
    month_codes = np.array([s.year * 12 + s.month - 1 for s in data.session_starts], dtype=np.int64)
    months, session_month, sessions = tally(month_codes)
    n_months = len(months)
    part_month = session_month[data.part_session]
    n_pupils = len(data.pupil_ids)
    participants = np.bincount(
        tally(part_month * n_pupils + data.part_pupil)[0] // n_pupils, minlength=n_months
    )
    rates = _none_for_nan(pairs.mean_contact_rates(session_month, n_months))
    table = frame.category_table(data.part_session, len(data.session_ids))
    participations = np.bincount(part_month, minlength=n_months)
    hours = weighted_bincount(part_month, data.part_hours, n_months)
    result = []
    for m, code in enumerate(months.tolist()):
        sub = table[session_month == m]
        h = bounded_h(segregation(CountTable.from_array(sub)).theil_h) if sub.sum() > 0 else None
        result.append(
            MonthIndicators(
                month=f"{code // 12:04d}-{code % 12 + 1:02d}",
                sessions=int(sessions[m]),
                participants=int(participants[m]),
                participations=int(participations[m]),
                hours=float(hours[m]),
                H_sessions=h,
                contact_rate=rates[m],
            )
        )
    return result


def bounded_h(h: float) -> float:
    """``H`` within ``[0, 1]``: a complete separation computes as 1.0000000000000002."""
    return min(max(h, 0.0), 1.0)


def _local_scores(frame: MixFrame, groups: IntArray, n_groups: int) -> FloatArray:
    """``L`` of each group of participations against the period's composition (``NaN``: empty)."""
    table = frame.category_table(groups, n_groups)
    if not table.sum() > 0:
        return np.full(n_groups, np.nan)
    return np.asarray(segregation(CountTable.from_array(table)).local, dtype=np.float64)


def _group_mixes(
    frame: MixFrame,
    group: IntArray,
    pupil: IntArray,
    n_groups: int,
    *,
    contact_rates: FloatArray,
    scores: FloatArray,
    shuffles: int,
    seed: int | None,
    small_group: int,
) -> list[GroupMix]:
    """The :class:`GroupMix` of every group from its (group, pupil) entries, one per child."""
    data = frame.data
    school = data.pupil_school[pupil]

    def count(mask: BoolArray) -> IntArray:
        """Entries of each group where ``mask`` holds."""
        return np.bincount(group[mask], minlength=n_groups)

    qpv = data.pupil_qpv[pupil]
    qpv_yes = qpv == QPV_CODES.index("oui")
    qpv_known = count(qpv_yes | (qpv == QPV_CODES.index("non")))
    school_ips = np.array(
        [np.nan if s.ips is None else s.ips for s in data.schools] + [np.nan], dtype=np.float64
    )
    ips = school_ips[school]  # school -1 reads the trailing NaN: no school, no IPS
    with_ips = ~np.isnan(ips)
    ips_n = count(with_ips)
    ips_sum = weighted_bincount(group[with_ips], ips[with_ips], n_groups)
    ips_squares = weighted_bincount(group[with_ips], ips[with_ips] ** 2, n_groups)
    known = school >= 0
    n_schools = max(len(data.schools), 1)
    pairs, _, pair_counts = tally(group[known] * n_schools + school[known])
    pair_group = pairs // n_schools
    sizes = weighted_bincount(pair_group, pair_counts, n_groups)
    largest = np.zeros(n_groups, dtype=np.float64)
    np.maximum.at(largest, pair_group, pair_counts.astype(np.float64))
    shares = pair_counts / sizes[pair_group]
    entropy = weighted_bincount(pair_group, -shares * np.log(shares), n_groups)
    bound = np.minimum(sizes, frame.schools_taking_part)
    participants = count(np.ones(len(group), dtype=bool))
    with np.errstate(invalid="ignore", divide="ignore"):
        ips_mean = ips_sum / ips_n
        ips_sd = _none_for_nan(np.sqrt(np.maximum(ips_squares / ips_n - ips_mean**2, 0.0)))
        largest_share = _none_for_nan(largest / sizes)
        school_entropy = _none_for_nan(np.where(bound > 1, entropy / np.log(bound), np.nan))
        qpv_share = _none_for_nan(count(qpv_yes) / qpv_known)
    means = _none_for_nan(ips_mean)
    local = _none_for_nan(scores)
    rates = _none_for_nan(contact_rates)
    schools = np.bincount(pair_group, minlength=n_groups).tolist()
    unknown = (participants - qpv_known).tolist()
    girls = count(data.pupil_sex[pupil] == SEX_CODES.index("F")).tolist()
    boys = count(data.pupil_sex[pupil] == SEX_CODES.index("M")).tolist()
    headcounts = participants.tolist()
    known_part = frame.known_school
    chance = ChanceModel(
        categories=frame.part_category[known_part],
        weights=frame.part_weight[known_part],
        n_categories=len(frame.labels),
        by_count=frame.weight == "pupils",
    ).local_score_intervals(sizes.astype(np.int64), shuffles, seed)
    group_sizes = sizes.astype(np.int64).tolist()
    result = []
    for g in range(n_groups):
        interval = chance.get(group_sizes[g])
        result.append(
            GroupMix(
                participants=headcounts[g],
                schools=schools[g],
                largest_school_share=largest_share[g],
                contact_rate=rates[g],
                school_entropy=school_entropy[g],
                qpv_share=qpv_share[g],
                qpv_unknown=unknown[g],
                girls=girls[g],
                boys=boys[g],
                ips_mean=means[g],
                ips_sd=ips_sd[g],
                L=local[g],
                L_random=interval,
                L_position=position(local[g], interval),
                small_group=headcounts[g] < small_group,
            )
        )
    return result


def _none_for_nan(values: FloatArray) -> list[float | None]:
    """A list for the result objects, ``None`` where the value is undefined."""
    finite = math.isfinite
    return [v if finite(v) else None for v in values.tolist()]
