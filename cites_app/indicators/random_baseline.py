"""What the indicators would read if séances were filled at random.

Small groups mislead: 60 children in 5 séances of 12 give ``H ≈ 0.09`` by chance alone, as much as
real segregation between schools. So every séance-level figure is shown beside its value under
random allocation: the unit labels (séances) are shuffled among the same individuals — each unit
keeps its number of individuals, each individual its category and weight — many times, with a
seeded generator so that the same data and seed always give the same figures.

The shuffles are vectorised, block by block: see :mod:`~cites_app.indicators.random_tables`
for the three exact ways the random tables are drawn and how the cheapest one is chosen.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from cites_app.indicators.engine import segregation, two_group
from cites_app.indicators.random_tables import Simulation
from cites_app.indicators.table import (
    BoolArray,
    CountTable,
    FloatArray,
    IntArray,
    Labels,
    encode_labels,
)
from cites_app.indicators.within_unit import contact_rates_from_sums, participation_weighted_mean

DEFAULT_SHUFFLES = 1000
DEFAULT_SEED = 20_240_901
#: Units with fewer individuals than this are flagged as small (see :func:`small_units`).
SMALL_UNIT_SIZE = 10
#: ``H`` is flagged as dominated by chance when its random expectation reaches this share of it.
CHANCE_SHARE = 0.5


@dataclass(frozen=True)
class Interval:
    """Mean of the shuffles and their 2.5 % and 97.5 % percentiles.

    95 % of the random allocations gave a value between ``low`` and ``high``.
    """

    mean: float
    low: float
    high: float


@dataclass(frozen=True, eq=False)
class UnitIntervals:
    """Per-unit mean and 95 % interval under random allocation (arrays in unit order)."""

    mean: FloatArray
    low: FloatArray
    high: FloatArray


@dataclass(frozen=True, eq=False)
class RandomBaseline:
    """Observed values beside their distribution under random allocation.

    ``share_at_least_observed_h`` is the share of shuffles whose ``H`` reached the observed one
    (a one-sided permutation p-value: a large share means the observed ``H`` is ordinary for
    chance). Contact rates count individuals, not weights, and treat the category as the
    "school"; they are ``None`` / ``NaN`` where undefined (units of one individual). The raw
    values of every shuffle are kept (``*_samples``) for histograms.
    """

    shuffles: int
    seed: int | None
    units: tuple[Hashable, ...]
    unit_sizes: IntArray
    observed_h: float
    expected_h: Interval
    share_at_least_observed_h: float
    observed_mean_contact_rate: float | None
    expected_mean_contact_rate: Interval | None
    observed_contact_rates: FloatArray
    expected_contact_rates: UnitIntervals
    h_samples: FloatArray
    mean_contact_rate_samples: FloatArray


@dataclass(frozen=True, eq=False)
class MixingGain:
    """``ΔH = H_schools − H_sessions`` on the same participations, with the random baseline.

    ``random_delta_h`` is the gain that séances filled at random would give
    (``H_schools − E[H_sessions]``). With a focal category, ``exposure_*`` is its exposure to the
    other categories (``xPy``) when grouped by school and by séance.
    """

    h_schools: float
    h_sessions: float
    delta_h: float
    random_delta_h: float
    sessions_baseline: RandomBaseline
    focal: Hashable | None = None
    exposure_schools: float | None = None
    exposure_sessions: float | None = None


def random_baseline(
    units: Labels,
    categories: Labels,
    weights: Sequence[float] | npt.ArrayLike | None = None,
    *,
    shuffles: int = DEFAULT_SHUFFLES,
    seed: int | None = DEFAULT_SEED,
) -> RandomBaseline:
    """Expected ``H`` and contact rates when the units are filled at random.

    One entry per individual (or participation): its unit label, its category and, optionally,
    its weight (e.g. attended hours; default 1). The per-unit contact-rate distribution depends
    only on the unit's size, so units of equal size share one interval: the mean pools all of
    them, the percentiles come from the first unit of that size.
    """
    if shuffles < 1:
        raise ValueError("Il faut au moins un tirage aléatoire.")
    unit_codes, unit_labels = encode_labels(units)
    category_codes, _ = encode_labels(categories)
    n = len(unit_codes)
    if n == 0 or len(category_codes) != n:
        raise ValueError("Il faut au moins un individu, avec une unité et une catégorie chacun.")
    weight_array = None if weights is None else np.asarray(weights, dtype=np.float64)
    observed = CountTable.from_records(units, categories, weight_array)
    observed_h = segregation(observed).theil_h
    headcounts = np.bincount(
        unit_codes * observed.counts.shape[1] + category_codes,
        minlength=observed.counts.size,
    ).reshape(observed.counts.shape)
    sizes = headcounts.sum(axis=1)
    observed_rates = contact_rates_from_sums(sizes.astype(np.float64), (headcounts**2).sum(axis=1))

    simulation = Simulation(unit_codes, category_codes, weight_array, observed)
    h_samples, mean_rate_samples, rate_sums, representative_rates = simulation.run(
        np.random.default_rng(seed), shuffles
    )
    size_codes, _ = encode_labels(sizes.tolist())
    class_members = np.bincount(size_codes)
    class_mean = np.bincount(size_codes, weights=np.nan_to_num(rate_sums)) / (
        class_members * shuffles
    )
    class_low, class_high = np.percentile(representative_rates, [2.5, 97.5], axis=0)
    defined = sizes > 1
    expected_rates = UnitIntervals(
        *(
            np.where(defined, values[size_codes], np.nan)
            for values in (class_mean, class_low, class_high)
        )
    )
    return RandomBaseline(
        shuffles=shuffles,
        seed=seed,
        units=unit_labels,
        unit_sizes=sizes,
        observed_h=observed_h,
        expected_h=_interval(h_samples),
        # Rounding noise must not hide a shuffle that reproduces the observed table.
        share_at_least_observed_h=float(np.mean(h_samples >= observed_h - 1e-12)),
        observed_mean_contact_rate=participation_weighted_mean(
            sizes.astype(np.float64), observed_rates
        ),
        expected_mean_contact_rate=_interval(mean_rate_samples) if defined.any() else None,
        observed_contact_rates=observed_rates,
        expected_contact_rates=expected_rates,
        h_samples=h_samples,
        mean_contact_rate_samples=mean_rate_samples,
    )


def small_units(unit_sizes: npt.ArrayLike, min_size: int = SMALL_UNIT_SIZE) -> BoolArray:
    """Flag of each unit with fewer than ``min_size`` individuals (their figures are fragile)."""
    return np.asarray(unit_sizes) < min_size


def chance_dominates(baseline: RandomBaseline, share: float = CHANCE_SHARE) -> bool:
    """Whether random allocation alone already gives ``share`` of the observed ``H`` or more.

    Then the observed ``H`` says little about real segregation: it should be read against
    :attr:`RandomBaseline.expected_h`, not alone.
    """
    return baseline.expected_h.mean >= share * baseline.observed_h


def mixing_gain(
    schools: Labels,
    sessions: Labels,
    categories: Labels,
    weights: Sequence[float] | npt.ArrayLike | None = None,
    *,
    focal: Hashable | None = None,
    shuffles: int = DEFAULT_SHUFFLES,
    seed: int | None = DEFAULT_SEED,
) -> MixingGain:
    """``ΔH = H_schools − H_sessions`` for the same participating children.

    One entry per participation: the child's school, the séance, the child's category (IPS band,
    QPV, school…) and optionally a weight (hours). A positive ``ΔH`` means the séances are more
    mixed than the schools the children come from.
    """
    weight_array = None if weights is None else np.asarray(weights, dtype=np.float64)
    by_school = CountTable.from_records(schools, categories, weight_array)
    by_session = CountTable.from_records(sessions, categories, weight_array)
    h_schools = segregation(by_school).theil_h
    baseline = random_baseline(sessions, categories, weight_array, shuffles=shuffles, seed=seed)
    exposure_schools = exposure_sessions = None
    if focal is not None:
        exposure_schools = two_group(by_school, focal).exposure
        exposure_sessions = two_group(by_session, focal).exposure
    return MixingGain(
        h_schools=h_schools,
        h_sessions=baseline.observed_h,
        delta_h=h_schools - baseline.observed_h,
        random_delta_h=h_schools - baseline.expected_h.mean,
        sessions_baseline=baseline,
        focal=focal,
        exposure_schools=exposure_schools,
        exposure_sessions=exposure_sessions,
    )


def _interval(samples: FloatArray) -> Interval:
    low, high = np.percentile(samples, [2.5, 97.5])
    return Interval(float(np.mean(samples)), float(low), float(high))
