"""What the indicators would read if séances were filled at random.

Small groups mislead: 60 children in 5 séances of 12 give ``H ≈ 0.09`` by chance alone, as much as
real segregation between schools. So every séance-level figure is shown beside its value under
random allocation: the unit labels (séances) are shuffled among the same individuals — each unit
keeps its number of individuals, each individual its category and weight — many times, with a
seeded generator so that the same data and seed always give the same figures.

The shuffles are vectorised: a block of permutations is drawn at once (``Generator.permuted`` on
a 2-D array, exactly uniform), and the contingency tables of the whole block come from one sort
of combined (shuffle, unit, category) codes followed by ``np.bincount``. Blocks are sized to stay
in the CPU cache.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from cites_app.indicators.engine import segregation, two_group
from cites_app.indicators.table import (
    BoolArray,
    CountTable,
    FloatArray,
    IntArray,
    encode_labels,
    weighted_bincount,
)
from cites_app.indicators.within_unit import contact_rates_from_sums, participation_weighted_mean

DEFAULT_SHUFFLES = 1000
DEFAULT_SEED = 20_240_901
#: Units with fewer individuals than this are flagged as small (see :func:`small_units`).
SMALL_UNIT_SIZE = 10
#: ``H`` is flagged as dominated by chance when its random expectation reaches this share of it.
CHANCE_SHARE = 0.5

# Individuals (shuffles × n) handled per block: about 2 MB of codes, so that a block stays in the
# CPU cache; fresh large arrays are costly to page in.
_INDIVIDUAL_BUDGET = 1 << 18


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
    units: Sequence[Hashable],
    categories: Sequence[Hashable],
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

    simulation = _Simulation(unit_codes, category_codes, weight_array, observed)
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
    schools: Sequence[Hashable],
    sessions: Sequence[Hashable],
    categories: Sequence[Hashable],
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


class _Simulation:
    """Shuffle unit labels block by block; compute ``H`` and contact rates of every shuffle.

    ``M`` uses ``N·M = Σ_ug t ln t − Σ_u t_u ln t_u − Σ_g T_g ln T_g + N ln N``: only the first
    two sums change between shuffles (category totals never do, unit totals only with weights).
    """

    def __init__(
        self,
        unit_codes: IntArray,
        category_codes: IntArray,
        weights: FloatArray | None,
        observed: CountTable,
    ) -> None:
        self.unit_codes = unit_codes
        self.category_codes = category_codes
        self.weights = weights
        self.n_units, self.n_categories = observed.counts.shape
        self.sizes = np.bincount(unit_codes, minlength=self.n_units).astype(np.float64)
        group_totals = observed.counts.sum(axis=0)
        self.total = observed.total
        self.entropy = segregation(observed).entropy
        self.constant = self.total * math.log(self.total) - _xlogx(group_totals).sum()
        # Integer cell counts never exceed the largest unit: t ln t read from a table.
        largest = int(self.sizes.max())
        self.xlogx_table = _xlogx(np.arange(largest + 1, dtype=np.float64))
        self.unit_term = _xlogx(observed.counts.sum(axis=1)).sum()
        self.defined = self.sizes > 1
        self.participations = float(self.sizes[self.defined].sum())
        _, first_of_size = np.unique(self.sizes, return_index=True)
        # Same order as encode_labels(sizes): classes by first appearance.
        self.representatives = np.sort(first_of_size)

    def run(
        self, rng: np.random.Generator, shuffles: int
    ) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
        """Per shuffle: ``H``, mean contact rate; per unit: summed rates; rates of size classes."""
        n = len(self.unit_codes)
        block = max(1, min(shuffles, _INDIVIDUAL_BUDGET // n))
        position_bits = (block * n).bit_length()
        if (block * self.n_units * self.n_categories).bit_length() + position_bits > 62:
            raise ValueError("Trop d'unités et de catégories pour le tirage aléatoire.")
        h = np.empty(shuffles)
        mean_rates = np.empty(shuffles)
        rate_sums = np.zeros(self.n_units)
        representative_rates = np.empty((shuffles, len(self.representatives)))
        source = np.broadcast_to(self.unit_codes, (block, n))
        tiled_weights = None if self.weights is None else np.tile(self.weights, block)
        for start in range(0, shuffles, block):
            size = min(block, shuffles - start)
            shuffled_units = rng.permuted(source[:size], axis=1)
            offsets = np.arange(size)[:, None] * self.n_units
            # One code per (shuffle, unit, category) cell: tables of the whole block at once.
            codes = ((offsets + shuffled_units) * self.n_categories + self.category_codes).ravel()
            occupied, occupied_counts, occupied_weights = self._occupied_cells(
                codes, position_bits, tiled_weights
            )
            unit_rows = occupied // self.n_categories  # shuffle * n_units + unit
            shuffle_of_cell = unit_rows // self.n_units
            sum_of_squares = weighted_bincount(
                unit_rows, occupied_counts**2, size * self.n_units
            ).reshape(size, self.n_units)
            if occupied_weights is None:
                cell_xlogx = self.xlogx_table[occupied_counts]
                unit_term = np.full(size, self.unit_term)
            else:
                cell_xlogx = _xlogx(occupied_weights)
                unit_totals = weighted_bincount(unit_rows, occupied_weights, size * self.n_units)
                unit_term = _xlogx(unit_totals).reshape(size, self.n_units).sum(axis=1)
            cell_term = weighted_bincount(shuffle_of_cell, cell_xlogx, size)
            m = np.maximum((cell_term - unit_term + self.constant) / self.total, 0.0)
            h[start : start + size] = m / self.entropy if self.entropy > 0 else 0.0
            rates = contact_rates_from_sums(self.sizes, sum_of_squares)
            defined_rates = np.where(self.defined, rates, 0.0)
            mean_rates[start : start + size] = (
                (defined_rates * self.sizes).sum(axis=1) / self.participations
                if self.participations > 0
                else np.nan
            )
            rate_sums += defined_rates.sum(axis=0)
            representative_rates[start : start + size] = rates[:, self.representatives]
        return h, mean_rates, rate_sums, representative_rates

    @staticmethod
    def _occupied_cells(
        codes: IntArray, position_bits: int, tiled_weights: FloatArray | None
    ) -> tuple[IntArray, IntArray, FloatArray | None]:
        """Distinct cell codes with their headcounts (and summed weights), by sorting.

        Sorting costs the same whatever the number of categories, where a dense table of
        shuffles × units × categories would not. With weights, each code carries the position of
        its individual in its low bits, so that one plain (fast, SIMD) sort also orders the
        weights.
        """
        if tiled_weights is None:
            sorted_codes = np.sort(codes)
            sorted_weights = None
        else:
            keys = (codes << position_bits) | np.arange(len(codes), dtype=np.int64)
            keys.sort()
            sorted_codes = keys >> position_bits
            sorted_weights = tiled_weights[keys & ((1 << position_bits) - 1)]
        starts = np.flatnonzero(np.diff(sorted_codes, prepend=-1))
        counts = np.diff(starts, append=len(sorted_codes))
        weights = None if sorted_weights is None else np.add.reduceat(sorted_weights, starts)
        return sorted_codes[starts], counts, weights


def _xlogx(values: FloatArray) -> FloatArray:
    """``x ln x`` with ``0 ln 0 = 0``."""
    logs = np.log(values, out=np.zeros_like(values), where=values > 0)
    result: FloatArray = values * logs
    return result


def _interval(samples: FloatArray) -> Interval:
    low, high = np.percentile(samples, [2.5, 97.5])
    return Interval(float(np.mean(samples)), float(low), float(high))
