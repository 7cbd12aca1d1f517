"""Published reference values (R ``segregation``, PySAL ``segregation``) reproduced by the engine.

One test per vector and per expected key of ``tests/data/segregation/seg_vectors.json``, one per
identity listed in a vector's ``checks``, and the published ``schools00`` figures read from the CSV
through :func:`run_counts`. An expected key or check the engine does not know fails the test: no
reference value is ever skipped.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from cites_app.indicators import (
    CountTable,
    decompose,
    entropy,
    exposure_matrix,
    mutual_information,
    run_counts,
    segregation,
    two_group,
    unit_diversity,
)
from cites_app.indicators import reference_indices as ref

DATA = Path(__file__).resolve().parent.parent / "data" / "segregation"
VECTORS: list[dict[str, Any]] = json.loads((DATA / "seg_vectors.json").read_text("utf-8"))

# PySAL's pre-2021 entropy index dropped tracts with no member of the focal group (vector 13);
# the notes of that vector give the correct value, which is the one the engine must produce.
CORRECT_ENTROPY_VECTOR_13 = 0.181521


def _table(vector: dict[str, Any]) -> CountTable:
    counts = vector["counts"]
    if "group_order" in vector:
        return CountTable.from_mapping(counts, groups=vector["group_order"])
    if "focal_group" in vector:
        others = {g for row in counts.values() for g in row} - {vector["focal_group"]}
        return CountTable.from_mapping(counts, groups=[vector["focal_group"], *sorted(others)])
    return CountTable.from_mapping(counts)


def _in_base(value: float, vector: dict[str, Any]) -> float:
    """The engine works in nats; a vector may state its values in another base."""
    base = vector["log_base"]
    return value if base == "e" else value / math.log(float(base))


def _grouping(vector: dict[str, Any], name: str) -> dict[str, str]:
    grouping: dict[str, str] = vector["superunits"][name]
    return grouping


def _super_key(key: str) -> tuple[str, str]:
    name, _, rest = key.partition("[")
    return name, rest.rstrip("]")


def _decomposition_value(table: CountTable, vector: dict[str, Any], key: str) -> object:
    name, superunit = _super_key(key)
    split = decompose(table, _grouping(vector, superunit))
    if name == "components":
        return {
            str(label): {
                "p": part.weight,
                "M": part.mutual_information,
                "share_of_total_M": part.share_of_total_m,
            }
            for label, part in split.components.items()
        }
    return {
        "M_between": split.between_m,
        "H_between": split.between_h,
        "M_within": split.within_m,
        "H_within": split.within_h,
    }[name]


def _first(values: np.ndarray[Any, Any], rows: int, columns: int | None = None) -> object:
    if columns is None:
        return values[:rows].tolist()
    return values[:rows, :columns].tolist()


ComputeFn = Callable[[CountTable, dict[str, Any]], object]

COMPUTE: dict[str, ComputeFn] = {
    "M": lambda t, v: _in_base(segregation(t).mutual_information, v),
    "H": lambda t, v: segregation(t).theil_h,
    "D": lambda t, v: two_group(t).dissimilarity,
    "E_group": lambda t, v: _in_base(entropy(t.counts.sum(axis=0)), v),
    "E_unit": lambda t, v: _in_base(entropy(t.counts.sum(axis=1)), v),
    "E_joint": lambda t, v: _in_base(entropy(t.counts), v),
    "E_group_given_unit": lambda t, v: _in_base(
        float(np.dot(t.counts.sum(axis=1) / t.total, unit_diversity(t).entropy)), v
    ),
    # Two-group indices of the first (focal) group against the rest.
    "sg_Dissim": lambda t, v: two_group(t).dissimilarity,
    "sg_Gini": lambda t, v: ref.gini_two_group(t),
    "sg_Entropy": lambda t, v: two_group(t).theil_h,
    "sg_Isolation": lambda t, v: two_group(t).isolation,
    "sg_Interaction": lambda t, v: two_group(t).exposure,
    "sg_Atkinson_b0.5": lambda t, v: ref.atkinson_two_group(t, b=0.5),
    "sg_CorrelationR": lambda t, v: two_group(t).eta_squared,
    # Multigroup indices.
    "MultiInfoTheory": lambda t, v: segregation(t).theil_h,
    "MultiDivergence": lambda t, v: segregation(t).mutual_information,
    "MultiDissim": lambda t, v: ref.multigroup_dissimilarity(t),
    "MultiDiversity": lambda t, v: segregation(t).entropy,
    "MultiDiversity_normalized": lambda t, v: segregation(t).entropy / math.log(len(t.groups)),
    "MultiGini": lambda t, v: ref.multigroup_gini(t),
    "MultiNormExposure": lambda t, v: ref.normalized_exposure(t),
    "MultiRelativeDiversity": lambda t, v: ref.relative_diversity(t),
    "SimpsonsConcentration": lambda t, v: ref.simpson_concentration(t),
    "SimpsonsInteraction": lambda t, v: 1 - ref.simpson_concentration(t),
    "MultiSquaredCoefVar": lambda t, v: ref.squared_coefficient_of_variation(t),
    "MultiLocalDiversity[0:10]": lambda t, v: _first(unit_diversity(t).entropy, 10),
    "MultiLocalEntropy[0:10]": lambda t, v: _first(unit_diversity(t).normalized_entropy, 10),
    "MultiLocalSimpsonConcentration[0:10]": lambda t, v: _first(
        1 - unit_diversity(t).simpson_interaction, 10
    ),
    "MultiLocalSimpsonInteraction[0:10]": lambda t, v: _first(
        unit_diversity(t).simpson_interaction, 10
    ),
    "MultiLocationQuotient[0:3,0:3]": lambda t, v: _first(ref.location_quotients(t), 3, 3),
    # Vector 13: the engine gives the correct value, not the one of the buggy release.
    "sg_Entropy_nan_dropped": lambda t, v: two_group(t).theil_h,
}


def _compute(key: str) -> ComputeFn:
    if key in COMPUTE:
        return COMPUTE[key]
    name, superunit = _super_key(key)
    if superunit and name in {"M_between", "H_between", "M_within", "H_within", "components"}:
        return lambda t, v: _decomposition_value(t, v, key)
    raise AssertionError(f"expected key {key!r} has no implementation in the engine")


def _tolerance(vector: dict[str, Any], key: str) -> float:
    tolerance = vector["tolerance"]
    if isinstance(tolerance, int | float):
        return float(tolerance)
    if key in tolerance:
        return float(tolerance[key])
    if "[0:" in key and "local" in tolerance:
        return float(tolerance["local"])
    return float(tolerance["default"])


def _expected(vector_index: int, key: str) -> object:
    if key == "sg_Entropy_nan_dropped":
        assert str(CORRECT_ENTROPY_VECTOR_13) in VECTORS[vector_index]["notes"]
        return CORRECT_ENTROPY_VECTOR_13
    return VECTORS[vector_index]["expected"][key]


def _assert_close(actual: object, expected: object, tolerance: float, where: str) -> None:
    if isinstance(expected, dict):
        assert isinstance(actual, dict), where
        for name, value in expected.items():
            assert name in actual, f"{where}: {name} missing"
            _assert_close(actual[name], value, tolerance, f"{where}.{name}")
    elif isinstance(expected, list):
        assert isinstance(actual, list), where
        np.testing.assert_allclose(
            np.array(actual, dtype=float), np.array(expected, dtype=float), rtol=0, atol=tolerance
        )
    else:
        assert isinstance(actual, float), f"{where}: {actual!r}"
        assert isinstance(expected, int | float)
        assert abs(actual - expected) <= tolerance, f"{where}: {actual} != {expected} ± {tolerance}"


EXPECTED_CASES = [
    pytest.param(index, key, id=f"v{index}-{key}")
    for index, vector in enumerate(VECTORS)
    for key in vector["expected"]
]


def test_every_vector_is_exercised() -> None:
    # Vector 0 asserts identities only: it must then have checks, which run below.
    for index, vector in enumerate(VECTORS):
        assert vector["expected"] or vector.get("checks"), index
    assert len(VECTORS) == 16
    assert len(EXPECTED_CASES) == sum(len(v["expected"]) for v in VECTORS) == 73


@pytest.mark.parametrize(("index", "key"), EXPECTED_CASES)
def test_expected_value(index: int, key: str) -> None:
    vector = VECTORS[index]
    actual = _compute(key)(_table(vector), vector)
    _assert_close(actual, _expected(index, key), _tolerance(vector, key), f"v{index} {key}")


def test_vector_13_buggy_value_comes_from_dropping_tracts() -> None:
    """Dropping tracts with no focal member (old PySAL) turns 0.1815 into the published 0.1121."""
    vector = VECTORS[13]
    table = _table(vector)
    correct = two_group(table).theil_h
    assert abs(correct - vector["expected"]["sg_Entropy_nan_dropped"]) > 0.05
    # In the two-group entropy index such a tract contributes t_u / N; the bug lost those terms.
    no_focal = table.counts[:, 0] == 0
    assert no_focal.sum() > 0
    buggy = correct - table.counts[no_focal].sum() / table.total
    assert abs(buggy - vector["expected"]["sg_Entropy_nan_dropped"]) <= 5e-5


# --- identities listed in the vectors' "checks" ---------------------------------------------


def _superunit_names(vector: dict[str, Any]) -> list[str]:
    names = list(vector.get("superunits", {}))
    assert names, "a decomposition check needs superunits"
    return names


def _check_between_within_m(table: CountTable, vector: dict[str, Any]) -> None:
    for name in _superunit_names(vector):
        split = decompose(table, _grouping(vector, name))
        assert split.between_m + split.within_m == pytest.approx(
            mutual_information(table), abs=1e-12
        )
        assert split.between_m > 0 and split.within_m > 0


def _check_between_within_h(table: CountTable, vector: dict[str, Any]) -> None:
    for name in _superunit_names(vector):
        split = decompose(table, _grouping(vector, name))
        assert split.between_h + split.within_h == pytest.approx(
            segregation(table).theil_h, abs=1e-12
        )


def _check_within_weighted_average(table: CountTable, vector: dict[str, Any]) -> None:
    for name in _superunit_names(vector):
        grouping = _grouping(vector, name)
        expected = 0.0
        for label in set(grouping.values()):
            mask = np.array([grouping[str(u)] == label for u in table.units])
            part = table.rows(mask)
            expected += part.total / table.total * mutual_information(part)
        assert decompose(table, grouping).within_m == pytest.approx(expected, abs=1e-12)


def _check_local_units(table: CountTable, vector: dict[str, Any]) -> None:
    result = segregation(table)
    assert float(np.dot(result.unit_weights, result.local)) == pytest.approx(
        result.mutual_information, abs=1e-12
    )


def _check_local_groups(table: CountTable, vector: dict[str, Any]) -> None:
    by_group = segregation(table.transposed())
    assert float(np.dot(by_group.unit_weights, by_group.local)) == pytest.approx(
        mutual_information(table), abs=1e-12
    )


def _check_local_base2(table: CountTable, vector: dict[str, Any]) -> None:
    result = segregation(table)
    local_bits = result.local / math.log(2)
    assert float(np.dot(result.unit_weights, local_bits)) == pytest.approx(
        result.mutual_information / math.log(2), abs=1e-12
    )


def _check_symmetric(table: CountTable, vector: dict[str, Any]) -> None:
    assert mutual_information(table.transposed()) == pytest.approx(
        mutual_information(table), abs=1e-12
    )


def _check_h_range(table: CountTable, vector: dict[str, Any]) -> None:
    assert 0 < segregation(table).theil_h < 1


def _check_exposure_rows(table: CountTable, vector: dict[str, Any]) -> None:
    np.testing.assert_allclose(exposure_matrix(table).sum(axis=1), 1.0, rtol=0, atol=1e-12)


def _check_isolation_diagonal(table: CountTable, vector: dict[str, Any]) -> None:
    diagonal = np.diag(exposure_matrix(table))
    isolation = [two_group(table, g).isolation for g in table.groups]
    np.testing.assert_allclose(diagonal, np.array(isolation, dtype=float), rtol=0, atol=1e-12)


def _check_reciprocity(table: CountTable, vector: dict[str, Any]) -> None:
    matrix = exposure_matrix(table)
    black, white = table.groups.index("black"), table.groups.index("white")
    totals = table.counts.sum(axis=0)
    assert totals[black] * matrix[black, white] == pytest.approx(
        totals[white] * matrix[white, black], rel=1e-12
    )


CHECKS: dict[str, Callable[[CountTable, dict[str, Any]], None]] = {
    "M_symmetric": _check_symmetric,
    "between_plus_within_equals_total_M": _check_between_within_m,
    "between_plus_within_equals_total_H": _check_between_within_h,
    "within_M_is_weighted_average": _check_within_weighted_average,
    "local_unit_scores_average_to_M": _check_local_units,
    "local_group_scores_average_to_M": _check_local_groups,
    "local_scores_base2_average_to_M_base2": _check_local_base2,
    "H_in_0_1": _check_h_range,
    "exposure_rows_sum_to_1": _check_exposure_rows,
    "isolation_equals_exposure_diag": _check_isolation_diagonal,
    "xPy_yPx_reciprocity_black_white": _check_reciprocity,
}


@pytest.mark.parametrize(
    ("index", "check"),
    [
        pytest.param(index, check, id=f"v{index}-{check}")
        for index, vector in enumerate(VECTORS)
        for check in vector.get("checks", [])
    ],
)
def test_identity(index: int, check: str) -> None:
    assert check in CHECKS, f"check {check!r} has no implementation"
    CHECKS[check](_table(VECTORS[index]), VECTORS[index])


# --- schools00 read from its CSV --------------------------------------------------------------


def test_schools00_published_values_from_csv() -> None:
    report = run_counts(DATA / "schools00.csv", unit="school", group="race", weight="n", by="state")
    assert report["N"] == 877_739
    assert report["groups"] == ["asian", "black", "hisp", "white", "native"]
    assert report["M"] == pytest.approx(0.4255389758764173, abs=1e-12)
    assert report["H"] == pytest.approx(0.4188083146419423, abs=1e-12)
    between, within = report["between"], report["within"]
    assert isinstance(between, dict) and isinstance(within, dict)
    assert between["M"] == pytest.approx(0.099244, abs=5e-7)
    assert within["M"] == pytest.approx(0.326295, abs=5e-7)
    assert between["M"] + within["M"] == pytest.approx(report["M"], abs=1e-12)
    units = report["units"]
    assert isinstance(units, dict) and len(units) == 2045
    assert "D" not in report  # five categories: no two-group indices
