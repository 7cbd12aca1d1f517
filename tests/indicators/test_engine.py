"""Hand-computed cases for E, M, H, local scores, the decomposition and the two-group indices."""

from __future__ import annotations

import math

import numpy as np
import pytest

from cites_app.indicators import (
    CountTable,
    decompose,
    entropy,
    exposure_matrix,
    mutual_information,
    segregation,
    theil_h,
    two_group,
)
from cites_app.indicators.engine import ZERO_ENTROPY_NOTE

LN2 = math.log(2)


def test_fully_segregated_two_groups() -> None:
    result = segregation([[10, 0], [0, 10]])
    assert result.entropy == pytest.approx(LN2)
    assert result.mutual_information == pytest.approx(LN2)
    assert result.theil_h == pytest.approx(1.0)
    np.testing.assert_allclose(result.local, [LN2, LN2])
    np.testing.assert_allclose(result.unit_weights, [0.5, 0.5])
    pair = two_group([[10, 0], [0, 10]])
    assert (pair.dissimilarity, pair.isolation, pair.exposure) == pytest.approx((1.0, 1.0, 0.0))
    assert pair.eta_squared == pytest.approx(1.0)


def test_fully_segregated_unequal_groups() -> None:
    # Shares 1/4, 1/2, 1/4: E = 1.5 ln 2, and full segregation gives M = E, H = 1.
    result = segregation([[5, 0, 0], [0, 10, 0], [0, 0, 5]])
    assert result.entropy == pytest.approx(1.5 * LN2)
    assert result.mutual_information == pytest.approx(1.5 * LN2)
    assert result.theil_h == pytest.approx(1.0)


def test_perfectly_mixed_table() -> None:
    table = [[5, 5], [10, 10], [1, 1]]
    result = segregation(table)
    assert result.mutual_information == 0.0
    assert result.theil_h == 0.0
    np.testing.assert_allclose(result.local, [0.0, 0.0, 0.0], atol=1e-15)
    pair = two_group(table)
    assert pair.dissimilarity == pytest.approx(0.0)
    assert pair.isolation == pytest.approx(0.5)  # = P: nobody more isolated than chance
    assert pair.eta_squared == pytest.approx(0.0, abs=1e-15)


def test_unit_with_a_zero_cell() -> None:
    # p_g = (3/4, 1/4). Unit 1 = (1, 0): L = ln(4/3); unit 2 = (1/2, 1/2): L = ½ ln(4/3).
    result = segregation([[4, 0], [2, 2]])
    np.testing.assert_allclose(result.local, [math.log(4 / 3), 0.5 * math.log(4 / 3)])
    assert result.mutual_information == pytest.approx(0.75 * math.log(4 / 3))
    expected_e = -(0.75 * math.log(0.75) + 0.25 * math.log(0.25))
    assert result.entropy == pytest.approx(expected_e)
    assert result.theil_h == pytest.approx(0.75 * math.log(4 / 3) / expected_e)
    assert result.theil_h == pytest.approx(0.383689, abs=1e-6)


def test_empty_unit_stays_in_the_table() -> None:
    table = CountTable.from_array([[4, 0], [0, 0], [2, 2]], units=["a", "vide", "b"])
    result = segregation(table)
    assert result.mutual_information == pytest.approx(0.75 * math.log(4 / 3))
    assert result.unit_weights[1] == 0.0
    assert math.isnan(result.local[1])
    by_unit = result.local_by_unit()
    assert by_unit["vide"] == (0.0, None)
    assert by_unit["a"] == pytest.approx((0.5, math.log(4 / 3)))


def test_real_number_weights() -> None:
    # Hours: π = (3/4, 1/4) in each unit against p = (1/2, 1/2).
    result = segregation([[1.5, 0.5], [0.5, 1.5]])
    expected_l = 0.75 * math.log(1.5) + 0.25 * math.log(0.5)
    assert result.mutual_information == pytest.approx(expected_l)
    assert result.theil_h == pytest.approx(expected_l / LN2)
    assert result.theil_h == pytest.approx(0.188722, abs=1e-6)
    # Only proportions matter: the same table in minutes gives the same figures.
    assert theil_h([[90, 30], [30, 90]]) == pytest.approx(result.theil_h)


def test_mapping_input_with_missing_categories() -> None:
    from_mapping = segregation({"A": {"x": 4}, "B": {"x": 2, "y": 2}})
    assert from_mapping.table.groups == ("x", "y")
    assert from_mapping.mutual_information == pytest.approx(mutual_information([[4, 0], [2, 2]]))


def test_single_category_gives_h_zero_with_a_note() -> None:
    result = segregation({"A": {"x": 3}, "B": {"x": 5}})
    assert result.entropy == 0.0
    assert result.mutual_information == 0.0
    assert result.theil_h == 0.0
    assert result.note == ZERO_ENTROPY_NOTE
    assert "E = 0" in ZERO_ENTROPY_NOTE
    assert segregation([[1, 1], [0, 2]]).note is None


def test_entropy_of_a_distribution() -> None:
    assert entropy([10, 30]) == pytest.approx(0.5623351446188083)
    assert entropy([1, 1, 1, 1]) == pytest.approx(math.log(4))
    assert entropy([7, 0]) == 0.0
    with pytest.raises(ValueError, match="poids total est nul"):
        entropy([0, 0])


