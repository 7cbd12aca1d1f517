"""Statistical masking of the counts an aggregated export publishes (DESIGN.md §6).

**Primary masking**: a count ``n`` with ``0 < n < threshold`` is shown as ``"< 5"``. A zero stays
0: it says that nobody is in the cell and identifies no child, and hiding every zero would empty
most tables of a small territory.

**Secondary masking**: published sums (a row and its total, a column and its total) would let a
reader recompute a masked cell by subtraction, so more cells are masked (shown ``"masqué"``)
until no ``"< 5"`` cell can be recovered. A reader is assumed to know everything shown: the
unmasked cells and totals, that a ``"< 5"`` cell holds 1 to ``threshold − 1`` (zeros are shown)
and that a ``"masqué"`` cell holds at least ``threshold`` (smaller values would read ``"< 5"``).
The sums are **equations**; each masked cell may take part in at most two of them (a row and a
column, a row and its total…). A cell is *recoverable* when every filling of the masked cells
that respects the equations and those bounds gives it the same value.

The check is exact. After orienting the equations (a sign per equation, so that each cell is
added in one and subtracted in the other), the equations are the nodes of a graph and every
masked cell an arc between its two equations (or a free node when it is in one equation only).
Two fillings differ by a circulation on that graph, and such a circulation splits into cycles
each of which is a valid move on its own (the matrix is a network matrix: totally unimodular).
So a cell can take another value exactly when some cycle through it can move by one unit: a
path in the residual graph, found by a breadth-first search.

Greedy choice of the extra cells, for each recoverable ``"< 5"`` cell in turn: the smallest
non-zero shown cell of one of its equations that protects it (or the smallest, and try again);
then, when no such cell is left, the equation's total; as a last resort the zeros of its
equations are shown ``"< 5"`` too (a reader then cannot tell a 0 from a 1 there), which
protects the cells of an equation whose every other cell is already masked. Totals therefore
stay exact and visible except in that rare last case, and except when a total is itself below
the threshold (it is then a ``"< 5"`` cell like any other).
"""

from __future__ import annotations

import enum
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass

DEFAULT_THRESHOLD = 5


class MaskingError(ValueError):
    """Sums that the exact check cannot handle, or an unusable threshold (French message)."""


class State(enum.Enum):
    """How a cell is published."""

    SHOWN = "shown"
    PRIMARY = "primary"  # 0 < n < threshold: "< 5"
    SECONDARY = "secondary"  # masked to protect a primary cell: "masqué"
    ZERO = "zero"  # a zero masked as a last resort: "< 5" too


SECONDARY_TEXT = "masqué"


def primary_text(threshold: int) -> str:
    """What a masked count under the threshold shows: ``"< 5"``."""
    return f"< {threshold}"


@dataclass(frozen=True)
class Masking:
    """The outcome: one state per cell, in the order the cells were added."""

    values: tuple[int, ...]
    states: tuple[State, ...]
    threshold: int

    def is_masked(self, cell: int) -> bool:
        return self.states[cell] is not State.SHOWN

    def display(self, cell: int) -> int | str:
        """The value, or the text shown instead of it."""
        state = self.states[cell]
        if state is State.SHOWN:
            return self.values[cell]
        if state is State.SECONDARY:
            return SECONDARY_TEXT
        return primary_text(self.threshold)

    @property
    def masked_count(self) -> int:
        return sum(1 for s in self.states if s is not State.SHOWN)


class MaskProblem:
    """Counts and the sums published between them; :meth:`solve` decides what to mask."""

    def __init__(self, threshold: int = DEFAULT_THRESHOLD) -> None:
        if threshold == 2 or threshold < 0:
            raise MaskingError(
                f"Seuil de masquage {threshold} inutilisable : choisissez 0 ou 1 (aucun "
                "masquage) ou au moins 3."
            )
        self.threshold = threshold
        self.values: list[int] = []
        # Each equation: (parts, total); Σ parts − total = 0.
        self.equations: list[tuple[tuple[int, ...], int]] = []
        self._membership: list[list[tuple[int, int]]] = []  # cell -> [(equation, coefficient)]
        self._forced: set[int] = set()

    def add(self, value: int, *, masked: bool = False) -> int:
        """A new count; returns its cell number. ``masked``: already masked elsewhere (a total
        masked in another table), so masked here too."""
        if value < 0:
            raise MaskingError(f"Effectif négatif ({value}) : impossible à publier.")
        self.values.append(int(value))
        self._membership.append([])
        if masked:
            self._forced.add(len(self.values) - 1)
        return len(self.values) - 1

    def add_many(self, values: Sequence[int]) -> list[int]:
        return [self.add(v) for v in values]

    def add_sum(self, parts: Sequence[int], total: int) -> None:
        """Publish ``Σ parts = total`` (cells already added; the total must be exact)."""
        if sum(self.values[p] for p in parts) != self.values[total]:
            raise MaskingError("La somme publiée ne correspond pas à son total.")
        index = len(self.equations)
        self.equations.append((tuple(parts), total))
        for cell, coefficient in [*((p, 1) for p in parts), (total, -1)]:
            if len(self._membership[cell]) == 2:
                raise MaskingError("Une même case ne peut entrer que dans deux sommes publiées.")
            self._membership[cell].append((index, coefficient))

    def solve(self) -> Masking:
        """Primary masking, then secondary masking until no ``"< 5"`` cell can be recovered."""
        states = [
            State.PRIMARY
            if 0 < v < self.threshold
            else (State.SECONDARY if v else State.ZERO)
            if i in self._forced and self.threshold > 1
            else State.SHOWN
            for i, v in enumerate(self.values)
        ]
        if self.threshold > 1 and self.equations:
            solver = _Solver(self, states)
            solver.run()
            if solver.all_protected():
                solver.prune()
        return Masking(tuple(self.values), tuple(states), self.threshold)


