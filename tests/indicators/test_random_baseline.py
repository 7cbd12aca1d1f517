"""The random-allocation baseline: determinism, agreement with a plain loop, the DESIGN example."""

from __future__ import annotations

import math

import numpy as np
import pytest

from cites_app.indicators import (
    CountTable,
    chance_dominates,
    mean_contact_rate,
    mixing_gain,
    random_baseline,
    small_units,
    theil_h,
)
from cites_app.indicators.table import encode_labels

SCHOOLS = [f"école {k}" for k in range(5) for _ in range(12)]


def _sessions(seed: int) -> list[str]:
    """60 children spread over 5 séances of 12."""
    order = np.random.default_rng(seed).permutation(60)
    return [f"séance {order[i] // 12}" for i in range(60)]


def test_same_seed_same_figures() -> None:
    first = random_baseline(_sessions(1), SCHOOLS, shuffles=200, seed=42)
    second = random_baseline(_sessions(1), SCHOOLS, shuffles=200, seed=42)
    np.testing.assert_array_equal(first.h_samples, second.h_samples)
    assert first.expected_h == second.expected_h
    other = random_baseline(_sessions(1), SCHOOLS, shuffles=200, seed=43)
    assert not np.array_equal(first.h_samples, other.h_samples)


def test_design_example_60_children_5_sessions_of_12() -> None:
    """DESIGN §5: random placement alone gives H ≈ 0.09 for 60 children in 5 séances of 12."""
    baseline = random_baseline(_sessions(1), SCHOOLS, shuffles=1000, seed=7)
    assert 0.07 <= baseline.expected_h.mean <= 0.12
    assert 0.0 < baseline.expected_h.low < baseline.expected_h.mean < baseline.expected_h.high
    assert baseline.h_samples.shape == (1000,)
    # Exact expectation of the contact rate: 1 − Σ_k n_k (n_k − 1) / (N (N − 1)) = 1 − 660/3540.
    assert baseline.expected_mean_contact_rate is not None
    assert baseline.expected_mean_contact_rate.mean == pytest.approx(1 - 660 / 3540, abs=0.005)
    assert baseline.unit_sizes.tolist() == [12] * 5
    # Units of equal size share one interval.
    rates = baseline.expected_contact_rates
    assert np.all(rates.mean == rates.mean[0]) and np.all(rates.low == rates.low[0])
    assert rates.low[0] < rates.mean[0] < rates.high[0]


def test_vectorised_shuffles_match_a_plain_loop() -> None:
    """Recompute every shuffle with the engine, drawing the same permutations.

    White-box: 60 individuals fit in one block, so the baseline draws exactly
    ``rng.permuted`` of the unit codes broadcast to (shuffles, 60).
    """
    sessions = _sessions(3)
    weights = np.random.default_rng(5).uniform(0.5, 4.0, 60)
    for weight in (None, weights):
        baseline = random_baseline(sessions, SCHOOLS, weight, shuffles=25, seed=11)
        codes, labels = encode_labels(sessions)
        rows = np.random.default_rng(11).permuted(np.broadcast_to(codes, (25, 60)), axis=1)
        for shuffle, row in enumerate(rows):
            shuffled = [labels[c] for c in row]
            table = CountTable.from_records(shuffled, SCHOOLS, weight)
            assert baseline.h_samples[shuffle] == pytest.approx(theil_h(table), abs=1e-12)
            headcounts = CountTable.from_records(shuffled, SCHOOLS)
            assert baseline.mean_contact_rate_samples[shuffle] == pytest.approx(
                mean_contact_rate(headcounts), abs=1e-12
            )


def test_observed_values_and_share_reaching_them() -> None:
    # Séances = schools: fully segregated, H = 1, which chance never reaches.
    baseline = random_baseline(SCHOOLS, SCHOOLS, shuffles=300, seed=1)
    assert baseline.observed_h == pytest.approx(1.0)
    assert baseline.share_at_least_observed_h == 0.0
    assert baseline.observed_mean_contact_rate == 0.0
    np.testing.assert_allclose(baseline.observed_contact_rates, 0.0)
    assert not chance_dominates(baseline)