def test_decomposition_by_hand() -> None:
    # S1 holds two fully segregated units, S2 two mixed ones; both super-units are 50/50.
    table = CountTable.from_array([[4, 0], [0, 4], [2, 2], [2, 2]], units=["a", "b", "c", "d"])
    split = decompose(table, {"a": "S1", "b": "S1", "c": "S2", "d": "S2"})
    assert split.mutual_information == pytest.approx(0.5 * LN2)
    assert split.theil_h == pytest.approx(0.5)
    assert split.between_m == pytest.approx(0.0)
    assert split.within_m == pytest.approx(0.5 * LN2)
    assert (split.between_h, split.within_h) == pytest.approx((0.0, 0.5))
    s1, s2 = split.components["S1"], split.components["S2"]
    assert (s1.weight, s1.mutual_information, s1.theil_h) == pytest.approx((0.5, LN2, 1.0))
    assert s1.share_of_total_m == pytest.approx(1.0)
    assert (s2.weight, s2.mutual_information, s2.share_of_total_m) == pytest.approx((0.5, 0, 0))


def test_decomposition_between_only() -> None:
    # Each super-unit is homogeneous inside: all the segregation lies between them.
    split = decompose([[4, 0], [4, 0], [0, 6]], ["N", "N", "S"])
    assert split.within_m == pytest.approx(0.0)
    assert split.between_m == pytest.approx(split.mutual_information)
    assert split.between_h == pytest.approx(1.0)


def test_decomposition_needs_every_unit() -> None:
    table = CountTable.from_array([[1, 2], [3, 4]], units=["a", "b"])
    with pytest.raises(ValueError, match="1 unité\\(s\\) sans regroupement : « b »"):
        decompose(table, {"a": "S1"})
    with pytest.raises(ValueError, match="3 valeurs pour 2 unités"):
        decompose(table, ["S1", "S1", "S2"])


def test_two_group_indices_by_hand() -> None:
    # x = (8, 2, 0), y = (2, 8, 10): X = 10, Y = 20, P = 1/3.
    table = CountTable.from_array([[8, 2], [2, 8], [0, 10]], groups=["QPV", "autres"])
    pair = two_group(table)
    assert pair.focal == "QPV"
    assert pair.focal_share == pytest.approx(1 / 3)
    assert pair.dissimilarity == pytest.approx(0.7)
    assert pair.isolation == pytest.approx(0.68)
    assert pair.exposure == pytest.approx(0.32)
    assert pair.eta_squared == pytest.approx(0.52)
    assert pair.theil_h == pytest.approx(theil_h(table))
    other = two_group(table, focal="autres")
    assert other.dissimilarity == pytest.approx(0.7)  # D is symmetric
    assert other.isolation == pytest.approx(0.1 * 0.2 + 0.4 * 0.8 + 0.5 * 1.0)


def test_two_group_against_the_rest_of_three() -> None:
    pair = two_group({"u1": {"a": 2, "b": 1, "c": 1}, "u2": {"b": 3, "c": 3}}, focal="a")
    # a vs rest: x = (2, 0), y = (2, 6).
    assert pair.dissimilarity == pytest.approx(0.5 * (abs(1 - 2 / 8) + abs(0 - 6 / 8)))
    assert pair.isolation == pytest.approx(0.5)


def test_two_group_undefined_when_focal_is_absent() -> None:
    pair = two_group([[0, 3], [0, 5]])
    assert pair.focal_share == 0.0
    assert pair.dissimilarity is None and pair.isolation is None and pair.eta_squared is None
    assert pair.theil_h == 0.0


def test_unknown_focal_category() -> None:
    with pytest.raises(ValueError, match="Catégorie « z » inconnue ; catégories du tableau"):
        two_group({"u": {"a": 1, "b": 1}}, focal="z")


def test_exposure_matrix_by_hand() -> None:
    matrix = exposure_matrix([[8, 2], [2, 8], [0, 10]])
    np.testing.assert_allclose(matrix, [[0.68, 0.32], [0.16, 0.84]])
    np.testing.assert_allclose(matrix.sum(axis=1), [1.0, 1.0])


def test_invalid_tables_are_refused_in_french() -> None:
    with pytest.raises(ValueError, match="poids négatif"):
        segregation([[1, -1]])
    with pytest.raises(ValueError, match="poids total du tableau est nul"):
        segregation([[0, 0]])
    with pytest.raises(ValueError, match="deux dimensions"):
        segregation([1, 2, 3])
    with pytest.raises(ValueError, match="L'unité « a » apparaît deux fois"):
        CountTable.from_array([[1], [2]], units=["a", "a"])
    with pytest.raises(ValueError, match="valeur non finie"):
        CountTable.from_array([[math.nan]])


def test_from_records_sums_duplicates() -> None:
    table = CountTable.from_records(["s1", "s1", "s2", "s1"], ["A", "A", "B", "B"], [1, 2.5, 3, 4])
    assert table.units == ("s1", "s2") and table.groups == ("A", "B")
    np.testing.assert_allclose(table.counts, [[3.5, 4.0], [0.0, 3.0]])
    assert table.counts.flags.writeable is False
