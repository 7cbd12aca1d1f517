"""The solver: a deterministic local search over "who goes in which group, who waits".

Why not a constraint solver: OR-Tools (CP-SAT) would add a 30 MB wheel (82 MB installed) plus
pandas, protobuf and absl to a desktop installer, for a problem whose structure a local search
serves well — the objective is a sum of per-group terms of counts, so moving or swapping pupils
is evaluated in a few vectorised numpy operations, 600 pupils in 24 groups take about a second,
and the same code can re-score a hand-made change live. Obvious impossibilities are
explained before the search (:mod:`~.feasibility`); whatever target the search still misses is
reported after it, never hidden.

The state is the group ("row") of each pupil, the waiting list being one more row that counts
for nothing. A state is compared to another by the tuple ``(V, U, F, -M)``, lexicographically:

* ``V`` — hard targets missed: how far schools exceed ``max_share`` of their group
  (``Σ_k max(0, c_gk − s·n_g)``, zero exactly when every ``c_gk / n_g ≤ s``; unlike a count
  of pupils above ``⌊s·n_g⌋`` it decreases step by step as a small group fills with other
  schools, so the search is not trapped in it), schools missing below ``min_schools``, empty
  groups (and, with ``place_all``, pupils left waiting). Capacities, availability
  (overlapping séances), "together" (a block moves as one) and "apart" are never broken: moves
  that would are not considered.
* ``U`` — pupils left waiting (as few as the targets allow).
* ``F`` — fairness: the summed cost of the pupils left waiting (the fairness tiers of
  :mod:`~.problem`), so that a pupil served earlier never waits for one served later.
* ``M`` — the mix, maximised: ``Σ_g [w_c n_g C_g + Σ_a w_a (n_g − Σ_j c_gaj² / n_g) − w_n n_g²]``
  where ``n_g C_g = (n_g² − Σ_k c_gk²) / (n_g − 1)`` is the group's cross-school contact rate
  times its size, the middle sum rewards groups whose sex, niveau and QPV make-up mirror the
  whole (it is the between-groups dispersion of shares, turned around) and the last term keeps
  sizes even.

Search, in steps that each keep the best state seen:

1. pupils are inserted in fairness order (ties in a seeded random order) at their best place;
2. sweeps try, for every pupil, the best move to another row and the best swap with any pupil
   of another row, applying improving ones until none is left; while pupils wait beside a free
   place, chains of moves (augmenting paths, as in a matching) place one more when single moves
   cannot;
3. only if a hard target is still missed: a "min-conflicts" walk with a tabu list, then seeded
   "kicks" (random swaps, sweeps again, kept only if better) leave the local optimum;
4. when pupils still wait beside a free place, the search is run again counting waiting pupils
   as missed targets (tight shares can keep a group from growing one pupil at a time), then
   strictly again; and the whole is restarted a few times while a target is missed.

All randomness comes from ``numpy.random.default_rng(seed)`` and every budget counts moves, not
seconds (:class:`Budget`): the same input and seed give the same groups on every machine.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from cites_app.grouping.problem import IntArray, SearchProblem
from cites_app.grouping.search_state import BoolArray, Key, SearchState, delta_key, improves

MAX_SWEEPS = 40
REPAIR_STEPS_PER_WALK = 500
NOISE = 0.1
TABU = 7


@dataclass
class Budget:
    """What is left of the work allowed to mend missed targets, for a whole :func:`solve`
    (counted, never timed: the result does not depend on the machine's speed)."""

    kicks: int
    steps: int
    restarts: int

    @classmethod
    def for_size(cls, pupils: int) -> Budget:
        """Less work per pupil on big lists, where each move costs more: about as long in
        all, a few seconds at most for 600 pupils whose targets cannot all be met."""
        return cls(
            kicks=max(2, min(8, 2400 // max(pupils, 1))),
            steps=max(300, min(1500, 200_000 // max(pupils, 1))),
            restarts=3 if pupils <= 200 else 1,
        )

    @property
    def spent(self) -> bool:
        """Whether nothing is left."""
        return self.kicks <= 0 and self.steps <= 0


def solve(problem: SearchProblem, seed: int, *, budget: Budget | None = None) -> IntArray:
    """Group index of every pupil (``-1``: waiting list).

    While a hard target is missed, or a pupil waits beside a free place, the search starts
    again from scratch (a few times, the generator going on, while the :class:`Budget`
    lasts): tight requests are sometimes met only from another start. The best
    result is kept.
    """
    rng = np.random.default_rng(seed)
    budget = budget or Budget.for_size(problem.size)
    best_rows, best_key = _solve_once(problem, rng, budget)
    for _ in range(budget.restarts):
        if budget.spent or (best_key[0] == 0 and not _placeable(SearchState(problem, best_rows))):
            break
        rows, key = _solve_once(problem, rng, budget)
        if key < best_key:
            best_rows, best_key = rows, key
    return np.where(best_rows == problem.groups, -1, best_rows)


def _solve_once(
    problem: SearchProblem, rng: np.random.Generator, budget: Budget
) -> tuple[IntArray, Key]:
    waiting = problem.groups
    state = SearchState(problem, np.full(problem.size, waiting, dtype=np.int64))
    construct(state, rng)
    settle(state, rng)
    best_rows, best_key = _improve(state, rng, budget)
    if not problem.place_all and _placeable(state):
        # Tight targets (e.g. shares exactly met) can keep a group from growing one pupil at a
        # time: search again counting waiting pupils as missed targets, then strictly again.
        eager = SearchState(replace(problem, place_all=True), np.full(problem.size, waiting))
        construct(eager, rng)
        settle(eager, rng)
        _improve(eager, rng, budget)
        state = SearchState(problem, eager.row)
        settle(state, rng)
        rows, key = _improve(state, rng, budget)
        if key < best_key:
            best_rows, best_key = rows, key
    return best_rows, best_key


def repair(state: SearchState, rng: np.random.Generator, steps: int) -> None:
    """A seeded "min-conflicts" walk for missed targets, leaving ``state`` on the best rows seen.

    Each step takes a pupil whose move could mend a missed target (:meth:`SearchState.culprits`)
    and applies its best move or swap *even if it makes the key worse* — now and then a random
    swap instead — with recently moved pupils barred for a few steps (a tabu list), so that
    the walk crosses the plateaus where single improving moves are stuck.
    """
    best_rows, best_key = state.row.copy(), state.key()
    tabu_until = np.zeros(state.p.size, dtype=np.int64)
    for step_number in range(steps):
        if best_key[0] == 0:
            break
        culprits = state.culprits()
        if not len(culprits):
            break
        p = int(rng.choice(culprits))
        tabu = tabu_until > step_number
        relocation = state.best_relocation(p)
        swap = state.best_swap(p, tabu)
        if rng.random() < NOISE:
            partners = state.singles[
                (state.row[state.singles] != state.row[p]) & ~tabu[state.singles]
            ]
            q = int(rng.choice(partners)) if len(partners) else p
            a, b = int(state.row[p]), int(state.row[q])
            if (
                q != p
                and state.available[p, b]
                and state.available[q, a]
                and state.apart_ok(p, b, q, a)
            ):
                swap, relocation = ((0.0, 0, 0, 0.0), q), None
        if swap is not None and (
            relocation is None or delta_key(swap[0]) <= delta_key(relocation[0])
        ):
            q = swap[1]
            a, b = int(state.row[p]), int(state.row[q])
            state.apply([p], b)
            state.apply([q], a)
            tabu_until[q] = step_number + TABU
        elif relocation is not None:
            state.apply([p], relocation[1])
        else:
            continue
        tabu_until[p] = step_number + TABU
        key = state.key()
        if key < best_key:
            best_rows, best_key = state.row.copy(), key
    state.reset(best_rows)


def _placeable(state: SearchState) -> bool:
    """Whether a group still has a place while a pupil free for some group waits."""
    room = state.n[: state.wait] < state.cap[: state.wait]
    waiting = state.row == state.wait
    return bool(room.any() and state.available[waiting][:, : state.wait].any())


def _improve(state: SearchState, rng: np.random.Generator, budget: Budget) -> tuple[IntArray, Key]:
    """While a hard target is missed: a repair walk, then kicks (each followed by sweeps),
    within the budget; the best rows and key seen, ``state`` left on them.

    On reachable targets the first local optimum is already far above chance: this work is
    spent only on missed targets.
    """
    problem = state.p
    if state.key()[0] > 0 and budget.steps > 0:
        steps = min(budget.steps, REPAIR_STEPS_PER_WALK)
        budget.steps -= steps
        repair(state, rng, steps)
        settle(state, rng)
    best_rows, best_key = state.row.copy(), state.key()
    while budget.kicks > 0 and problem.size > 1 and problem.groups > 1:
        if best_key[0] == 0:
            break
        budget.kicks -= 1
        kick(state, rng)
        settle(state, rng)
        key = state.key()
        if key < best_key:
            best_rows, best_key = state.row.copy(), key
        else:
            state.reset(best_rows)
    return best_rows, best_key


def evaluate(problem: SearchProblem, groups: IntArray) -> Key:
    """``(V, U, F, -M)`` of an assignment (``-1``: waiting), as the search compares them."""
    rows = np.where(groups < 0, problem.groups, groups).astype(np.int64)
    return SearchState(problem, rows).key()


def construct(state: SearchState, rng: np.random.Generator) -> None:
    """Insert pupils from the waiting row in fairness order (ties in seeded order)."""
    problem = state.p
    units: list[list[int]] = [[int(p)] for p in state.singles]
    units += [list(block) for block in problem.blocks]
    fair = problem.fair_cost
    priority = np.array([-max(int(fair[p]) for p in unit) for unit in units])
    order = np.lexsort((rng.random(len(units)), priority))
    for i in order:
        step(state, units[int(i)], with_swaps=False)


def settle(state: SearchState, rng: np.random.Generator) -> None:
    """Sweep until stable; then, while pupils wait and a place is free somewhere, try chains
    of moves that place one more pupil (and sweep again after each success)."""
    sweep_until_stable(state, rng)
    for _ in range(state.p.size):
        if not augment(state):
            return
        sweep_until_stable(state, rng)


def augment(state: SearchState) -> bool:
    """Place one waiting pupil through a chain of moves, if that makes the key smaller.

    With every group the pupil is free for already full, one pupil of such a group moves to
    another group it is free for, and so on until a group with a free place (a shortest chain,
    found breadth first over the groups) — the classic augmenting path of a matching, which
    single moves and swaps cannot find when places are tight.
    """
    waiting_row = state.wait
    room = state.n[:waiting_row] < state.cap[:waiting_row]
    waiting = [int(p) for p in state.singles if state.row[p] == waiting_row]
    if not waiting or not room.any():
        return False
    waiting.sort(key=lambda p: (-int(state.p.fair_cost[p]), p))
    by_row: dict[int, list[int]] = {}
    for q in state.singles:
        by_row.setdefault(int(state.row[q]), []).append(int(q))
    for p in waiting:
        chain = _chain(state, p, room, by_row)
        if chain is None:
            continue
        before = state.key()
        moves = [(pupil, int(state.row[pupil]), target) for pupil, target in chain]
        for pupil, _source, target in moves:
            state.apply([pupil], target)
        if state.key() < before:
            return True
        for pupil, source, _target in reversed(moves):
            state.apply([pupil], source)
    return False


def _chain(
    state: SearchState, p: int, room: BoolArray, by_row: dict[int, list[int]]
) -> list[tuple[int, int]] | None:
    """Moves ``[(pupil, target row)]`` that bring ``p`` into a group, breadth first."""
    groups = state.wait
    start = [g for g in range(groups) if state.available[p, g] and state.apart_ok(p, g, p, g)]
    came_from: dict[int, tuple[int, int] | None] = {g: None for g in start}
    queue = list(start)
    while queue:
        g = queue.pop(0)
        if room[g]:
            moves: list[tuple[int, int]] = []
            current: int = g
            step = came_from[current]
            while step is not None:
                pupil, previous = step
                moves.append((pupil, current))
                current = previous
                step = came_from[current]
            moves.append((p, current))
            return moves
        for q in by_row.get(g, ()):
            for h in range(groups):
                if h not in came_from and state.available[q, h] and state.apart_ok(q, h, q, h):
                    came_from[h] = (q, g)
                    queue.append(h)
    return None


def sweep_until_stable(state: SearchState, rng: np.random.Generator) -> None:
    """Apply improving moves and swaps until a whole sweep finds none."""
    for _ in range(MAX_SWEEPS):
        improved = False
        for p in rng.permutation(state.singles):
            improved |= step(state, [int(p)], with_swaps=True)
        for block in state.p.blocks:
            improved |= step(state, list(block), with_swaps=False)
        if not improved:
            return


def step(state: SearchState, unit: list[int], *, with_swaps: bool) -> bool:
    """Apply the best improving move of ``unit`` (a pupil, or a block kept together)."""
    if len(unit) > 1:
        move = state.best_block_move(unit)
        if move is not None and improves(move[0]):
            state.apply(unit, move[1])
            return True
        return False
    p = unit[0]
    relocation = state.best_relocation(p)
    swap = state.best_swap(p) if with_swaps else None
    if (
        swap is not None
        and improves(swap[0])
        and (relocation is None or delta_key(swap[0]) < delta_key(relocation[0]))
    ):
        q = swap[1]
        a, b = int(state.row[p]), int(state.row[q])
        state.apply([p], b)
        state.apply([q], a)
        return True
    if relocation is not None and improves(relocation[0]):
        state.apply([p], relocation[1])
        return True
    return False


def kick(state: SearchState, rng: np.random.Generator) -> None:
    """Swap a few random pairs of pupils of different rows (availability and "apart" kept),
    the waiting list included, so that the search leaves a local optimum."""
    pupils = state.singles
    if len(pupils) < 2:
        return
    # Pupils of groups that miss a target (and waiting ones, when all must be placed) first.
    missing = state.v[state.row[pupils]] > 0
    if state.p.place_all:
        missing |= state.row[pupils] == state.wait
    movers = pupils[missing] if missing.any() else pupils
    for _ in range(max(2, len(pupils) // 20)):
        p = int(rng.choice(movers))
        q = int(rng.choice(pupils))
        a, b = int(state.row[p]), int(state.row[q])
        if (
            a != b
            and state.available[p, b]
            and state.available[q, a]
            and state.apart_ok(p, b, q, a)
        ):
            state.apply([p], b)
            state.apply([q], a)
