"""Social-mix indicators: the pure engine (numpy only — no Qt, no SQL).

Notation (DESIGN.md §5): ``t[u][g]`` is the weight of category ``g`` in unit ``u`` (pupils, or
attended hours: real numbers are allowed); ``N`` the total; ``p_u`` and ``p_g`` the shares of
unit ``u`` and category ``g``; ``π_g|u`` the share of ``g`` inside ``u``; natural logarithms.

API — every function takes a :data:`~cites_app.indicators.table.TableLike`: a
:class:`~cites_app.indicators.table.CountTable`, a mapping ``{unit: {category: weight}}`` or a 2-D
array units × categories.

* :func:`entropy` — ``E`` of one distribution.
* :func:`segregation` → :class:`Segregation`: ``E``, ``M``, Theil's ``H = M / E`` and the local
  scores ``L_u`` with their weights ``p_u``.
* :func:`decompose` → :class:`Decomposition`: ``M = M_between + Σ p_s M_s`` for any grouping of
  the units, and the ``H`` equivalents.
* :func:`two_group` → :class:`TwoGroup`: one category against the rest — dissimilarity ``D``,
  isolation ``xPx``, exposure ``xPy``, ``V = η²`` and the two-group ``H``.
* :func:`exposure_matrix`: exposure of every category to every other one.
* :mod:`~cites_app.indicators.within_unit`: diversity inside a unit, the cross-school contact
  rate of a séance, ``η²`` of the IPS.
* :mod:`~cites_app.indicators.random_baseline`: expected values under random allocation.

Conventions, applied everywhere:

* Units with zero weight stay in every sum (they weigh ``p_u = 0``); ``0 ln 0 = 0``.
* A value that is undefined is ``None`` in a scalar result and ``NaN`` inside a numpy array
  (e.g. ``L_u`` of an empty unit).
* ``H`` is normalised by the entropy of the **categories**, never of the units; when ``E = 0``
  (a single category present) ``H`` is set to 0 and :attr:`Segregation.note` says so.
* Error messages are in French: they may reach the coordinator through the CLI or the GUI.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from cites_app.indicators.table import (
    CountTable,
    FloatArray,
    TableLike,
    as_table,
    encode_labels,
    positive_total,
)

#: Note attached to a result whose categories have zero entropy.
ZERO_ENTROPY_NOTE = (
    "Une seule catégorie est présente (entropie E = 0) : H n'est pas défini et vaut 0 par "
    "convention."
)


@dataclass(frozen=True, eq=False)
class Segregation:
    """Information-theory indices of one table.

    ``unit_weights[i]`` is ``p_u`` and ``local[i]`` is ``L_u`` of the unit ``table.units[i]``
    (``NaN`` for an empty unit); ``Σ p_u L_u = M``.
    """

    table: CountTable
    entropy: float
    mutual_information: float
    theil_h: float
    unit_weights: FloatArray
    local: FloatArray
    note: str | None = None

    def local_by_unit(self) -> dict[Hashable, tuple[float, float | None]]:
        """``{unit: (p_u, L_u)}``, with ``None`` for the score of an empty unit."""
        return {
            unit: (float(p), None if math.isnan(score) else float(score))
            for unit, p, score in zip(self.table.units, self.unit_weights, self.local, strict=True)
        }


@dataclass(frozen=True)
class Component:
    """One super-unit ``s`` of a decomposition.

    ``mutual_information`` is ``M_s`` (segregation among the units of ``s``, measured against the
    composition of ``s``), ``theil_h`` is ``M_s / E_s`` with ``E_s`` the entropy of ``s``, and
    ``share_of_total_m`` is ``p_s M_s / M``. Values are ``None`` when undefined (empty ``s``,
    ``M = 0``).
    """

    weight: float
    mutual_information: float | None
    theil_h: float | None
    share_of_total_m: float | None


@dataclass(frozen=True)
class Decomposition:
    """``M = M_between + M_within`` with ``M_within = Σ_s p_s M_s``; ``H_* = M_* / E``."""

    mutual_information: float
    theil_h: float
    between_m: float
    within_m: float
    between_h: float
    within_h: float
    components: dict[Hashable, Component]


@dataclass(frozen=True)
class TwoGroup:
    """Indices of the category ``focal`` (``x``) against all the others together (``y``).

    ``focal_share`` is ``P = X / N``; ``eta_squared`` is ``V = (xPx − P) / (1 − P)`` (Bell's
    η², the correlation ratio of Ly & Riegert); ``theil_h`` is Theil's ``H`` of the 2-column
    table. Fields are ``None`` when undefined (nobody, or everybody, in the focal category).
    """

    focal: Hashable
    focal_share: float
    dissimilarity: float | None
    isolation: float | None
    exposure: float | None
    eta_squared: float | None
    theil_h: float


def entropy(weights: npt.ArrayLike) -> float:
    """Entropy ``E = −Σ p ln p`` (nats) of a distribution given by non-negative weights."""
    array = np.asarray(weights, dtype=np.float64).ravel()
    total = array.sum()
    if not total > 0:
        raise ValueError("Impossible de calculer une entropie : le poids total est nul.")
    shares = array[array > 0] / total
    return float(max(-(shares * np.log(shares)).sum(), 0.0))


def segregation(table: TableLike) -> Segregation:
    """Entropy ``E``, mutual information ``M``, Theil's ``H`` and local scores of a table.

    ``M = Σ_u p_u Σ_g π_g|u ln(π_g|u / p_g)``, ``H = M / E`` (0 when ``E = 0``, with a note),
    ``L_u = Σ_g π_g|u ln(π_g|u / p_g)``.
    """
    counts_table = as_table(table)
    counts = counts_table.counts
    total = positive_total(counts)
    unit_totals = counts.sum(axis=1)
    group_shares = counts.sum(axis=0) / total
    unit_weights = unit_totals / total
    local = _local_scores(counts, unit_totals, group_shares)
    # Empty units carry NaN scores but weigh 0: they contribute nothing to M.
    m = float(max(np.dot(unit_weights, np.nan_to_num(local)), 0.0))
    e = entropy(group_shares)
    h, note = (m / e, None) if e > 0 else (0.0, ZERO_ENTROPY_NOTE)
    local.setflags(write=False)
    unit_weights.setflags(write=False)
    return Segregation(counts_table, e, m, h, unit_weights, local, note)


def mutual_information(table: TableLike) -> float:
    """Mutual information ``M`` (nats) between units and categories."""
    return segregation(table).mutual_information


def theil_h(table: TableLike) -> float:
    """Theil's information index ``H = M / E`` (0 when only one category is present)."""
    return segregation(table).theil_h


