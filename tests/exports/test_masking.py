"""Masking of small counts, checked against a brute-force reader who knows every published
figure and the rules, and tries every filling of the masked cells."""

from __future__ import annotations

import itertools
import random
from collections.abc import Sequence

import pytest

from cites_app.exports.masking import (
    Masking,
    MaskingError,
    MaskProblem,
    State,
    mask_grid,
)

T = 5


def recoverable(problem: MaskProblem, masking: Masking, cap: int = 60) -> list[int]:
    """The ``"< 5"`` cells whose value a reader can recompute exactly.

    The reader sees every shown cell and total, knows that a ``"< 5"`` cell holds 1 to 4 (0 to
    4 in a sum where a zero was masked), that a ``"masqué"`` cell holds at least 5, and that
    every published sum holds. Every integer filling of the masked cells within those bounds
    (masqué cells up to ``cap``) is enumerated, pruning each sum as soon as its cells are
    filled; a ``"< 5"`` cell is recoverable when all the fillings agree on it.
    """
    masked = [c for c, s in enumerate(masking.states) if s is not State.SHOWN]
    zero_sums = {
        e
        for e, (parts, total) in enumerate(problem.equations)
        if any(masking.states[c] is State.ZERO for c in (*parts, total))
    }

    def bounds(cell: int) -> range:
        state = masking.states[cell]
        if state is State.SECONDARY:
            return range(T, cap + 1)
        lenient = state is State.ZERO or any(
            cell in (*parts, total)
            for e, (parts, total) in enumerate(problem.equations)
            if e in zero_sums
        )
        return range(0 if lenient else 1, T)

    # Fill the masked cells one by one; check each sum once all its cells are known.
    position = {cell: i for i, cell in enumerate(masked)}
    checks: dict[int, list[tuple[Sequence[int], int]]] = {}
    for parts, total in problem.equations:
        last = max((position[c] for c in (*parts, total) if c in position), default=-1)
        checks.setdefault(last, []).append((parts, total))
    seen: dict[int, set[int]] = {c: set() for c in masked}
    values = list(masking.values)

    def fill(i: int) -> None:
        if i == len(masked):
            for c in masked:
                seen[c].add(values[c])
            return
        cell = masked[i]
        for value in bounds(cell):
            values[cell] = value
            if all(sum(values[p] for p in parts) == values[total] for parts, total in
                   checks.get(i, [])):  # fmt: skip
                fill(i + 1)
        values[cell] = masking.values[cell]

    fill(0)
    for c in masked:
        assert masking.values[c] in seen[c], "the true values must be a possible filling"
    return [c for c in masked if masking.states[c] is State.PRIMARY and len(seen[c]) < 2]


def grid_problem(rows: list[list[int]], row_totals: bool = True, columns: bool = True) -> tuple[
    MaskProblem, Masking
]:  # fmt: skip
    """The problem :func:`mask_grid` builds, solved (for the brute-force checker)."""
    problem = MaskProblem(T)
    grid = [problem.add_many(r) for r in rows]
    row_cells = [problem.add(sum(r)) for r in rows] if row_totals else None
    if row_cells is not None:
        for cells, total in zip(grid, row_cells, strict=True):
            problem.add_sum(cells, total)
    col_cells = None
    if columns:
        col_cells = [problem.add(sum(r[c] for r in rows)) for c in range(len(rows[0]))]
        for c, total in enumerate(col_cells):
            problem.add_sum([r[c] for r in grid], total)
    if row_cells is not None and col_cells is not None:
        grand = problem.add(sum(map(sum, rows)))
        problem.add_sum(row_cells, grand)
        problem.add_sum(col_cells, grand)
    return problem, problem.solve()


def test_small_counts_show_under_threshold_and_zero_stays() -> None:
    result = mask_grid([[0, 3, 12], [7, 9, 20]], T, row_totals=False, column_totals=False)
    assert result.cells == [[0, "< 5", 12], [7, 9, 20]]


def test_row_with_one_small_cell_gets_a_second_cell_masked() -> None:
    result = mask_grid([[3, 12, 20]], T, column_totals=False)
    assert result.cells[0][0] == "< 5"
    assert result.cells[0].count("masqué") == 1
    # The smallest other cell is the one masked with it, and the total stays exact.
    assert result.cells[0] == ["< 5", "masqué", 20]
    assert result.row_totals == [35]


def test_column_with_one_small_cell_gets_a_second_cell_masked() -> None:
    result = mask_grid([[8], [2], [30], [15]], T, row_totals=False)
    assert [row[0] for row in result.cells] == ["masqué", "< 5", 30, 15]
    assert result.column_totals == [55]


def test_two_by_two_pattern_protects_rows_and_columns() -> None:
    result = mask_grid([[3, 10, 12], [8, 9, 20], [7, 1, 30]], T)
    assert result.cells[0][0] == "< 5" and result.cells[2][1] == "< 5"
    assert result.row_totals == [25, 37, 38]
    assert result.column_totals == [18, 20, 62]
    assert result.grand_total == 100
    problem, masking = grid_problem([[3, 10, 12], [8, 9, 20], [7, 1, 30]])
    assert recoverable(problem, masking) == []


