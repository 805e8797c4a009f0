"""Assignment on the candidate graph: greedy, exact MIP, LP rounding, local search, upper bound.

- Stable objective: greedy by weight (ties by index). With one symmetric weight per pair this is
  the stable b-matching of the candidate graph: any pair left out lost to heavier partners.
- Welfare objective: the LP relaxation (HiGHS) gives an upper bound and, being almost integral,
  a near-optimal start. Small graphs are finished exactly by HiGHS's MIP; larger ones round the
  LP, fill greedily and improve by local search. The largest skip the LP: greedy + local search,
  bounded by coordinate descent on the LP dual.

Any y ≥ 0 gives the bound Σ cap_v·y_v + Σ_e (w_e − y_u − y_v)⁺ (weak LP duality, with the
excess paid by the x_e ≤ 1 duals), so every bound we report is proven whatever solver made y.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from twoway.engine import auction, kernels
from twoway.engine.population import F64, I32, I64

if TYPE_CHECKING:
    from scipy.optimize import OptimizeResult

# scipy (HiGHS) is imported where it is used: runs whose graphs are too large for the LP never
# load it, which saves about half a second of the `twoway match` command's start.

# Largest candidate graph (edges) given to the exact MIP, and to the LP relaxation.
MIP_EDGE_LIMIT = 5_000
LP_EDGE_LIMIT = 100_000
MIP_SECONDS = 3.0
# Local search: later passes gain little (measured at 100k: +0.2%, +0.01%, +0.002%).
LOCAL_SEARCH_PASSES = 2
DUAL_SWEEPS = 40
# Auction bid increment, relative to the mean edge weight: total within n·ε of the LP.
AUCTION_EPS = 5e-3


@dataclass(slots=True)
class Solution:
    matched: NDArray[np.bool_]
    bound: float
    solver: str
    bound_method: str
    # The dual point y ≥ 0 behind the bound (one per person), for pricing pairs outside the graph.
    duals: F64 | None = None


def adjacency(n: int, u: I32, v: I32) -> tuple[I64, I64]:
    """CSR of incident edge ids per vertex (edges where it is u, then where it is v, by id)."""
    ptr, adj = kernels.adjacency(n, u, v)
    return ptr, adj


def greedy_order(u: I32, v: I32, w: F64) -> I64:
    """Heaviest first; ties by the lower, then the higher index, so runs are reproducible."""
    codes = u.astype(np.int64) * (int(v.max(initial=0)) + 1) + v
    if codes.shape[0] < 2 or bool(np.all(codes[1:] > codes[:-1])):
        # Edges already sorted by (u, v), as the candidate graph gives them: one stable sort.
        return np.argsort(-w, kind="stable").astype(np.int64)
    return np.lexsort((v, u, -w)).astype(np.int64)


def dual_bound(u: I32, v: I32, w: F64, cap: I32, y: F64) -> float:
    """Σ cap·y + Σ (w − y_u − y_v)⁺: an upper bound on any b-matching for any y ≥ 0."""
    y = np.maximum(y, 0.0)
    excess = np.maximum(w - y[u] - y[v], 0.0)
    return float(cap.astype(np.float64) @ y + excess.sum())


def _incidence(n: int, u: I32, v: I32) -> Any:
    import scipy.sparse as sp

    m = u.shape[0]
    rows = np.concatenate([u, v])
    cols = np.concatenate([np.arange(m), np.arange(m)])
    return sp.csr_matrix((np.ones(2 * m), (rows, cols)), shape=(n, m))


def lp_relaxation(n: int, u: I32, v: I32, w: F64, cap: I32) -> OptimizeResult:
    """The LP relaxation of the b-matching (max Σ w·x, 0 ≤ x ≤ 1, Σ x at each v ≤ cap_v), solved by
    HiGHS as a minimisation of −w·x: ``-result.fun`` bounds every matching of the graph, and the
    constraint marginals are its duals."""
    from scipy.optimize import linprog

    return linprog(
        -w,
        A_ub=_incidence(n, u, v),
        b_ub=cap.astype(np.float64),
        bounds=(0.0, 1.0),
        method="highs",
    )


def _mip(n: int, u: I32, v: I32, w: F64, cap: I32) -> OptimizeResult:
    from scipy.optimize import Bounds, LinearConstraint, milp

    return milp(
        -w,
        constraints=LinearConstraint(_incidence(n, u, v), -np.inf, cap.astype(np.float64)),
        integrality=np.ones(u.shape[0]),
        bounds=Bounds(0.0, 1.0),
        options={"time_limit": MIP_SECONDS, "mip_rel_gap": 1e-9},
    )


def _improve(
    n: int, u: I32, v: I32, w: F64, cap: I32, matched: NDArray[np.bool_], passes: int
) -> None:
    """Fill greedily around the edges already chosen, then run local search (in place)."""
    residual = cap.astype(np.int64) - np.bincount(u[matched], minlength=n)
    residual -= np.bincount(v[matched], minlength=n)
    order = greedy_order(u, v, w)
    order = order[~matched[order]]
    matched |= kernels.greedy(order, u, v, residual)
    ptr, adj = adjacency(n, u, v)
    if passes:
        kernels.local_search(ptr, adj, u, v, w, matched, residual, passes)


def _descent_bound(n: int, u: I32, v: I32, w: F64, cap: I32) -> float:
    ptr, adj = adjacency(n, u, v)
    y = np.zeros(n, dtype=np.float64)
    np.maximum.at(y, u, w / 2)
    np.maximum.at(y, v, w / 2)
    auction.dual_descent(ptr, adj, u, v, w, cap.astype(np.int64), y, DUAL_SWEEPS)
    return dual_bound(u, v, w, cap, y)


def auction_solve(
    n: int, u: I32, v: I32, w: F64, cap: I32, passes: int = LOCAL_SEARCH_PASSES
) -> Solution:
    """Auction on the double cover: a near-LP primal start and duals for the bound.

    One phase from zero prices (ε-scaling would leave stale prices on slots nobody holds, which
    loosens the bound). Edges both ends chose are kept; the rest is filled greedily and improved
    by local search. Duals: each object's price and each bidder's best response to the prices,
    averaged over the two sides, then polished by a few sweeps of dual descent.
    """
    ptr, adj = adjacency(n, u, v)
    cap64 = cap.astype(np.int64)
    held, price = auction.auction(ptr, adj, u, v, w, cap64, AUCTION_EPS * float(w.mean()))
    y = (auction.best_response(ptr, adj, u, v, w, cap64, price) + price) / 2
    auction.dual_descent(ptr, adj, u, v, w, cap64, y, 2)
    bound = dual_bound(u, v, w, cap, y)
    chosen = np.bincount(held[held >= 0], minlength=u.shape[0])
    matched = chosen == 2
    _improve(n, u, v, w, cap, matched, passes)
    return Solution(matched, bound, "auction+local-search", "dual", np.maximum(y, 0.0))


def polish(n: int, u: I32, v: I32, w: F64, cap: I32, solution: Solution) -> Solution:
    """The solution after local search (its bound and duals still hold: the graph is the same)."""
    matched = solution.matched.copy()
    _improve(n, u, v, w, cap, matched, LOCAL_SEARCH_PASSES)
    return Solution(matched, solution.bound, solution.solver, solution.bound_method, solution.duals)


def solve_stable(n: int, u: I32, v: I32, w: F64, cap: I32) -> Solution:
    """Greedy by weight: stable on the candidate graph; bounded by dual descent."""
    matched = kernels.greedy(greedy_order(u, v, w), u, v, cap.astype(np.int64).copy())
    return Solution(matched, _descent_bound(n, u, v, w, cap), "greedy", "dual")


def solve_welfare(
    n: int, u: I32, v: I32, w: F64, cap: I32, passes: int = LOCAL_SEARCH_PASSES
) -> Solution:
    """Maximum total weight, exact when small, certified near-optimal when large.

    ``passes`` of local search polish a rounded or auctioned solution (0: a draft to be solved
    again)."""
    m = u.shape[0]
    if m == 0:
        return Solution(np.zeros(0, dtype=np.bool_), 0.0, "exact", "lp")
    if m > LP_EDGE_LIMIT:
        return auction_solve(n, u, v, w, cap, passes)
    lp = lp_relaxation(n, u, v, w, cap)
    y = np.maximum(-np.asarray(lp.ineqlin.marginals), 0.0)
    bound = dual_bound(u, v, w, cap, y)
    x = np.asarray(lp.x)
    if np.all(np.minimum(x, 1 - x) < 1e-7):
        return Solution(x > 0.5, bound, "exact", "lp", y)
    if m <= MIP_EDGE_LIMIT:
        mip = _mip(n, u, v, w, cap)
        if mip.status == 0 and mip.x is not None:
            return Solution(np.asarray(mip.x) > 0.5, bound, "exact", "lp", y)
    matched = x > 1 - 1e-7
    _improve(n, u, v, w, cap, matched, passes)
    return Solution(matched, bound, "lp-rounding", "lp", y)


def blocking_pairs(
    u: I32, v: I32, w: F64, matched: NDArray[np.bool_], residual: I64, worst: F64
) -> int:
    """Unmatched candidate pairs where both would rather be together than keep what they have.

    ``residual`` is each person's free capacity after the matching, ``worst`` the weight of their
    weakest partner (locked ones included; +inf when none).
    """
    wants_u = (residual[u] > 0) | (w > worst[u])
    wants_v = (residual[v] > 0) | (w > worst[v])
    return int(np.count_nonzero(~matched & wants_u & wants_v & (w > 0)))
