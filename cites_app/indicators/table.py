"""The contingency table every mix indicator is computed from.

A :class:`CountTable` holds ``t[u][g]``: the weight (pupils, or attended hours — real numbers are
allowed) of category ``g`` in unit ``u``, with the unit and category labels. Units whose weights are
all zero are kept: every indicator keeps them in its sums (they weigh ``p_u = 0``), because
dropping them silently changes some published indices (see ``tests/data/segregation/README.md``).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeAlias

import numpy as np
import numpy.typing as npt

FloatArray: TypeAlias = npt.NDArray[np.float64]
IntArray: TypeAlias = npt.NDArray[np.int64]
BoolArray: TypeAlias = npt.NDArray[np.bool_]


@dataclass(frozen=True, eq=False)
class CountTable:
    """Weights of each category (columns) in each unit (rows), with their labels.

    Build it with :meth:`from_array`, :meth:`from_mapping` or :meth:`from_records`; the array is
    made read-only so that a table can be shared between computations.
    """

    counts: FloatArray
    units: tuple[Hashable, ...]
    groups: tuple[Hashable, ...]

    def __post_init__(self) -> None:
        counts = self.counts
        if counts.ndim != 2:
            raise ValueError(
                f"Le tableau des effectifs doit avoir deux dimensions (unités × catégories), "
                f"pas {counts.ndim}."
            )
        if counts.shape != (len(self.units), len(self.groups)):
            raise ValueError(
                f"Le tableau des effectifs a la forme {counts.shape} mais "
                f"{len(self.units)} unités et {len(self.groups)} catégories sont nommées."
            )
        if not np.all(np.isfinite(counts)):
            raise ValueError("Le tableau des effectifs contient une valeur non finie.")
        if np.any(counts < 0):
            raise ValueError("Le tableau des effectifs contient un poids négatif.")
        _require_unique(self.units, "L'unité")
        _require_unique(self.groups, "La catégorie")
        counts.setflags(write=False)

    @classmethod
    def from_array(
        cls,
        counts: npt.ArrayLike,
        units: Sequence[Hashable] | None = None,
        groups: Sequence[Hashable] | None = None,
    ) -> CountTable:
        """Table from a 2-D array units × categories; labels default to row / column indices."""
        array = np.array(counts, dtype=np.float64)
        if array.ndim != 2:
            raise ValueError(
                f"Le tableau des effectifs doit avoir deux dimensions (unités × catégories), "
                f"pas {array.ndim}."
            )
        unit_labels = tuple(range(array.shape[0])) if units is None else tuple(units)
        group_labels = tuple(range(array.shape[1])) if groups is None else tuple(groups)
        return cls(array, unit_labels, group_labels)

    @classmethod
    def from_mapping(
        cls,
        counts: Mapping[Any, Mapping[Any, float]],
        groups: Sequence[Hashable] | None = None,
    ) -> CountTable:
        """Table from ``{unit: {category: weight}}``.

        Categories absent from a unit count 0. Without ``groups``, categories are ordered by first
        appearance; with it, a category outside ``groups`` is an error.
        """
        units = tuple(counts)
        group_labels = (
            tuple(groups)
            if groups is not None
            else _first_seen(g for row in counts.values() for g in row)
        )
        column = {g: j for j, g in enumerate(group_labels)}
        array = np.zeros((len(units), len(group_labels)), dtype=np.float64)
        for i, unit in enumerate(units):
            for group, weight in counts[unit].items():
                if group not in column:
                    raise ValueError(
                        f"La catégorie « {group} » de l'unité « {unit} » n'est pas dans la liste "
                        "des catégories."
                    )
                array[i, column[group]] += weight
        return cls(array, units, group_labels)

    @classmethod
    def from_records(
        cls,
        units: Labels,
        groups: Labels,
        weights: Sequence[float] | npt.ArrayLike | None = None,
    ) -> CountTable:
        """Table from one record per individual (or per row): unit, category and weight.

        Records with the same (unit, category) are summed; without ``weights`` each record
        counts 1. Labels are ordered by first appearance.
        """
        unit_codes, unit_labels = encode_labels(units)
        group_codes, group_labels = encode_labels(groups)
        if len(unit_codes) != len(group_codes):
            raise ValueError("Il faut autant d'unités que de catégories (une par individu).")
        weight_array = _weights_array(weights, len(unit_codes))
        flat = weighted_bincount(
            unit_codes * len(group_labels) + group_codes,
            weight_array,
            len(unit_labels) * len(group_labels),
        )
        return cls(flat.reshape(len(unit_labels), len(group_labels)), unit_labels, group_labels)

    @property
    def total(self) -> float:
        """Total weight ``N``."""
        return float(self.counts.sum())

    def transposed(self) -> CountTable:
        """The same table with categories as units and units as categories."""
        return CountTable(self.counts.T.copy(), self.groups, self.units)

    def aggregated(self, grouping: Mapping[Any, Hashable] | Sequence[Hashable]) -> CountTable:
        """Units merged by ``grouping`` (unit label → super-unit, or one super-unit per row)."""
        codes, labels = encode_labels(self.grouping_of_units(grouping))
        array = np.zeros((len(labels), len(self.groups)), dtype=np.float64)
        np.add.at(array, codes, self.counts)
        return CountTable(array, labels, self.groups)

    def rows(self, mask: BoolArray) -> CountTable:
        """The sub-table of the units selected by a boolean mask."""
        return CountTable(
            self.counts[mask].copy(),
            tuple(u for u, keep in zip(self.units, mask, strict=True) if keep),
            self.groups,
        )

    def group_index(self, focal: Hashable | None) -> int:
        """Column of the category ``focal``; ``None`` means the first category."""
        if not self.groups:
            raise ValueError("Le tableau n'a aucune catégorie.")
        if focal is None:
            return 0
        try:
            return self.groups.index(focal)
        except ValueError:
            known = ", ".join(f"« {g} »" for g in self.groups)
            raise ValueError(
                f"Catégorie « {focal} » inconnue ; catégories du tableau : {known}."
            ) from None

    def grouping_of_units(
        self, grouping: Mapping[Any, Hashable] | Sequence[Hashable]
    ) -> list[Hashable]:
        """Super-unit of every unit, in row order; every unit must be covered."""
        if isinstance(grouping, Mapping):
            missing = [u for u in self.units if u not in grouping]
            if missing:
                shown = ", ".join(f"« {u} »" for u in missing[:5])
                raise ValueError(
                    f"{len(missing)} unité(s) sans regroupement : {shown}"
                    + (" …" if len(missing) > 5 else "")
                )
            return [grouping[u] for u in self.units]
        labels = list(grouping)
        if len(labels) != len(self.units):
            raise ValueError(
                f"Le regroupement donne {len(labels)} valeurs pour {len(self.units)} unités."
            )
        return labels


#: Per-individual labels (units or categories): a sequence, or a 1-D numpy array.
Labels: TypeAlias = Sequence[Hashable] | npt.NDArray[Any]

#: What the indicator functions accept: a :class:`CountTable`, a mapping
#: ``{unit: {category: weight}}`` (missing categories count 0) or a 2-D array units × categories.
TableLike: TypeAlias = CountTable | Mapping[Any, Mapping[Any, float]] | npt.ArrayLike


def as_table(table: TableLike) -> CountTable:
    """Coerce a :data:`TableLike` to a :class:`CountTable`."""
    if isinstance(table, CountTable):
        return table
    if isinstance(table, Mapping):
        return CountTable.from_mapping(table)
    return CountTable.from_array(table)


def positive_total(counts: FloatArray) -> float:
    """Total weight of a counts array; an error when it is zero (no indicator is defined)."""
    total = float(counts.sum())
    if not total > 0:
        raise ValueError("Le poids total du tableau est nul : aucun indicateur n'est calculable.")
    return total


def weighted_bincount(codes: IntArray, weights: npt.ArrayLike, minlength: int) -> FloatArray:
    """``np.bincount`` with weights, typed as the float array it returns."""
    return np.asarray(np.bincount(codes, weights=weights, minlength=minlength), dtype=np.float64)


def encode_labels(labels: Iterable[Hashable]) -> tuple[IntArray, tuple[Hashable, ...]]:
    """Integer code of each label and the distinct labels, in order of first appearance.

    A dict rather than ``np.unique`` because labels may be of mixed, unorderable types and the
    first-seen order is the one users expect in reports. An integer numpy array (the territory
    queries pass hundreds of thousands of séance ids) takes a vectorised path with the same
    result; its labels come back as Python ints.
    """
    if isinstance(labels, np.ndarray) and labels.ndim == 1 and labels.dtype.kind in "iu":
        distinct, first, inverse = np.unique(labels, return_index=True, return_inverse=True)
        order = np.argsort(first, kind="stable")
        rank = np.empty(len(order), dtype=np.int64)
        rank[order] = np.arange(len(order), dtype=np.int64)
        return rank[inverse.ravel()], tuple(distinct[order].tolist())
    index: dict[Hashable, int] = {}
    codes = [index.setdefault(label, len(index)) for label in labels]
    return np.array(codes, dtype=np.int64), tuple(index)


def _weights_array(weights: Sequence[float] | npt.ArrayLike | None, size: int) -> FloatArray:
    if weights is None:
        return np.ones(size, dtype=np.float64)
    array = np.asarray(weights, dtype=np.float64)
    if array.shape != (size,):
        raise ValueError(f"Il faut un poids par individu ({size}), pas {array.size}.")
    if not np.all(np.isfinite(array)) or np.any(array < 0):
        raise ValueError("Les poids doivent être des nombres positifs ou nuls.")
    return array


def _first_seen(labels: Iterable[Hashable]) -> tuple[Hashable, ...]:
    return encode_labels(labels)[1]


def _require_unique(labels: tuple[Hashable, ...], what: str) -> None:
    seen: set[Hashable] = set()
    for label in labels:
        if label in seen:
            raise ValueError(f"{what} « {label} » apparaît deux fois.")
        seen.add(label)