def test_weights_change_h_but_not_contact_rates() -> None:
    sessions = _sessions(2)
    hours = [2.0 if school == "école 0" else 1.0 for school in SCHOOLS]
    plain = random_baseline(sessions, SCHOOLS, shuffles=100, seed=3)
    weighted = random_baseline(sessions, SCHOOLS, hours, shuffles=100, seed=3)
    assert weighted.observed_h != pytest.approx(plain.observed_h)
    assert weighted.observed_h == pytest.approx(
        theil_h(CountTable.from_records(sessions, SCHOOLS, hours))
    )
    np.testing.assert_array_equal(
        weighted.mean_contact_rate_samples, plain.mean_contact_rate_samples
    )


def test_units_of_one_child_have_no_contact_rate() -> None:
    units = ["s1", "s1", "s1", "solo"]
    baseline = random_baseline(units, ["A", "B", "A", "B"], shuffles=50, seed=0)
    assert baseline.units == ("s1", "solo")
    assert baseline.unit_sizes.tolist() == [3, 1]
    assert math.isnan(baseline.observed_contact_rates[1])
    assert math.isnan(baseline.expected_contact_rates.mean[1])
    assert math.isnan(baseline.expected_contact_rates.high[1])
    assert baseline.observed_contact_rates[0] == pytest.approx(2 / 3)


def test_no_contact_rate_when_every_unit_is_a_single_child() -> None:
    baseline = random_baseline(["a", "b", "c"], ["x", "y", "x"], shuffles=10, seed=0)
    assert baseline.observed_mean_contact_rate is None
    assert baseline.expected_mean_contact_rate is None


def test_single_category_has_h_zero() -> None:
    baseline = random_baseline(["a", "a", "b"], ["x", "x", "x"], shuffles=10, seed=0)
    assert baseline.observed_h == 0.0
    assert baseline.expected_h == baseline.expected_h.__class__(0.0, 0.0, 0.0)


def test_small_group_flags() -> None:
    np.testing.assert_array_equal(small_units([12, 9, 10, 1]), [False, True, False, True])
    np.testing.assert_array_equal(small_units([12, 9], min_size=13), [True, True])
    mixed = random_baseline(_sessions(1), SCHOOLS, shuffles=300, seed=1)
    # Séances filled at random: the observed H is of the order of chance.
    assert chance_dominates(mixed)
    assert mixed.share_at_least_observed_h > 0.025


def test_invalid_inputs() -> None:
    with pytest.raises(ValueError, match="au moins un tirage"):
        random_baseline(["a"], ["x"], shuffles=0)
    with pytest.raises(ValueError, match="au moins un individu"):
        random_baseline([], [])
    with pytest.raises(ValueError, match="au moins un individu"):
        random_baseline(["a", "b"], ["x"])


def test_mixing_gain_from_segregated_schools_to_mixed_sessions() -> None:
    # Schools 1–2 are QPV, 3–4 are not; every séance takes 5 QPV and 5 other children.
    schools = [f"école {k}" for k in range(4) for _ in range(10)]
    status = ["QPV" if k < 2 else "hors QPV" for k in range(4) for _ in range(10)]
    sessions = [f"séance {i % 4}" for i in range(40)]
    gain = mixing_gain(schools, sessions, status, focal="QPV", shuffles=300, seed=2)
    assert gain.h_schools == pytest.approx(1.0)
    assert gain.h_sessions == pytest.approx(0.0)
    assert gain.delta_h == pytest.approx(1.0)
    assert 0.9 < gain.random_delta_h < 1.0
    assert gain.exposure_schools == pytest.approx(0.0)
    assert gain.exposure_sessions == pytest.approx(0.5)
    assert gain.sessions_baseline.shuffles == 300


def test_mixing_gain_without_focal() -> None:
    gain = mixing_gain(SCHOOLS, SCHOOLS, SCHOOLS, shuffles=20, seed=0)
    assert gain.delta_h == pytest.approx(0.0)
    assert gain.focal is None and gain.exposure_schools is None