def decompose(
    table: TableLike, grouping: Mapping[Any, Hashable] | Sequence[Hashable]
) -> Decomposition:
    """Split ``M`` (and ``H``) between and within the super-units of ``grouping``.

    ``grouping`` maps each unit label to its super-unit (secteur, EP status, commune…), or gives
    one super-unit per row. Every unit must be covered; a unit belongs to one super-unit only.
    ``M_between`` is ``M`` of the table aggregated by super-unit, ``M_s`` is ``M`` among the units
    of ``s`` against the composition of ``s``, and ``M = M_between + Σ p_s M_s`` exactly.
    """
    counts_table = as_table(table)
    overall = segregation(counts_table)
    total = counts_table.total
    labels = counts_table.grouping_of_units(grouping)
    between = segregation(counts_table.aggregated(labels)).mutual_information
    codes, distinct = encode_labels(labels)
    components: dict[Hashable, Component] = {}
    within = 0.0
    for code, label in enumerate(distinct):
        part = counts_table.rows(codes == code)
        weight = part.total / total
        if weight == 0:
            components[label] = Component(0.0, None, None, None)
            continue
        inner = segregation(part)
        within += weight * inner.mutual_information
        share = (
            weight * inner.mutual_information / overall.mutual_information
            if overall.mutual_information > 0
            else None
        )
        components[label] = Component(weight, inner.mutual_information, inner.theil_h, share)
    e = overall.entropy
    return Decomposition(
        mutual_information=overall.mutual_information,
        theil_h=overall.theil_h,
        between_m=between,
        within_m=within,
        between_h=between / e if e > 0 else 0.0,
        within_h=within / e if e > 0 else 0.0,
        components=components,
    )


