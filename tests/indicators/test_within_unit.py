"""Diversity inside a unit, the cross-school contact rate and η² of the IPS, computed by hand."""

from __future__ import annotations

import math

import numpy as np
import pytest

from cites_app.indicators import (
    contact_rate,
    contact_rates,
    ips_eta_squared,
    mean_contact_rate,
    session_mix,
    unit_diversity,
)


def test_unit_diversity_by_hand() -> None:
    diversity = unit_diversity([[2, 2, 0, 0], [1, 1, 1, 1], [5, 0, 0, 0], [0, 0, 0, 0]])
    np.testing.assert_allclose(diversity.entropy[:3], [math.log(2), math.log(4), 0.0])
    # ln 2 / ln 4 = 1/2: two of the four categories, equally.
    np.testing.assert_allclose(diversity.normalized_entropy[:3], [0.5, 1.0, 0.0])
    np.testing.assert_allclose(diversity.simpson_interaction[:3], [0.5, 0.75, 0.0])
    assert math.isnan(diversity.entropy[3])
    assert math.isnan(diversity.normalized_entropy[3])
    assert math.isnan(diversity.simpson_interaction[3])


def test_normalized_entropy_undefined_with_one_category() -> None:
    assert math.isnan(unit_diversity([[3], [4]]).normalized_entropy[0])


def test_contact_rate_by_hand() -> None:
    # 3 children of school A, 1 of school B. Each A child: 1 of 3 peers from elsewhere; the B
    # child: 3 of 3. Mean over the 4 children: (3 × 1/3 + 1 × 1) / 4 = 1/2.
    assert contact_rate([3, 1]) == pytest.approx(0.5)
    assert contact_rate([2, 2, 2]) == pytest.approx(0.8)  # 4 of 5 peers from elsewhere
    assert contact_rate([5]) == 0.0
    assert contact_rate([1, 1]) == 1.0


def test_contact_rate_undefined_for_a_child_alone() -> None:
    assert contact_rate([1]) is None
    assert contact_rate([0, 1]) is None
    assert contact_rate([]) is None


def test_contact_rate_refuses_hours() -> None:
    with pytest.raises(ValueError, match="effectifs d'enfants"):
        contact_rate([1.5, 2])
    with pytest.raises(ValueError, match="entiers positifs"):
        contact_rate([-1, 3])


def test_contact_rates_and_their_mean() -> None:
    table = [[3, 1], [2, 2], [1, 0], [0, 0]]
    rates = contact_rates(table)
    np.testing.assert_allclose(rates[:2], [0.5, 8 / 12])
    assert math.isnan(rates[2]) and math.isnan(rates[3])
    # Weighted by the 4 + 4 participations of the séances with a defined rate.
    assert mean_contact_rate(table) == pytest.approx((4 * 0.5 + 4 * 8 / 12) / 8)
    assert mean_contact_rate([[1, 0], [0, 1]]) is None


def test_ips_eta_squared_by_hand() -> None:
    # Means 90 and 110 around 100, within-school standard deviations 10: between = within.
    result = ips_eta_squared([90, 110], [10, 10], [100, 100])
    assert result.value == pytest.approx(0.5)
    assert result.schools_used == 2
    assert result.schools_without_sd == ()


def test_ips_eta_squared_school_without_sd() -> None:
    means, sds, sizes = [90, 110, 120], [10.0, 10.0, None], [100, 100, 50]
    skipped = ips_eta_squared(means, sds, sizes)
    assert skipped.missing_sd == "skip"
    assert skipped.value == pytest.approx(0.5)
    assert (skipped.schools_used, skipped.schools_without_sd) == (2, (2,))
    # Pooled variance 100 for the third school; mean of all = 104.
    # Between = 100·14² + 100·6² + 50·16² = 36000; within = 250 × 100.
    pooled = ips_eta_squared(means, sds, sizes, missing_sd="pooled")
    assert pooled.value == pytest.approx(36000 / 61000)
    assert pooled.schools_used == 3
    zero = ips_eta_squared(means, sds, sizes, missing_sd="zero")
    assert zero.value == pytest.approx(36000 / 56000)  # an upper bound
    assert zero.value is not None and pooled.value is not None and zero.value > pooled.value


def test_ips_eta_squared_undefined_or_invalid() -> None:
    assert ips_eta_squared([100, 100], [0.0, 0.0], [10, 20]).value is None
    assert ips_eta_squared([100], [None], [10]).value is None
    with pytest.raises(ValueError, match="autant de moyennes"):
        ips_eta_squared([100, 90], [5.0], [10, 20])
    with pytest.raises(ValueError, match="écart-type d'IPS est négatif"):
        ips_eta_squared([100], [-5.0], [10])
    with pytest.raises(ValueError, match="effectif d'école est négatif"):
        ips_eta_squared([100], [5.0], [-10])


def test_session_mix_by_hand() -> None:
    mix = session_mix([[3, 1, 0], [2, 2, 2], [0, 0, 1], [0, 0, 0]])
    np.testing.assert_array_equal(mix.sizes, [4, 6, 1, 0])
    np.testing.assert_array_equal(mix.schools_represented, [2, 3, 1, 0])
    np.testing.assert_allclose(mix.largest_school_share[:3], [0.75, 1 / 3, 1.0])
    assert math.isnan(mix.largest_school_share[3])
    np.testing.assert_allclose(mix.contact_rate[:2], [0.5, 0.8])
    assert math.isnan(mix.contact_rate[2]) and math.isnan(mix.contact_rate[3])