def test_a_secondary_cell_just_at_the_threshold_does_not_protect() -> None:
    # 1 + 5 + 30 = 36: masking 5 would not do (it is at least 5, so 1 would still be 1).
    result = mask_grid([[1, 5, 30]], T, column_totals=False)
    assert result.cells == [["< 5", 5, "masqué"]]
    assert result.row_totals == [36]


def test_two_ones_in_a_row_are_protected() -> None:
    # "< 5" + "< 5" = 2 would give 1 and 1: a third cell is masked.
    result = mask_grid([[1, 1, 10]], T, column_totals=False)
    assert result.cells == [["< 5", "< 5", "masqué"]]


def test_total_masked_only_when_nothing_else_can_protect() -> None:
    result = mask_grid([[1, 5]], T, column_totals=False)
    assert result.cells == [["< 5", 5]]
    assert result.row_totals == ["masqué"]


def test_small_total_is_itself_masked() -> None:
    result = mask_grid([[2, 1, 0]], T, column_totals=False)
    assert result.cells == [["< 5", "< 5", 0]]
    assert result.row_totals == ["< 5"]


def test_zero_shown_as_under_threshold_as_a_last_resort() -> None:
    # Beneficiaries 4 in four different age bands of one each: without a masked zero, 4 cells
    # of at least 1 adding up to at most 4 would all be 1.
    problem = MaskProblem(T)
    total = problem.add(4)
    sexes = problem.add_many([2, 2, 0])
    problem.add_sum(sexes, total)
    bands = problem.add_many([1, 1, 1, 1, 0, 0, 0])
    problem.add_sum(bands, total)
    masking = problem.solve()
    assert recoverable(problem, masking) == []
    assert masking.display(sexes[2]) == 0  # not needed there
    assert any(masking.states[b] is State.ZERO for b in bands)


def test_values_and_totals_are_never_changed() -> None:
    rows = [[3, 12, 0, 7], [1, 4, 22, 9], [15, 2, 8, 3]]
    result = mask_grid(rows, T)
    assert list(result.masking.values[:12]) == [v for row in rows for v in row]
    for row, shown in zip(rows, result.cells, strict=True):
        for value, cell in zip(row, shown, strict=True):
            assert cell == value or isinstance(cell, str)
            if cell == "< 5":
                assert 0 <= value < T


def test_threshold_settings() -> None:
    assert mask_grid([[1, 2]], 0).cells == [[1, 2]]
    assert mask_grid([[1, 2]], 1).cells == [[1, 2]]
    with pytest.raises(MaskingError, match="Seuil de masquage 2"):
        MaskProblem(2)
    assert mask_grid([[1, 2, 9]], 3, column_totals=False).cells[0][:2] == ["< 3", "< 3"]


def test_sums_that_cannot_be_checked_are_refused() -> None:
    problem = MaskProblem(T)
    a, b, c = problem.add_many([1, 2, 3])
    problem.add_sum([a, b], c)
    problem.add_sum([a], problem.add(1))
    with pytest.raises(MaskingError, match="deux sommes"):
        problem.add_sum([a], problem.add(1))
    with pytest.raises(MaskingError, match="ne correspond pas"):
        problem.add_sum([b], problem.add(5))


@pytest.mark.parametrize("seed", range(40))
def test_random_tables_hold_against_the_brute_force_reader(seed: int) -> None:
    rng = random.Random(seed)
    n_rows, n_cols = rng.randint(1, 3), rng.randint(2, 4)
    weights = [0, 0, 1, 1, 2, 3, 4, 5, 6, 8, 12, 20]
    rows = [[rng.choice(weights) for _ in range(n_cols)] for _ in range(n_rows)]
    row_totals, columns = rng.choice([(True, True), (True, False), (False, True)])
    problem, masking = grid_problem(rows, row_totals, columns)
    assert recoverable(problem, masking, cap=max(60, sum(map(sum, rows)))) == [], rows
    # Every count under the threshold is masked, and nothing else is changed.
    for cell, value in enumerate(masking.values):
        if 0 < value < T:
            assert masking.display(cell) == "< 5"


def test_brute_force_reader_catches_a_naive_masking() -> None:
    # Self-check of the checker: primary masking alone leaks through the total.
    problem = MaskProblem(T)
    cells = problem.add_many([3, 12, 20])
    problem.add_sum(cells, problem.add(35))
    naive = Masking(
        tuple(problem.values),
        (State.PRIMARY, State.SHOWN, State.SHOWN, State.SHOWN),
        T,
    )
    assert recoverable(problem, naive) == [cells[0]]


def test_exhaustive_small_rows() -> None:
    """Every row of three cells from 0 to 6 with its total: nothing recoverable."""
    for values in itertools.product(range(7), repeat=3):
        problem = MaskProblem(T)
        cells = problem.add_many(list(values))
        problem.add_sum(cells, problem.add(sum(values)))
        masking = problem.solve()
        assert recoverable(problem, masking) == [], values
