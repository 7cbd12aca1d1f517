"""The state of the local search (:mod:`~cites_app.grouping.search`): counts per row and the
per-row terms of the key ``(V, U, F, -M)``, with the vectorised evaluation of every move.

Rows are the groups, then the waiting list (a row whose terms count for nothing). A move of one
pupil changes two rows: the change of a row's terms is computed from its counts — for all
target rows at once (a relocation) or for all swap partners at once (a swap, sizes unchanged:
only the sums of squared counts move, by ``2 (c_in − c_out) + 2``).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from cites_app.grouping.problem import IntArray, SearchProblem

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]
#: ``(V, U, F, -M)``: hard targets missed, pupils waiting, fairness cost, minus the mix.
Key = tuple[float, int, int, float]
#: ``(dV, dU, dF, dM)`` of a move.
Delta = tuple[float, int, int, float]

EPS = 1e-9


def improves(delta: Delta) -> bool:
    """Whether a move makes the key smaller (the mix must gain more than rounding noise)."""
    dv, du, df, dm = delta
    if dv or du or df:
        return (dv, du, df) < (0.0, 0, 0)
    return dm > EPS


def delta_key(delta: Delta) -> Delta:
    """A delta in the order keys compare (the mix is maximised)."""
    dv, du, df, dm = delta
    return (dv, du, df, -dm)


def _clean(values: FloatArray) -> FloatArray:
    """Hard-target amounts rounded so that float noise never passes for a change."""
    rounded: FloatArray = np.round(values, 9) + 0.0
    return rounded


class SearchState:
    """Counts per row (groups, then the waiting list) and the per-row terms of the key."""

    def __init__(self, problem: SearchProblem, rows: IntArray) -> None:
        self.p = problem
        g = problem.groups
        self.wait = g
        n_rows = g + 1
        self.active = np.ones(n_rows, dtype=np.float64)
        self.active[g] = 0.0
        self.cap = np.append(problem.capacity, problem.size + 1)
        self.available = np.hstack([problem.available, np.ones((problem.size, 1), dtype=bool)])
        self.codes = (problem.school, problem.sex, problem.niveau, problem.qpv)
        self.widths = (problem.n_schools, 3, problem.n_niveaux, 3)
        self.share = 1.0 if problem.max_share is None else problem.max_share
        w = problem.weights
        self.attribute_weights = np.array([w.contact, w.sex, w.niveau, w.qpv])
        self.ss = np.zeros((4, n_rows), dtype=np.int64)
        self.dist = np.zeros(n_rows, dtype=np.int64)
        self.exc = np.zeros(n_rows, dtype=np.float64)
        # ∂M/∂(Σc²) of each attribute in each row, for swaps (sizes unchanged)
        self.coef = np.zeros((4, n_rows), dtype=np.float64)
        self.v = np.zeros(n_rows, dtype=np.float64)
        self.m = np.zeros(n_rows, dtype=np.float64)
        self.reset(rows)
        in_block = np.zeros(problem.size, dtype=bool)
        for block in problem.blocks:
            in_block[list(block)] = True
        self.singles = np.flatnonzero(~in_block)
        self.has_apart = np.array([bool(a) for a in problem.apart], dtype=bool)

    def reset(self, rows: IntArray) -> None:
        """Put every pupil in the given row and recompute all counts and terms."""
        n_rows = self.wait + 1
        self.row = rows.copy()
        self.counts = [np.zeros((n_rows, w), dtype=np.int64) for w in self.widths]
        for table, code in zip(self.counts, self.codes, strict=True):
            np.add.at(table, (rows, code), 1)
        self.n = np.bincount(rows, minlength=n_rows).astype(np.int64)
        for r in range(n_rows):
            self._refresh(r)
        self.fair_waiting = int(self.p.fair_cost[rows == self.wait].sum())

    # --- terms --------------------------------------------------------------------------------

    def excess(self, schools: IntArray, n: IntArray) -> FloatArray:
        """``Σ_k max(0, c_k − s·n)`` of each row of ``schools``."""
        if self.p.max_share is None:
            return np.zeros(len(n), dtype=np.float64)
        over: FloatArray = np.maximum(0.0, schools - self.share * n[:, None]).sum(axis=1)
        return over

    def v_terms(
        self, n: IntArray, dist: IntArray, exc: FloatArray, active: FloatArray
    ) -> FloatArray:
        v = exc + (n == 0)
        if self.p.min_schools:
            v = v + np.maximum(0, self.p.min_schools - dist)
        return _clean(v * active)

    def m_terms(self, n: IntArray, ss: IntArray, active: FloatArray) -> FloatArray:
        """Mix term of rows of sizes ``n`` whose sums of squared counts are ``ss`` (4 × rows)."""
        w = self.attribute_weights
        nf = n.astype(np.float64)
        with np.errstate(divide="ignore", invalid="ignore"):
            contact = np.where(n > 1, (nf * nf - ss[0]) / (nf - 1), 0.0)
            balance = np.where(n > 0, (w[1:] @ (nf - ss[1:] / nf)), 0.0)
        result: FloatArray = (w[0] * contact + balance - self.p.weights.size * nf * nf) * active
        return result

    def _refresh(self, r: int) -> None:
        """Recompute row ``r``'s sums, excess and terms from its counts (plain floats: a single
        row is cheaper without numpy's per-call overhead)."""
        size = int(self.n[r])
        for i, table in enumerate(self.counts):
            row = table[r]
            self.ss[i, r] = int(row @ row)
        schools = self.counts[0][r]
        self.dist[r] = int(np.count_nonzero(schools))
        excess = 0.0
        if self.p.max_share is not None and size:
            limit = self.share * size
            excess = float(np.maximum(0.0, schools - limit).sum())
        self.exc[r] = excess
        w = self.attribute_weights
        if not self.active[r]:
            self.v[r], self.m[r] = 0.0, 0.0
            self.coef[:, r] = 0.0
            return
        v = excess + (size == 0)
        if self.p.min_schools:
            v += max(0, self.p.min_schools - int(self.dist[r]))
        self.v[r] = round(v, 9) + 0.0
        ss = self.ss[:, r]
        m = -self.p.weights.size * size * size
        if size > 1:
            m += w[0] * (size * size - int(ss[0])) / (size - 1)
        if size > 0:
            m += sum(float(w[i]) * (size - int(ss[i]) / size) for i in (1, 2, 3))
        self.m[r] = m
        self.coef[0, r] = -w[0] / (size - 1) if size > 1 else 0.0
        self.coef[1:, r] = -w[1:] / size if size > 0 else 0.0

    def key(self) -> Key:
        unplaced = int(self.n[self.wait])
        hard = round(float(self.v.sum()), 9) + (unplaced if self.p.place_all else 0)
        return (hard, unplaced, self.fair_waiting, -float(self.m.sum()))

    # --- moves --------------------------------------------------------------------------------

    def apply(self, pupils: list[int], target: int) -> None:
        """Move ``pupils`` to row ``target``."""
        touched = {target}
        for p in pupils:
            source = int(self.row[p])
            touched.add(source)
            for table, code in zip(self.counts, self.codes, strict=True):
                table[source, code[p]] -= 1
                table[target, code[p]] += 1
            self.n[source] -= 1
            self.n[target] += 1
            self.row[p] = target
            if source == self.wait:
                self.fair_waiting -= int(self.p.fair_cost[p])
            if target == self.wait:
                self.fair_waiting += int(self.p.fair_cost[p])
        for r in touched:
            self._refresh(r)

    def _fair_moves(self, p: int, a: int) -> tuple[IntArray, IntArray]:
        """``dU`` and ``dF`` of moving ``p`` from row ``a`` to each row."""
        du = np.zeros(self.wait + 1, dtype=np.int64)
        df = np.zeros(self.wait + 1, dtype=np.int64)
        cost = int(self.p.fair_cost[p])
        if a == self.wait:
            du[: self.wait], df[: self.wait] = -1, -cost
        else:
            du[self.wait], df[self.wait] = 1, cost
        return du, df

    def best_relocation(self, p: int) -> tuple[Delta, int] | None:
        """The best row for singleton ``p`` and the change of key it brings."""
        a = int(self.row[p])
        n1 = self.n + 1
        schools = self.counts[0]
        k = int(self.codes[0][p])
        exc1 = self.excess(schools, n1)
        if self.p.max_share is not None:
            c_k = schools[:, k]
            t = self.share * n1
            exc1 = exc1 - np.maximum(0.0, c_k - t) + np.maximum(0.0, c_k + 1 - t)
        dist1 = self.dist + (schools[:, k] == 0)
        ss1 = self.ss + np.array(
            [2 * table[:, code[p]] + 1 for table, code in zip(self.counts, self.codes, strict=True)]
        )
        dv = self.v_terms(n1, dist1, exc1, self.active) - self.v
        dm = self.m_terms(n1, ss1, self.active) - self.m
        if a != self.wait:
            dv_s, dm_s = self._row_after(a, [], [p])
            dv, dm = dv + dv_s, dm + dm_s
        du, df = self._fair_moves(p, a)
        if self.p.place_all:
            dv = dv + du
        allowed = self.available[p] & (n1 <= self.cap)
        allowed[a] = False
        for partner in self.p.apart[p]:
            if self.row[partner] != self.wait:
                allowed[self.row[partner]] = False
        return _pick(allowed, _clean(dv), du, df, dm)

    def best_swap(self, p: int, tabu: BoolArray | None = None) -> tuple[Delta, int] | None:
        """The best singleton to swap ``p`` with (rows differ; none marked in ``tabu``) and the
        change it brings — the best even when it makes things worse."""
        a = int(self.row[p])
        q = self.singles
        b = self.row[q]
        allowed = (b != a) & self.available[q, a] & self.available[p, b]
        if tabu is not None:
            allowed &= ~tabu[q]
        if not allowed.any():
            return None
        dv_a, dm_a = self._swap_side(np.full(len(q), a), p, q, out_is_p=True)
        dv_b, dm_b = self._swap_side(b, p, q, out_is_p=False)
        dv = _clean(dv_a + dv_b)
        dm = dm_a + dm_b
        fair = self.p.fair_cost
        df = np.where(b == self.wait, fair[p] - fair[q], 0)
        if a == self.wait:
            df = df + fair[q] - fair[p]
        du = np.zeros(len(q), dtype=np.int64)
        if not (self.has_apart[p] or self.has_apart[q].any()):
            return _pick(allowed, dv, du, df, dm, labels=q)
        order = np.lexsort((-dm, df, du, dv))
        for i in order[allowed[order]][:20]:
            if self.apart_ok(p, int(b[i]), int(q[i]), a):
                delta: Delta = (float(dv[i]), 0, int(df[i]), float(dm[i]))
                return delta, int(q[i])
        return None

    def culprits(self) -> IntArray:
        """Single pupils whose move could mend a missed target: in a group above the share,
        the pupils of the schools above it; in a group short of schools, all its pupils; and,
        when everyone must be placed, the waiting ones."""
        pupils = self.singles
        rows = self.row[pupils]
        bad = (self.v[rows] > 0) & (rows != self.wait)
        if self.p.max_share is not None:
            over = self.counts[0][rows, self.codes[0][pupils]] > self.share * self.n[rows] + EPS
            only_short = self.exc[rows] == 0
            bad &= over | only_short
        if self.p.place_all:
            bad |= rows == self.wait
        result: IntArray = pupils[bad]
        return result

    def _swap_side(
        self, rows: IntArray, p: int, q: IntArray, *, out_is_p: bool
    ) -> tuple[FloatArray, FloatArray]:
        """Change of the rows' terms when one pupil leaves and the other enters (sizes kept)."""
        dm = np.zeros(len(q), dtype=np.float64)
        dv = np.zeros(len(q), dtype=np.float64)
        for i, (table, code) in enumerate(zip(self.counts, self.codes, strict=True)):
            k_p, k_q = code[p], code[q]
            k_out, k_in = (k_p, k_q) if out_is_p else (k_q, k_p)
            differ = k_out != k_in
            c_out, c_in = table[rows, k_out], table[rows, k_in]
            dm += self.coef[i, rows] * np.where(differ, 2 * (c_in - c_out) + 2, 0)
            if i == 0:
                dv = self._school_swap_dv(rows, differ, c_out, c_in)
        return dv * self.active[rows], dm

    def _school_swap_dv(
        self, rows: IntArray, differ: BoolArray, c_out: IntArray, c_in: IntArray
    ) -> FloatArray:
        dv = np.zeros(len(rows), dtype=np.float64)
        if self.p.max_share is not None:
            t = self.share * self.n[rows]
            d_in = np.maximum(0.0, c_in + 1 - t) - np.maximum(0.0, c_in - t)
            d_out = np.maximum(0.0, c_out - 1 - t) - np.maximum(0.0, c_out - t)
            dv += np.where(differ, d_in + d_out, 0.0)
        if self.p.min_schools:
            dist = self.dist[rows]
            new = dist + np.where(differ, (c_in == 0).astype(np.int64) - (c_out == 1), 0)
            m = self.p.min_schools
            dv += np.maximum(0, m - new) - np.maximum(0, m - dist)
        return dv

    def apart_ok(self, p: int, p_target: int, q: int, q_target: int) -> bool:
        for mover, target, other in ((p, p_target, q), (q, q_target, p)):
            if target == self.wait:
                continue
            for partner in self.p.apart[mover]:
                if partner != other and self.row[partner] == target:
                    return False
        return True

    def _row_after(self, r: int, add: list[int], remove: list[int]) -> tuple[float, float]:
        """Change of row ``r``'s terms if ``add`` join it and ``remove`` leave it."""
        rows = []
        for table, code in zip(self.counts, self.codes, strict=True):
            counts = table[r].copy()
            np.add.at(counts, code[add], 1)
            np.subtract.at(counts, code[remove], 1)
            rows.append(counts)
        n = np.array([self.n[r] + len(add) - len(remove)], dtype=np.int64)
        schools = rows[0][None, :]
        active = self.active[r : r + 1]
        v = self.v_terms(n, np.array([(schools > 0).sum()]), self.excess(schools, n), active)[0]
        ss = np.array([[(c**2).sum()] for c in rows], dtype=np.int64)
        m = self.m_terms(n, ss, active)[0]
        return float(v - self.v[r]), float(m - self.m[r])

    def best_block_move(self, block: list[int]) -> tuple[Delta, int] | None:
        """The best row for a block of pupils that stay together."""
        a = int(self.row[block[0]])
        best: tuple[Delta, int] | None = None
        cost = int(self.p.fair_cost[block].sum())
        for t in range(self.wait + 1):
            if t == a or self.n[t] + len(block) > self.cap[t]:
                continue
            if not self.available[block, t].all() or not self._blockapart_ok(block, t):
                continue
            dv_t, dm_t = self._row_after(t, block, [])
            dv_a, dm_a = self._row_after(a, [], block)
            du = len(block) * (int(t == self.wait) - int(a == self.wait))
            df = cost * (int(t == self.wait) - int(a == self.wait))
            dv = round(dv_t + dv_a, 9) + (du if self.p.place_all else 0)
            delta: Delta = (dv, du, df, dm_t + dm_a)
            if best is None or delta_key(delta) < delta_key(best[0]):
                best = (delta, t)
        return best

    def _blockapart_ok(self, block: list[int], target: int) -> bool:
        if target == self.wait:
            return True
        return all(self.row[o] != target for p in block for o in self.p.apart[p])

    # --- search -------------------------------------------------------------------------------


def _pick(
    allowed: BoolArray,
    dv: FloatArray,
    du: IntArray,
    df: IntArray,
    dm: FloatArray,
    labels: IntArray | None = None,
) -> tuple[Delta, int] | None:
    """The lexicographically best allowed entry: ``((dV, dU, dF, dM), label)``."""
    indices = np.flatnonzero(allowed)
    if not len(indices):
        return None
    order = np.lexsort((-dm[indices], df[indices], du[indices], dv[indices]))
    i = int(indices[order[0]])
    delta: Delta = (float(dv[i]), int(du[i]), int(df[i]), float(dm[i]))
    return delta, int(labels[i]) if labels is not None else i
