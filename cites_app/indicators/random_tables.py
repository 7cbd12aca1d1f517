"""Contingency tables of many random allocations at once, with ``H`` and contact rates of each.

Used by :func:`~cites_app.indicators.random_baseline.random_baseline`. Every method below draws
exact samples of the same thing — the unit labels shuffled among the same individuals, each unit
keeping its size and each individual its category and weight — and the cheapest one is chosen
from the sizes of the problem:

* **dense permutation**: a block of permutations (``Generator.permuted``, exactly uniform), cells
  counted by ``np.bincount`` into a dense shuffles × units × categories array; chosen when that
  array is not much larger than the individuals (séances × QPV flag, IPS band…);
* **sparse permutation**: the same permutations, cells counted by sorting their codes, whose cost
  does not grow with the number of categories (séances × the schools of a département);
* **urn**: without weights, the table itself is drawn category after category from the
  multivariate hypergeometric distribution (category ``g`` takes its places among those left by
  the previous ones, unit by unit). Its cost grows with units × categories instead of
  individuals, so it wins on a large territory measured on a few categories (tier M: 176,000
  participations in 5,000 séances, 3 QPV categories — 2.5× faster than permuting).

For a given seed, both permutation methods draw the same permutations.
"""

from __future__ import annotations

import math

import numpy as np

from cites_app.indicators.engine import segregation
from cites_app.indicators.table import CountTable, FloatArray, IntArray, weighted_bincount
from cites_app.indicators.within_unit import contact_rates_from_sums

# Individuals or cells (shuffles × n, or shuffles × units × categories) handled per block: about
# 2 MB of codes, so that a block stays in the CPU cache; fresh large arrays are costly to page in.
_BLOCK_BUDGET = 1 << 18
# A dense table pays off while it has at most this many cells per individual.
_DENSE_CELLS_PER_INDIVIDUAL = 4
# One hypergeometric draw costs about as much as this many steps of a permutation (measured:
# ~80 ns against ~10 ns on the 2-core machine of DESIGN.md §10).
_URN_DRAW_COST = 8


class Simulation:
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
        self.n = len(unit_codes)
        self.n_units, self.n_categories = observed.counts.shape
        self.unit_sizes = np.bincount(unit_codes, minlength=self.n_units)
        self.sizes = self.unit_sizes.astype(np.float64)
        self.category_sizes = np.bincount(category_codes, minlength=self.n_categories)
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
        cells = self.n_units * self.n_categories
        self.method = (
            "urn"
            if weights is None
            and self.n_categories > 1
            and self.n_units * (self.n_categories - 1) * _URN_DRAW_COST < self.n
            else "dense"
            if cells <= _DENSE_CELLS_PER_INDIVIDUAL * self.n
            else "sparse"
        )

    def run(
        self, rng: np.random.Generator, shuffles: int
    ) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
        """Per shuffle: ``H``, mean contact rate; per unit: summed rates; rates of size classes."""
        cells = self.n_units * self.n_categories
        per_shuffle = {"urn": cells, "dense": max(self.n, cells), "sparse": self.n}[self.method]
        block = max(1, min(shuffles, _BLOCK_BUDGET // per_shuffle))
        self.position_bits = (block * self.n).bit_length()
        if self.method == "sparse" and (block * cells).bit_length() + self.position_bits > 62:
            raise ValueError("Trop d'unités et de catégories pour le tirage aléatoire.")
        self.source = np.broadcast_to(self.unit_codes, (block, self.n))
        self.tiled_weights = None if self.weights is None else np.tile(self.weights, block)
        h = np.empty(shuffles)
        mean_rates = np.empty(shuffles)
        rate_sums = np.zeros(self.n_units)
        representative_rates = np.empty((shuffles, len(self.representatives)))
        for start in range(0, shuffles, block):
            size = min(block, shuffles - start)
            if self.method == "urn":
                sum_of_squares, cell_term, unit_term = self._from_dense(self._urn(rng, size), None)
            elif self.method == "dense":
                sum_of_squares, cell_term, unit_term = self._dense(rng, size)
            else:
                sum_of_squares, cell_term, unit_term = self._sparse(rng, size)
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

    def _codes(self, rng: np.random.Generator, size: int) -> IntArray:
        """One code per (shuffle, unit, category) cell and individual, for ``size`` shuffles."""
        codes: IntArray = rng.permuted(self.source[:size], axis=1)
        # In place: fresh arrays of this size cost more to page in than to compute.
        codes += np.arange(size)[:, None] * self.n_units
        codes *= self.n_categories
        codes += self.category_codes
        return codes.ravel()

    def _dense(
        self, rng: np.random.Generator, size: int
    ) -> tuple[FloatArray, FloatArray, FloatArray]:
        codes = self._codes(rng, size)
        shape = (size, self.n_units, self.n_categories)
        cells = size * self.n_units * self.n_categories
        counts = np.bincount(codes, minlength=cells).reshape(shape)
        weights = (
            None
            if self.tiled_weights is None
            else weighted_bincount(codes, self.tiled_weights[: len(codes)], cells).reshape(shape)
        )
        return self._from_dense(counts, weights)

    def _urn(self, rng: np.random.Generator, size: int) -> IntArray:
        """Headcount tables drawn directly: each category in turn takes places left in the units."""
        counts = np.empty((size, self.n_units, self.n_categories), dtype=np.int64)
        remaining = np.tile(self.unit_sizes, (size, 1))
        for g in range(self.n_categories - 1):
            wanted = int(self.category_sizes[g])
            if g == 0:  # every shuffle starts from the same units: one vectorised call
                drawn = rng.multivariate_hypergeometric(
                    self.unit_sizes, wanted, size=size, method="marginals"
                )
            else:
                drawn = np.stack(
                    [
                        rng.multivariate_hypergeometric(row, wanted, method="marginals")
                        for row in remaining
                    ]
                )
            counts[:, :, g] = drawn
            remaining -= drawn
        counts[:, :, -1] = remaining
        return counts

    def _from_dense(
        self, counts: IntArray, weights: FloatArray | None
    ) -> tuple[FloatArray, FloatArray, FloatArray]:
        size = counts.shape[0]
        sum_of_squares = (counts.astype(np.float64) ** 2).sum(axis=2)
        if weights is None:
            cell_term = self.xlogx_table[counts].reshape(size, -1).sum(axis=1)
            unit_term = np.full(size, self.unit_term)
        else:
            cell_term = _xlogx(weights).reshape(size, -1).sum(axis=1)
            unit_term = _xlogx(weights.sum(axis=2)).sum(axis=1)
        return sum_of_squares, cell_term, unit_term

    def _sparse(
        self, rng: np.random.Generator, size: int
    ) -> tuple[FloatArray, FloatArray, FloatArray]:
        codes = self._codes(rng, size)
        tiled = None if self.tiled_weights is None else self.tiled_weights[: len(codes)]
        occupied, occupied_counts, occupied_weights = _occupied_cells(
            codes, self.position_bits, tiled
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
        return sum_of_squares, cell_term, unit_term


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
