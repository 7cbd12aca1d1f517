"""What chance alone gives a group of ``n`` children drawn from the territory's participations.

The territory-level baseline (:func:`~cites_app.indicators.random_baseline.random_baseline`)
shuffles the séance labels of all participations. Under that shuffle, the composition of one
séance of ``n`` children is a draw of ``n`` participations without replacement from all of them,
so its local score ``L`` and its cross-school contact rate have a distribution that depends only
on ``n``. This module gives, for each group size, the mean and the 95 % interval of ``L``:

* weight ``pupils``: exact draws from the multivariate hypergeometric distribution;
* weight ``hours``: ``n`` participations drawn with replacement, each bringing its category and
  its hours (the difference with drawing without replacement is negligible when the group is
  small beside the territory, which is the case these intervals are meant for).

The expected contact rate needs no simulation: for ``n ≥ 2`` it is
``1 − Σ_k N_k (N_k − 1) / (N (N − 1))`` whatever ``n`` (``N_k`` participations of school ``k``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from cites_app.indicators.random_baseline import Interval
from cites_app.indicators.table import FloatArray, IntArray, weighted_bincount


@dataclass(frozen=True, eq=False)
class ChanceModel:
    """The participations chance draws from: category code and weight of each one."""

    categories: IntArray
    weights: FloatArray
    n_categories: int
    by_count: bool  # weight "pupils": every participation weighs 1

    def shares(self) -> FloatArray:
        totals = np.bincount(self.categories, weights=self.weights, minlength=self.n_categories)
        shares: FloatArray = totals / totals.sum()
        return shares

    def local_score_intervals(
        self, sizes: IntArray, shuffles: int, seed: int | None
    ) -> dict[int, Interval]:
        """``{n: Interval of L}`` for every distinct size ``n ≥ 1`` in ``sizes``."""
        if shuffles < 1 or len(self.categories) == 0:
            return {}
        rng = np.random.default_rng(None if seed is None else [seed, 1])
        shares = self.shares()
        counts = np.bincount(self.categories, minlength=self.n_categories).astype(np.int64)
        result = {}
        for n in np.unique(sizes).tolist():
            if n < 1:
                continue
            if self.by_count:
                tables = rng.multivariate_hypergeometric(
                    counts, min(n, int(counts.sum())), size=shuffles
                ).astype(np.float64)
            else:
                tables = self._drawn_with_replacement(rng, n, shuffles)
            scores = _local_scores(tables, shares)
            scores = scores[~np.isnan(scores)]
            if len(scores) == 0:
                continue
            low, high = np.percentile(scores, [2.5, 97.5])
            result[int(n)] = Interval(float(scores.mean()), float(low), float(high))
        return result

    def _drawn_with_replacement(
        self, rng: np.random.Generator, n: int, shuffles: int
    ) -> FloatArray:
        drawn = rng.integers(0, len(self.categories), size=(shuffles, n))
        codes = np.arange(shuffles)[:, None] * self.n_categories + self.categories[drawn]
        flat = weighted_bincount(
            codes.ravel(), self.weights[drawn].ravel(), shuffles * self.n_categories
        )
        return flat.reshape(shuffles, self.n_categories)


def expected_contact_rate(school_counts: IntArray) -> float | None:
    """Contact rate of a séance filled at random from participations with these school counts."""
    counts = school_counts.astype(np.float64)
    total = float(counts.sum())
    if total < 2:
        return None
    return float(1.0 - (counts * (counts - 1)).sum() / (total * (total - 1)))


def _local_scores(tables: FloatArray, shares: FloatArray) -> FloatArray:
    """``L`` of every row of ``tables`` against the category shares (``NaN`` for empty rows)."""
    totals = tables.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        within = tables / totals[:, None]
        ratio = np.where(within > 0, within / shares, 1.0)
        terms = np.where(within > 0, within * np.log(ratio), 0.0)
    scores: FloatArray = np.where(totals > 0, terms.sum(axis=1), np.nan)
    return scores


def position(value: float | None, interval: Interval | None) -> str | None:
    """``"below"``, ``"within"`` or ``"above"`` the 95 % interval of chance (``None``: unknown).

    For ``L``, *below* means more mixed than chance would give, *above* more clustered.
    """
    if value is None or interval is None:
        return None
    # A tolerance so that rounding noise does not move a value sitting on a bound.
    if value < interval.low - 1e-12:
        return "below"
    if value > interval.high + 1e-12:
        return "above"
    return "within"
