"""Welfare on the FULL graph for small runs: price out pairs the candidate graph left out.

The solver's bound covers the graph it solved. With duals y ≥ 0 of that graph, weak duality over
*all* pairs gives

    OPT(full) ≤ Σ cap_v·y_v + Σ_{candidate e} (w_e − y_u − y_v)⁺ + Σ_{other e} (w_e − y_u − y_v)⁺,

so a search for pairs outside the graph with w > y_u + y_v (positive reduced cost) both proves a
bound on the whole problem and names the pairs that could still raise the total. They join the
graph and it is solved again (column generation), until none is left or ``MAX_ROUNDS`` is reached.
When none is left, the LP of the candidate graph is the LP of the full graph.

The search walks the skill posting lists like the exact candidate search, so it is quadratic; it
runs where candidates are exact (n ≤ candidates.EXACT_LIMIT) and the graph isn't already full.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from twoway.engine import dense, kernels
from twoway.engine.candidates import forbidden_codes
from twoway.engine.dense import Planes
from twoway.engine.model import MatchConfig
from twoway.engine.outside import search_outside
from twoway.engine.population import F64, I32, Population, config_params
from twoway.engine.solve import Solution, dual_bound, polish, solve_welfare
from twoway.engine.stable import BOUND_SLACK, pair_codes, row_bounds

# Pairs added per person per round (the most violated). At n = 2,000 two rounds reach what four
# do (13,167.5, bound 13,173.5) in 1.2 s of solving instead of 2.0 s.
PER_ROW = 8
MAX_ROUNDS = 2
# With bit sets a search is cheap: one more round (devsurvey2017: 99.04% → 99.38% of the bound).
DENSE_ROUNDS = 3


@dataclass(slots=True)
class Priced:
    """The graph solved (candidates plus priced pairs), its solution, and the full-graph bound."""

    u: I32
    v: I32
    w: F64
    solution: Solution
    bound: float
    added: int


def solve_welfare_priced(
    pop: Population,
    config: MatchConfig,
    locks: list[tuple[int, int]],
    graph: tuple[I32, I32, F64, I32],
    bits: Planes | None = None,
    stored: dense.AllPairs | None = None,
) -> Priced:
    """Welfare on ``graph`` (u, v, w, capacity left after locks), with pairs priced in from the
    full graph and a bound that holds for every pair of people. With ``bits`` (see
    :mod:`twoway.engine.dense`) the search compares bit sets instead of walking posting lists:
    the same pairs, faster on a small skill vocabulary; with ``stored`` (every pair with a
    weight, :func:`dense.all_pairs`) it reads that list: the same pairs again, faster still."""
    n = pop.size
    u, v, w, cap = graph
    args = (pop.kernel_arrays(), config_params(config), forbidden_codes(pop, config))
    ub = row_bounds(pop, config)
    lock_codes = pair_codes(n, *np.array(locks, dtype=np.int64).reshape(-1, 2).T)
    best, added, rounds = np.inf, 0, 0
    in_graph = np.zeros(0 if stored is None else stored.v.shape[0], dtype=np.bool_)
    D = dense.as_args(bits) if bits is not None and stored is None else None
    limit = MAX_ROUNDS if bits is None else DENSE_ROUNDS
    if stored is not None:
        la, lb = np.array(locks, dtype=np.int64).reshape(-1, 2).T
        ends = np.concatenate([u, np.minimum(la, lb)]), np.concatenate([v, np.maximum(la, lb)])
        dense.mark_pairs(stored, *ends, in_graph)
    while True:
        # Only the duals are read until the last round: local search polishes the final solve.
        solution = solve_welfare(n, u, v, w, cap, passes=0)
        y = np.zeros(n) if solution.duals is None else solution.duals.copy()
        # Nobody can take a partner without capacity: leave them out of the search.
        y[cap <= 0] = np.inf
        known = np.sort(np.concatenate([pair_codes(n, u, v), lock_codes]))
        # Those with room; a bound of BOUND_SLACK is a best score of 0 (nobody fits them).
        rows = np.flatnonzero((ub > y) & (ub > BOUND_SLACK)).astype(np.int32)
        searched = np.zeros(n, dtype=np.bool_)
        searched[rows] = True
        if stored is not None:
            found, _, _, outside = dense.price_pairs(stored, rows, searched, y, in_graph, PER_ROW)
        elif bits is None:
            found, _, _, outside = search_outside(
                rows, searched, y, ub, known, PER_ROW, True, *args, pop.postings()
            )
        else:
            # Before the last round only the pairs to add are wanted, not the bound.
            found, _, _, outside = dense.search_live(
                rows, y, ub, known, PER_ROW, D, *args, top_only=rounds < limit
            )
        y[cap <= 0] = 0.0
        ends = found.ravel().astype(np.int64)
        hit = ends >= 0
        if D is None or rounds >= limit or not np.any(hit):  # the excess summed is whole
            best = min(best, dual_bound(u, v, w, cap, y) + float(outside.sum()))
        rounds += 1
        if not np.any(hit) or rounds > limit:
            break
        starts = np.repeat(rows.astype(np.int64), PER_ROW)[hit]
        new_u, new_v = np.minimum(starts, ends[hit]), np.maximum(starts, ends[hit])
        new_w = kernels.pair_weights(new_u, new_v, *args)
        order = np.argsort(pair_codes(n, new_u, new_v), kind="stable")
        u = np.concatenate([u, new_u[order].astype(np.int32)])
        v = np.concatenate([v, new_v[order].astype(np.int32)])
        w = np.concatenate([w, new_w[order]])
        added += int(new_u.shape[0])
        if stored is not None:
            dense.mark_pairs(stored, new_u, new_v, in_graph)
    return Priced(u, v, w, polish(n, u, v, w, cap, solution), best, added)