class _Solver:
    def __init__(self, problem: MaskProblem, states: list[State]) -> None:
        self.problem = problem
        self.states = states
        self.masked = {c for c, state in enumerate(states) if state is not State.SHOWN}
        self.values = problem.values
        self.threshold = problem.threshold
        signs = _orientation(problem)
        self.free = len(problem.equations)  # the node of cells in a single equation
        # Oriented coefficient c of a cell in an equation: the arc goes from the equation where
        # c = −1 (tail) to the one where c = +1 (head); the free node stands in for a missing end.
        self.ends: list[tuple[int, int]] = []
        for membership in problem._membership:
            head = tail = self.free
            for equation, coefficient in membership:
                if coefficient * signs[equation] > 0:
                    head = equation
                else:
                    tail = equation
            self.ends.append((tail, head))

    def run(self) -> None:
        given_up: set[int] = set()
        while True:
            exposed = [
                c
                for c in sorted(self.masked)
                if self.states[c] is State.PRIMARY and c not in given_up and not self.movable(c)
            ]
            if not exposed:
                return
            cell = exposed[0]
            if not self._protect(cell):
                given_up.add(cell)  # cannot happen with the zero fallback; kept for safety

    def prune(self) -> None:
        """Show again every extra cell that is not needed: zeros first, then totals, then the
        largest parts (masking greedily can leave a cell that a later one made useless)."""
        totals = {total for _, total in self.problem.equations}
        extra = [
            c
            for c, s in enumerate(self.states)
            if s in (State.SECONDARY, State.ZERO) and c not in self.problem._forced
        ]
        extra.sort(
            key=lambda c: (self.states[c] is not State.ZERO, c not in totals, -self.values[c])
        )
        for cell in extra:
            state = self.states[cell]
            self.assign(cell, State.SHOWN)
            if not self.all_protected():
                self.assign(cell, state)

    def assign(self, cell: int, state: State) -> None:
        self.states[cell] = state
        if state is State.SHOWN:
            self.masked.discard(cell)
        else:
            self.masked.add(cell)

    def all_protected(self) -> bool:
        return all(self.movable(c) for c, state in enumerate(self.states) if state is State.PRIMARY)

    # --- the exact check ---------------------------------------------------------------------

    def bounds(self, cell: int, zero_equations: set[int]) -> tuple[float, float]:
        """What a reader knows of a masked cell. A ``"< 5"`` cell holds at least 1, unless one
        of its equations has a masked zero: there, no ``"< 5"`` can be told from a 0."""
        state = self.states[cell]
        if state is State.PRIMARY:
            membership = self.problem._membership[cell]
            lenient = any(e in zero_equations for e, _ in membership)
            return (0 if lenient else 1), self.threshold - 1
        if state is State.ZERO:
            return 0, self.threshold - 1
        return self.threshold, float("inf")

    def movable(self, cell: int) -> bool:
        """Whether some other filling gives ``cell`` another value."""
        zeros = self._zero_equations()
        low, high = self.bounds(cell, zeros)
        value = self.values[cell]
        tail, head = self.ends[cell]
        return (value < high and self._path(head, tail, cell, zeros)) or (
            value > low and self._path(tail, head, cell, zeros)
        )

    def _zero_equations(self) -> set[int]:
        return {
            e
            for c in self.masked
            if self.states[c] is State.ZERO
            for e, _ in self.problem._membership[c]
        }

    def _path(self, start: int, goal: int, excluded: int, zeros: set[int]) -> bool:
        """A path ``start → goal`` in the residual graph of the masked cells but ``excluded``."""
        if start == goal:
            return True
        arcs: dict[int, list[int]] = {}
        for cell in self.masked:
            if cell == excluded:
                continue
            low, high = self.bounds(cell, zeros)
            tail, head = self.ends[cell]
            if self.values[cell] < high:
                arcs.setdefault(tail, []).append(head)
            if self.values[cell] > low:
                arcs.setdefault(head, []).append(tail)
        seen = {start}
        queue = deque([start])
        while queue:
            node = queue.popleft()
            for nxt in arcs.get(node, ()):
                if nxt == goal:
                    return True
                if nxt not in seen:
                    seen.add(nxt)
                    queue.append(nxt)
        return False

    # --- choosing what else to mask ----------------------------------------------------------

    def _protect(self, cell: int) -> bool:
        """Mask one more cell (or the zeros of an equation) towards protecting ``cell``.

        Looks first in the equations of ``cell``, then in those reached through masked cells
        (ring after ring): shown non-zero parts, then totals; zeros only when nothing else is
        left anywhere.
        """
        rings = self._rings(cell)
        equations = self.problem.equations
        for ring in rings:
            parts = {p for e in ring for p in equations[e][0]}
            totals = {equations[e][1] for e in ring}
            for group in (parts, totals):
                candidates = sorted(
                    (c for c in group if self.states[c] is State.SHOWN and self.values[c] > 0),
                    key=lambda c: (self.values[c], c),
                )
                if candidates:
                    self._mask_best(cell, candidates)
                    return True
        for ring in rings:
            zeros = [
                c
                for e in ring
                for c in (*equations[e][0], equations[e][1])
                if self.states[c] is State.SHOWN and self.values[c] == 0
            ]
            if zeros:
                for c in zeros:
                    self.assign(c, State.ZERO)
                return True
        return False

    def _rings(self, cell: int) -> list[list[int]]:
        """Equations of ``cell``, then those reached through masked cells, ring by ring."""
        membership = self.problem._membership
        ring = sorted({e for e, _ in membership[cell]})
        seen = set(ring)
        rings = []
        while ring:
            rings.append(ring)
            reached = {
                e
                for r in ring
                for c in (*self.problem.equations[r][0], self.problem.equations[r][1])
                if self.states[c] is not State.SHOWN
                for e, _ in membership[c]
            }
            ring = sorted(reached - seen)
            seen.update(ring)
        return rings

    def _mask_best(self, cell: int, candidates: list[int]) -> None:
        """Mask the first of the (few smallest) candidates that protects ``cell``, else the
        smallest: the next round will add another."""
        for candidate in candidates[:8]:
            self.assign(candidate, State.SECONDARY)
            if self.movable(cell):
                return
            self.assign(candidate, State.SHOWN)
        self.assign(candidates[0], State.SECONDARY)


