"""Mix inside each unit: diversity, the cross-school contact rate of a séance, η² of the IPS.

Same conventions as :mod:`cites_app.indicators.engine`: ``None`` for an undefined scalar, ``NaN``
for an undefined entry of an array.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt

from cites_app.indicators.table import FloatArray, IntArray, TableLike, as_table

MissingSd = Literal["skip", "pooled", "zero"]


@dataclass(frozen=True, eq=False)
class UnitDiversity:
    """Diversity of each unit (arrays in the row order of the table; ``NaN`` for empty units).

    ``entropy`` is ``E_u = −Σ_g π_g|u ln π_g|u``; ``normalized_entropy`` is ``E_u / ln K`` with
    ``K`` the number of categories of the table (0 = one category only, 1 = all ``K`` equally
    present; ``NaN`` when ``K = 1``); ``simpson_interaction`` is ``1 − Σ_g π_g|u²``, the chance
    that two individuals drawn at random (with replacement) from the unit differ.
    """

    entropy: FloatArray
    normalized_entropy: FloatArray
    simpson_interaction: FloatArray


@dataclass(frozen=True, eq=False)
class SessionMix:
    """Cross-school mix of every séance (arrays in the row order of a séance × school table).

    ``sizes``: children; ``schools_represented``: schools with at least one child;
    ``largest_school_share``: share of the best-represented school (``NaN`` for an empty séance);
    ``contact_rate``: :func:`contact_rate` of the séance (``NaN`` when ``n ≤ 1``).
    """

    sizes: FloatArray
    schools_represented: IntArray
    largest_school_share: FloatArray
    contact_rate: FloatArray


@dataclass(frozen=True)
class IpsEtaSquared:
    """``η²`` of the IPS and how schools without a standard deviation were treated.

    ``value`` is ``None`` when the total variance is zero (or no school is usable);
    ``schools_without_sd`` lists the positions (in the input order) of schools whose standard
    deviation was missing; with ``missing_sd="skip"`` they are not among ``schools_used``.
    """

    value: float | None
    schools_used: int
    schools_without_sd: tuple[int, ...]
    missing_sd: MissingSd


def unit_diversity(table: TableLike) -> UnitDiversity:
    """Normalised entropy and Simpson interaction of every unit."""
    counts = as_table(table).counts
    unit_totals = counts.sum(axis=1)
    occupied = unit_totals > 0
    shares = np.divide(
        counts, unit_totals[:, None], out=np.zeros_like(counts), where=occupied[:, None]
    )
    logs = np.log(shares, out=np.zeros_like(shares), where=shares > 0)
    unit_entropy = np.where(occupied, np.maximum(-(shares * logs).sum(axis=1), 0.0), np.nan)
    k = counts.shape[1]
    normalized = unit_entropy / math.log(k) if k > 1 else np.full_like(unit_entropy, np.nan)
    simpson = np.where(occupied, 1.0 - (shares**2).sum(axis=1), np.nan)
    return UnitDiversity(unit_entropy, normalized, simpson)


def contact_rate(school_sizes: Sequence[int] | npt.ArrayLike) -> float | None:
    """Cross-school contact rate of one séance from the number of children of each school.

    ``C_s = (1/n) Σ_i (n − n_k(i)) / (n − 1) = Σ_k n_k (n − n_k) / (n (n − 1))``: the average
    share of a child's séance peers who come from another school (0 = all from the same school,
    1 = no two children from the same school). It is Simpson's interaction drawn *without*
    replacement. ``None`` when ``n ≤ 1``: a child alone has no peer, so the rate is undefined
    rather than 0 (0 would read as "no mix" and drag averages down).
    """
    sizes = _headcounts(np.asarray(school_sizes, dtype=np.float64).reshape(1, -1))[0]
    n = float(sizes.sum())
    if n <= 1:
        return None
    return float((sizes * (n - sizes)).sum() / (n * (n - 1)))


def contact_rates(table: TableLike) -> FloatArray:
    """Contact rate ``C_s`` of every unit (séance × school headcounts); ``NaN`` when ``n ≤ 1``."""
    counts = _headcounts(as_table(table).counts)
    return contact_rates_from_sums(counts.sum(axis=1), (counts**2).sum(axis=1))


def mean_contact_rate(table: TableLike) -> float | None:
    """Average contact rate over child participations: ``Σ_s n_s C_s / Σ_s n_s``.

    Séances with ``n ≤ 1`` are left out (their rate is undefined). Weighting by ``n_s`` answers
    "for a child taken at random among the participations, which share of the peers came from
    another school?". ``None`` when no séance has two children.
    """
    counts = _headcounts(as_table(table).counts)
    sizes = counts.sum(axis=1)
    return participation_weighted_mean(sizes, contact_rates(counts))


def session_mix(table: TableLike) -> SessionMix:
    """Number of schools, share of the largest school and contact rate of every séance."""
    counts = _headcounts(as_table(table).counts)
    sizes = counts.sum(axis=1)
    largest = counts.max(axis=1, initial=0.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        largest_share = np.where(sizes > 0, largest / sizes, np.nan)
    represented = (counts > 0).sum(axis=1).astype(np.int64)
    return SessionMix(sizes, represented, largest_share, contact_rates(counts))


def ips_eta_squared(
    means: Sequence[float] | npt.ArrayLike,
    sds: Sequence[float | None],
    sizes: Sequence[float] | npt.ArrayLike,
    missing_sd: MissingSd = "skip",
) -> IpsEtaSquared:
    """Share of the IPS variance that lies between schools.

    ``η² = Σ_j n_j (m_j − m̄)² / Σ_j n_j [s_j² + (m_j − m̄)²]`` with ``m̄`` the size-weighted mean
    of the schools used. The decomposition of the total variance is exact when ``s_j`` has the
    divisor ``n_j``; with the sample version (``n_j − 1``) the difference is negligible at school
    sizes.

    A school without a standard deviation (``None``) is, according to ``missing_sd``:
    ``"skip"`` (default) left out entirely, mean and size included; ``"pooled"`` given the
    size-weighted pooled variance of the schools that have one; ``"zero"`` given no within-school
    variance, which yields an upper bound of ``η²``.
    """
    mean_array = np.asarray(means, dtype=np.float64)
    size_array = np.asarray(sizes, dtype=np.float64)
    if not (len(mean_array) == len(sds) == len(size_array)):
        raise ValueError("Il faut autant de moyennes, d'écarts-types et d'effectifs que d'écoles.")
    if not np.all(np.isfinite(mean_array)) or not np.all(np.isfinite(size_array)):
        raise ValueError("Les moyennes et les effectifs d'IPS doivent être des nombres finis.")
    if np.any(size_array < 0):
        raise ValueError("Un effectif d'école est négatif.")
    without_sd = tuple(j for j, sd in enumerate(sds) if sd is None)
    known = np.array([sd is not None for sd in sds], dtype=bool)
    variances = np.array([0.0 if sd is None else float(sd) ** 2 for sd in sds], dtype=np.float64)
    if any(sd is not None and (not math.isfinite(sd) or sd < 0) for sd in sds):
        raise ValueError("Un écart-type d'IPS est négatif ou non fini.")
    if missing_sd == "skip":
        used = known
    elif missing_sd == "pooled":
        used = np.ones(len(sds), dtype=bool)
        known_size = size_array[known].sum()
        pooled = (
            float(np.dot(size_array[known], variances[known]) / known_size)
            if known_size > 0
            else 0.0
        )
        variances[~known] = pooled
    elif missing_sd == "zero":
        used = np.ones(len(sds), dtype=bool)
    else:
        raise ValueError(f"Traitement des écarts-types manquants inconnu : « {missing_sd} ».")
    n, m, v = size_array[used], mean_array[used], variances[used]
    total = float(n.sum())
    if total == 0:
        return IpsEtaSquared(None, int(used.sum()), without_sd, missing_sd)
    grand_mean = float(np.dot(n, m) / total)
    between = float(np.dot(n, (m - grand_mean) ** 2))
    overall = float(np.dot(n, v)) + between
    value = between / overall if overall > 0 else None
    return IpsEtaSquared(value, int(used.sum()), without_sd, missing_sd)


def _headcounts(counts: FloatArray) -> FloatArray:
    """Contact rates count children, not hours: refuse non-integer or negative weights."""
    if np.any(counts < 0) or not np.all(np.isfinite(counts)):
        raise ValueError("Les effectifs d'une séance doivent être des entiers positifs ou nuls.")
    if np.any(counts != np.round(counts)):
        raise ValueError(
            "Le taux de contact se calcule sur des effectifs d'enfants (nombres entiers), "
            "pas sur des heures."
        )
    return counts


def contact_rates_from_sums(sizes: FloatArray, sum_of_squares: FloatArray) -> FloatArray:
    """``C_s = (n² − Σ_k n_k²) / (n (n − 1))``, ``NaN`` where ``n ≤ 1`` (works on any shape)."""
    with np.errstate(invalid="ignore", divide="ignore"):
        rates: FloatArray = (sizes**2 - sum_of_squares) / (sizes * (sizes - 1))
    return np.where(sizes > 1, rates, np.nan)


def participation_weighted_mean(sizes: FloatArray, rates: FloatArray) -> float | None:
    """``Σ n_s C_s / Σ n_s`` over units with ``n_s > 1``; ``None`` if there is none."""
    defined = sizes > 1
    weight = float(sizes[defined].sum())
    if weight == 0:
        return None
    return float(np.dot(sizes[defined], rates[defined]) / weight)
