"""What chance gives, as the territory indicators compute it.

* the "urn" draw of the random baseline (tables drawn category by category, chosen on large
  territories with few categories) keeps the margins and agrees with shuffling individuals;
* the per-séance chance model of ``L`` and of the contact rate matches exact values.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from cites_app.indicators import random_baseline, random_tables
from cites_app.indicators.random_baseline import Interval
from cites_app.indicators.random_tables import Simulation
from cites_app.indicators.table import CountTable
from cites_app.indicators.territory_chance import ChanceModel, expected_contact_rate, position


def _territory(seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """4,000 participations in 50 séances of unequal sizes, 3 categories clustered by séance."""
    rng = np.random.default_rng(seed)
    units = np.sort(rng.integers(0, 50, 4000))
    categories = (units % 3 + (rng.random(4000) < 0.4) * rng.integers(0, 3, 4000)) % 3
    return units, categories


def test_the_urn_is_chosen_for_many_individuals_and_few_categories() -> None:
    units, categories = _territory()
    observed = CountTable.from_records(units, categories)
    simulation = Simulation(units, categories, None, observed)
    assert simulation.method == "urn"
    weighted = Simulation(units, categories, np.ones(len(units)), observed)
    assert weighted.method == "dense"  # weights travel with individuals: they must be shuffled


def test_urn_tables_keep_unit_sizes_and_category_totals() -> None:
    units, categories = _territory()
    observed = CountTable.from_records(units, categories)
    simulation = Simulation(units, categories, None, observed)
    tables = simulation._urn(np.random.default_rng(1), 30)
    assert tables.shape == (30, *observed.counts.shape)
    assert np.all(tables >= 0)
    np.testing.assert_array_equal(tables.sum(axis=2), np.tile(observed.counts.sum(axis=1), (30, 1)))
    np.testing.assert_array_equal(tables.sum(axis=1), np.tile(observed.counts.sum(axis=0), (30, 1)))


def test_urn_and_permutations_agree(monkeypatch: pytest.MonkeyPatch) -> None:
    units, categories = _territory()
    urn = random_baseline(units, categories, shuffles=600, seed=5)
    monkeypatch.setattr(random_tables, "_URN_DRAW_COST", 10**9)  # force the permutations
    shuffled = random_baseline(units, categories, shuffles=600, seed=5)
    assert urn.observed_h == shuffled.observed_h
    # Same distribution: means within a few standard errors, similar spreads.
    error = math.hypot(urn.h_samples.std(), shuffled.h_samples.std()) / math.sqrt(600)
    assert abs(urn.expected_h.mean - shuffled.expected_h.mean) < 4 * error
    assert urn.h_samples.std() == pytest.approx(shuffled.h_samples.std(), rel=0.2)
    assert urn.expected_mean_contact_rate is not None
    assert shuffled.expected_mean_contact_rate is not None
    assert urn.expected_mean_contact_rate.mean == pytest.approx(
        shuffled.expected_mean_contact_rate.mean, abs=2e-3
    )
    # And the observed séances are far more clustered than chance.
    assert urn.share_at_least_observed_h == 0.0


def test_urn_is_deterministic_for_a_seed() -> None:
    units, categories = _territory()
    first = random_baseline(units, categories, shuffles=50, seed=9)
    np.testing.assert_array_equal(
        first.h_samples, random_baseline(units, categories, shuffles=50, seed=9).h_samples
    )


def test_chance_model_for_one_child_and_for_everyone() -> None:
    categories = np.array([0] * 6 + [1] * 3 + [2] * 1)
    model = ChanceModel(categories, np.ones(10), 3, by_count=True)
    intervals = model.local_score_intervals(np.array([1, 10]), shuffles=4000, seed=2)
    # One child: L = ln(1/p_g) with probability p_g, so E[L] is the entropy of the categories.
    e = -(0.6 * math.log(0.6) + 0.3 * math.log(0.3) + 0.1 * math.log(0.1))
    assert intervals[1].mean == pytest.approx(e, rel=0.05)
    assert intervals[1].low == pytest.approx(math.log(1 / 0.6))
    assert intervals[1].high == pytest.approx(math.log(1 / 0.1))
    # Everyone: the group is the territory, L = 0 every time.
    assert intervals[10] == Interval(0.0, 0.0, 0.0)
    hours = ChanceModel(categories, np.linspace(1, 2, 10), 3, by_count=False)
    assert hours.local_score_intervals(np.array([1, 3]), 200, seed=1).keys() == {1, 3}
    assert model.local_score_intervals(np.array([4]), shuffles=0, seed=1) == {}


def test_expected_contact_rate_matches_drawing_children() -> None:
    schools = np.array([6, 5, 5])  # participations of each school
    expected = expected_contact_rate(schools)
    assert expected == pytest.approx(1 - (30 + 20 + 20) / (16 * 15))
    # Brute force: séances of 4 drawn without replacement from the 16 participations.
    rng = np.random.default_rng(0)
    pool = np.repeat([0, 1, 2], schools)
    rates = []
    for _ in range(4000):
        drawn = np.bincount(rng.choice(pool, 4, replace=False), minlength=3)
        rates.append((drawn * (4 - drawn)).sum() / 12)
    assert float(np.mean(rates)) == pytest.approx(expected, abs=0.01)
    assert expected_contact_rate(np.array([1])) is None


def test_position_against_the_interval() -> None:
    interval = Interval(0.1, 0.05, 0.2)
    assert position(0.01, interval) == "below"
    assert position(0.05, interval) == "within"
    assert position(0.3, interval) == "above"
    assert position(None, interval) is None and position(0.1, None) is None