def _orientation(problem: MaskProblem) -> list[int]:
    """A sign per equation such that a cell in two equations is added in one and subtracted in
    the other (raises :class:`MaskingError` when the sums do not allow it)."""
    signs = [0] * len(problem.equations)
    links: dict[int, list[tuple[int, int]]] = {}
    for membership in problem._membership:
        if len(membership) == 2:
            (e1, c1), (e2, c2) = membership
            # Need signs[e1]·c1 = −signs[e2]·c2, i.e. signs[e2] = −c1·c2·signs[e1].
            links.setdefault(e1, []).append((e2, -c1 * c2))
            links.setdefault(e2, []).append((e1, -c1 * c2))
    for root in range(len(signs)):
        if signs[root]:
            continue
        signs[root] = 1
        queue = deque([root])
        while queue:
            node = queue.popleft()
            for other, relation in links.get(node, ()):
                wanted = relation * signs[node]
                if signs[other] == 0:
                    signs[other] = wanted
                    queue.append(other)
                elif signs[other] != wanted:
                    raise MaskingError("Ces sommes publiées ne peuvent pas être vérifiées.")
    return signs


@dataclass(frozen=True)
class GridMasking:
    """:func:`mask_grid` in table form: displays of the cells and of the published totals."""

    cells: list[list[int | str]]
    row_totals: list[int | str] | None
    column_totals: list[int | str] | None
    grand_total: int | str | None
    masking: Masking


def mask_grid(
    rows: Sequence[Sequence[int]],
    threshold: int = DEFAULT_THRESHOLD,
    *,
    row_totals: bool = True,
    column_totals: bool = True,
) -> GridMasking:
    """Mask a table of counts published with its row totals and/or column totals (and the
    grand total when both are published)."""
    problem = MaskProblem(threshold)
    grid = [problem.add_many(row) for row in rows]
    width = len(grid[0]) if grid else 0
    row_cells = col_cells = None
    if row_totals:
        row_cells = [problem.add(sum(row)) for row in rows]
        for cells, total in zip(grid, row_cells, strict=True):
            problem.add_sum(cells, total)
    if column_totals:
        col_cells = [problem.add(sum(row[c] for row in rows)) for c in range(width)]
        for c, total in enumerate(col_cells):
            problem.add_sum([row[c] for row in grid], total)
    grand = None
    if row_cells is not None and col_cells is not None:
        grand = problem.add(sum(sum(row) for row in rows))
        problem.add_sum(row_cells, grand)
        problem.add_sum(col_cells, grand)
    masking = problem.solve()
    show = masking.display
    return GridMasking(
        cells=[[show(c) for c in row] for row in grid],
        row_totals=None if row_cells is None else [show(c) for c in row_cells],
        column_totals=None if col_cells is None else [show(c) for c in col_cells],
        grand_total=None if grand is None else show(grand),
        masking=masking,
    )
