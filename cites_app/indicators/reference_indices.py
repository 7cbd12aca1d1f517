"""Other classic segregation indices, kept to compare our figures with published ones.

The app shows the indices of :mod:`cites_app.indicators.engine` (E, M, H, D, isolation, exposure,
V); these are the remaining aspatial indices of Massey & Denton (1988) and Reardon & Firebaugh
(2002) as implemented by PySAL ``segregation``, so that a reader can check a figure against that
package. Same table conventions as the engine (empty units kept, ``0 ln 0 = 0``).

With ``π_ug`` the share of category ``g`` in unit ``u``, ``P_g`` its overall share, ``t_u`` the
unit total, ``N`` the grand total and ``I = Σ_g P_g (1 − P_g)`` (Simpson's interaction of the
whole population).
"""

from __future__ import annotations

from collections.abc import Hashable

import numpy as np

from cites_app.indicators.table import FloatArray, TableLike, as_table, positive_total


def gini_two_group(table: TableLike, focal: Hashable | None = None) -> float:
    """Gini index of ``focal`` against the rest (Massey & Denton).

    ``G = Σ_u Σ_v t_u t_v |π_u − π_v| / (2 N² P (1 − P))`` with ``π_u`` the focal share of ``u``.
    """
    x, t, total = _focal_and_totals(table, focal)
    p = x.sum() / total
    share = np.divide(x, t, out=np.zeros_like(x), where=t > 0)
    return float(_pairwise_abs_sum(share, t) / (2 * total**2 * p * (1 - p)))


def atkinson_two_group(table: TableLike, focal: Hashable | None = None, b: float = 0.5) -> float:
    """Atkinson index of ``focal`` against the rest, shape parameter ``0 < b < 1``.

    ``A = 1 − P/(1 − P) · |Σ_u (1 − π_u)^(1−b) π_u^b t_u / (P N)|^(1/(1−b))``.
    """
    if not 0 < b < 1:
        raise ValueError(
            "Le paramètre b de l'indice d'Atkinson doit être strictement entre 0 et 1."
        )
    x, t, total = _focal_and_totals(table, focal)
    p = x.sum() / total
    share = np.divide(x, t, out=np.zeros_like(x), where=t > 0)
    inner = float((((1 - share) ** (1 - b)) * share**b * t).sum() / (p * total))
    return float(1 - p / (1 - p) * abs(inner) ** (1 / (1 - b)))


def multigroup_dissimilarity(table: TableLike) -> float:
    """Multigroup dissimilarity ``D = Σ_u Σ_g t_u |π_ug − P_g| / (2 N I)`` (Sakoda)."""
    share, t, p, total = _shares(table)
    interaction = float((p * (1 - p)).sum())
    return float((t[:, None] * np.abs(share - p)).sum() / (2 * total * interaction))


def multigroup_gini(table: TableLike) -> float:
    """Multigroup Gini ``Σ_g Σ_u Σ_v t_u t_v |π_ug − π_vg| / (2 N² I)`` (Reardon & Firebaugh)."""
    share, t, p, total = _shares(table)
    interaction = float((p * (1 - p)).sum())
    pairs = sum(_pairwise_abs_sum(share[:, g], t) for g in range(share.shape[1]))
    return pairs / (2 * total**2 * interaction)


def normalized_exposure(table: TableLike) -> float:
    """Normalised exposure ``P = Σ_u Σ_g t_u (π_ug − P_g)² / (N (1 − P_g))`` (R & F)."""
    share, t, p, total = _shares(table)
    return float((t[:, None] * (share - p) ** 2 / (1 - p)).sum() / total)


def relative_diversity(table: TableLike) -> float:
    """Relative diversity ``R = Σ_u Σ_g t_u (π_ug − P_g)² / (N I)`` (Reardon & Firebaugh)."""
    share, t, p, total = _shares(table)
    interaction = float((p * (1 - p)).sum())
    return float((t[:, None] * (share - p) ** 2).sum() / (total * interaction))


def squared_coefficient_of_variation(table: TableLike) -> float:
    """``C = Σ_u Σ_g t_u (π_ug − P_g)² / (N (K − 1) P_g)`` (Reardon & Firebaugh)."""
    share, t, p, total = _shares(table)
    k = share.shape[1]
    return float((t[:, None] * (share - p) ** 2 / ((k - 1) * p)).sum() / total)


def simpson_concentration(table: TableLike) -> float:
    """``Σ_g P_g²``: chance that two people drawn from the whole population share a category."""
    _, _, p, _ = _shares(table)
    return float((p**2).sum())


def location_quotients(table: TableLike) -> FloatArray:
    """``π_ug / P_g`` for every unit and category (``NaN`` for empty units)."""
    counts = as_table(table).counts
    total = positive_total(counts)
    t = counts.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        quotients: FloatArray = (counts / t[:, None]) / (counts.sum(axis=0) / total)
    return quotients


def _shares(table: TableLike) -> tuple[FloatArray, FloatArray, FloatArray, float]:
    counts = as_table(table).counts
    total = positive_total(counts)
    t = counts.sum(axis=1)
    share = np.divide(counts, t[:, None], out=np.zeros_like(counts), where=t[:, None] > 0)
    return share, t, counts.sum(axis=0) / total, total


def _focal_and_totals(
    table: TableLike, focal: Hashable | None
) -> tuple[FloatArray, FloatArray, float]:
    counts_table = as_table(table)
    total = positive_total(counts_table.counts)
    column = counts_table.group_index(focal)
    return counts_table.counts[:, column], counts_table.counts.sum(axis=1), total


def _pairwise_abs_sum(values: FloatArray, weights: FloatArray) -> float:
    """``Σ_u Σ_v w_u w_v |x_u − x_v|`` in O(n log n): sort, then use prefix sums."""
    order = np.argsort(values, kind="stable")
    x, w = values[order], weights[order]
    weight_before = np.cumsum(w) - w
    weighted_before = np.cumsum(w * x) - w * x
    return float(2 * (w * (x * weight_before - weighted_before)).sum())