def two_group(table: TableLike, focal: Hashable | None = None) -> TwoGroup:
    """Dissimilarity, isolation, exposure, ``V = η²`` and ``H`` of ``focal`` against the rest.

    ``focal`` is a category label; by default the first category of the table. With ``x_u`` the
    focal weight and ``y_u`` the rest in unit ``u`` (totals ``X``, ``Y``, ``N``; ``P = X / N``):
    ``D = ½ Σ |x_u/X − y_u/Y|`` (Duncan & Duncan), ``xPx = Σ (x_u/X)(x_u/t_u)`` and
    ``xPy = Σ (x_u/X)(y_u/t_u)`` (Bell; Lieberson), ``V = (xPx − P)/(1 − P)``.
    """
    counts_table = as_table(table)
    column = counts_table.group_index(focal)
    counts = counts_table.counts
    total = positive_total(counts)
    x = counts[:, column]
    t = counts.sum(axis=1)
    y = t - x
    x_total, y_total = float(x.sum()), float(y.sum())
    p = x_total / total
    h = segregation(CountTable.from_array(np.column_stack([x, y]))).theil_h
    if x_total == 0 or y_total == 0:
        return TwoGroup(counts_table.groups[column], p, None, None, None, None, h)
    dissimilarity = 0.5 * float(np.abs(x / x_total - y / y_total).sum())
    share_in_unit = np.divide(x, t, out=np.zeros_like(x), where=t > 0)
    isolation = float(np.dot(x / x_total, share_in_unit))
    exposure = float(np.dot(x / x_total, 1.0 - share_in_unit))
    eta_squared = (isolation - p) / (1.0 - p)
    return TwoGroup(
        counts_table.groups[column], p, dissimilarity, isolation, exposure, eta_squared, h
    )


def exposure_matrix(table: TableLike) -> FloatArray:
    """``P[g, h] = Σ_u (t_ug / T_g)(t_uh / t_u)``: exposure of category ``g`` to ``h``.

    Each row sums to 1 and the diagonal holds the isolation indices; a category with zero total
    has a row of ``NaN``. Empty units are skipped in the sum (their terms are 0).
    """
    counts = as_table(table).counts
    positive_total(counts)
    unit_totals = counts.sum(axis=1)
    group_totals = counts.sum(axis=0)
    within = np.divide(
        counts, unit_totals[:, None], out=np.zeros_like(counts), where=unit_totals[:, None] > 0
    )
    raw = counts.T @ within
    with np.errstate(invalid="ignore", divide="ignore"):
        matrix: FloatArray = raw / group_totals[:, None]
    matrix[group_totals == 0] = np.nan
    return matrix


def _local_scores(
    counts: FloatArray, unit_totals: FloatArray, group_shares: FloatArray
) -> FloatArray:
    """``L_u`` for every unit; ``NaN`` for empty units, ``0 ln 0 = 0`` for empty cells."""
    local = np.full(counts.shape[0], np.nan)
    occupied = unit_totals > 0
    within = counts[occupied] / unit_totals[occupied, None]
    positive = within > 0
    # Only cells with π > 0 enter the sum, and such a category has p_g > 0.
    ratio = np.divide(within, group_shares, out=np.ones_like(within), where=positive)
    terms = np.where(positive, within * np.log(ratio), 0.0)
    local[occupied] = terms.sum(axis=1)
    return local
