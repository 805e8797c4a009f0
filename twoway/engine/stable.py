"""The stable objective on the FULL graph: greedy on the candidates, then repair.

Greedy by weight is stable on the graph it runs on, but the candidate graph leaves pairs out, and
some of those block: both people score each other above their weakest partner. The repair:

1. greedy on the candidate graph (locked pairs have taken their capacity first);
2. thresholds: t_z = the weight of z's weakest partner (locks included) when z is full, 0 when z
   has room, +inf when z has no capacity at all;
3. search the full compatible graph for pairs outside the solved graph with weight > max(t_a, t_b),
   walking the skill posting lists as the exact candidate search does, row by row;
4. add what was found to the graph, re-run greedy, and search again until nothing is found.

When the search finds nothing, no pair outside the graph blocks, and greedy leaves none inside it
(locks aside: a locked pair may hold a slot its person would rather give away). Each round adds
at least one edge, so the loop ends.

Pruning keeps the search cheap. A row a is skipped when an upper bound of a's best possible score
is ≤ t_a. After the first round only rows whose threshold dropped (or whose finds were cut off)
are searched: a pair whose two thresholds did not drop was already found, and added, before.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numba as nb
import numpy as np
from numpy.typing import NDArray

from twoway.engine import kernels
from twoway.engine.candidates import forbidden_codes
from twoway.engine.model import MatchConfig
from twoway.engine.outside import search_outside
from twoway.engine.population import F64, I32, I64, Population, config_params
from twoway.engine.solve import Solution, blocking_pairs, greedy_order, solve_stable

# Above this many people the full-graph search (quadratic: every row walks whole posting lists;
# on 2 cores 7 s at 20,000 people, 51 s at 50,000, about 4 minutes at 100,000) is skipped unless
# asked for (MatchConfig.prove_stable): greedy runs on the candidates, then the fill, and blocking
# pairs are counted over that graph. Without the proof a 100,000-person run left 34,344 blocking
# pairs over all pairs, hence a limit this high. See docs/decisions.md.
PROOF_LIMIT = 100_000
# Blocking pairs kept per searched person per round (the heaviest); rows with more are searched
# again next round, so this only trades rounds for memory.
PER_ROW = 16
# A safety net: the loop ends on its own (each round adds edges); measured rounds are a handful.
MAX_ROUNDS = 100
# Slack on the row bound, so float rounding in the bound's sums can never prune a real pair.
BOUND_SLACK = 1e-9

jit = nb.njit(cache=True, nogil=True)
pjit = nb.njit(cache=True, nogil=True, parallel=True)


@dataclass(slots=True)
class StableResult:
    """The graph solved (candidates plus repair edges), its greedy matching, and the proof."""

    u: I32
    v: I32
    w: F64
    solution: Solution
    # Blocking pairs over the full graph of compatible pairs (0 unless a lock forces one).
    blocking: int
    added: int


@jit
def lock_weights(us: Any, vs: Any, P: Any, C: Any) -> Any:
    """Locked pairs' scores as ``explain_pair`` gives them: hard constraints don't apply."""
    out = np.zeros(us.shape[0], np.float64)
    for e in range(us.shape[0]):
        a, b = us[e], vs[e]
        gab, gba = kernels.directed_gain(a, b, P), kernels.directed_gain(b, a, P)
        raw = kernels.raw_from_gains(a, b, gab, gba, P, C)
        if raw > 0:
            out[e] = raw * kernels.tz_factor(a, b, P, C)
    return out


def _per_skill(ptr: I64, values: NDArray[Any], fill: float, ufunc: np.ufunc) -> F64:
    """ufunc-reduce ``values`` over each skill's posting list (``fill`` for an empty list)."""
    out = np.full(ptr.shape[0] - 1, fill, dtype=np.float64)
    skill = np.repeat(np.arange(ptr.shape[0] - 1), np.diff(ptr))
    ufunc.at(out, skill, values.astype(np.float64))
    return out


def row_bounds(pop: Population, config: MatchConfig) -> F64:
    """An upper bound of each person's best score with anyone, from per-skill extremes.

    gain(a→b) ≤ Σ over a's skills of (the highest multiplier among its learners) · (a's level −
    the lowest own level among them)⁺; gain(b→a) ≤ Σ over a's wants of a's multiplier · (the
    highest teacher level − a's own)⁺. Scores grow with both gains and the timezone factor is
    ≤ 1, so the score of those two bounds bounds every pair of a's.
    """
    if not pop.skills:
        return np.zeros(pop.size, dtype=np.float64)
    most_mult = _per_skill(pop.learners_ptr, pop.learners_mult, 0.0, np.maximum)
    least_own = _per_skill(pop.learners_ptr, pop.learners_own, np.inf, np.minimum)
    top_level = _per_skill(pop.teachers_ptr, pop.teachers_level, 0.0, np.maximum)
    taught, wanted = pop.teach_skill >= 0, pop.want_skill >= 0
    ts, ws = np.where(taught, pop.teach_skill, 0), np.where(wanted, pop.want_skill, 0)
    give = np.where(taught, most_mult[ts] * np.maximum(pop.teach_level - least_own[ts], 0), 0.0)
    get = np.where(wanted, pop.want_mult * np.maximum(top_level[ws] - pop.want_own, 0), 0.0)
    out, into = give.sum(axis=1), get.sum(axis=1)
    if config.mode == "peer":
        total = np.where(out + into > 0, out + into, 1.0)
        best = 2.0 * out * into / total
    else:
        forward, reverse = max(config.weights.mentor, 0.0), max(config.weights.reverse, 0.0)
        best = np.maximum(forward * out + reverse * into, forward * into + reverse * out)
    return np.asarray(best * (1.0 + BOUND_SLACK) + BOUND_SLACK, dtype=np.float64)


def _greedy(u: I32, v: I32, w: F64, cap: I32) -> tuple[NDArray[np.bool_], I64]:
    residual = cap.astype(np.int64).copy()
    matched = kernels.greedy(greedy_order(u, v, w), u, v, residual)
    return matched, residual


def thresholds(pop: Population, ends: tuple[I64, I64, F64], residual: I64) -> tuple[F64, F64]:
    """(t, worst): what a new partner must beat for each person, and their weakest partner.

    ``ends`` are every current pair (matched and locked) with its weight; ``residual`` the
    capacity left. worst is +inf for nobody; t is 0 with room, +inf with no capacity at all.
    """
    a, b, weight = ends
    worst = np.full(pop.size, np.inf)
    np.minimum.at(worst, a, weight)
    np.minimum.at(worst, b, weight)
    t = np.where(residual > 0, 0.0, worst)
    return t, worst


def search_blocking(
    rows: I32, t: F64, ub: F64, known: I64, args: tuple[Any, Any, Any, Any]
) -> tuple[I64, F64, int, NDArray[np.bool_]]:
    """Pairs outside ``known`` (sorted pair codes) that block: weight above both thresholds ``t``,
    one end in ``rows``. Returns the heaviest ``PER_ROW`` per row (codes, weights), how many there
    are in all, and the rows whose finds were cut off. ``args`` = (P, C, F, T) of the kernels."""
    n = t.shape[0]
    searched = np.zeros(n, dtype=np.bool_)
    searched[rows] = True
    idx, wts, found, _ = search_outside(rows, searched, t, ub, known, PER_ROW, False, *args)
    a = np.repeat(rows.astype(np.int64), PER_ROW)
    b = idx.ravel().astype(np.int64)
    keep = b >= 0
    codes = np.minimum(a[keep], b[keep]) * n + np.maximum(a[keep], b[keep])
    cut = np.zeros(n, dtype=np.bool_)
    cut[rows[found > PER_ROW]] = True
    return codes, wts.ravel()[keep], int(found.sum()), cut


def pair_codes(n: int, u: I64 | I32, v: I64 | I32) -> I64:
    """Pair codes u·n + v (u < v), sortable and searchable."""
    return np.asarray(u.astype(np.int64) * n + v, dtype=np.int64)


def solve_stable_full(
    pop: Population,
    config: MatchConfig,
    locks: list[tuple[int, int]],
    graph: tuple[I32, I32, F64, I32],
) -> StableResult:
    """Greedy on ``graph`` (u, v, w, capacity left after locks), repaired until stable on the
    full graph. Deterministic: edges are kept by code order and greedy breaks ties by index."""
    n = pop.size
    u, v, w, cap = graph
    arrays, params = pop.kernel_arrays(), config_params(config)
    args = (arrays, params, forbidden_codes(pop, config), pop.postings())
    lock_u = np.array([p[0] for p in locks], dtype=np.int64)
    lock_v = np.array([p[1] for p in locks], dtype=np.int64)
    lock_w = lock_weights(lock_u, lock_v, arrays, params)
    ub = row_bounds(pop, config)
    before: F64 | None = None
    cut = np.zeros(n, dtype=np.bool_)
    added, rounds, outside = 0, 0, 0
    while True:
        matched, residual = _greedy(u, v, w, cap)
        ends = (
            np.concatenate([u[matched].astype(np.int64), lock_u]),
            np.concatenate([v[matched].astype(np.int64), lock_v]),
            np.concatenate([w[matched], lock_w]),
        )
        t, worst = thresholds(pop, ends, residual)
        t[pop.capacity <= 0] = np.inf
        wanted = ub > t
        if before is not None and rounds < MAX_ROUNDS:  # else a full search, to count exactly
            wanted &= (t < before) | cut
        rows = np.flatnonzero(wanted).astype(np.int32)
        known = np.sort(np.concatenate([pair_codes(n, u, v), lock_u * n + lock_v]))
        codes, weights, outside, cut = search_blocking(rows, t, ub, known, args)
        rounds += 1
        if outside == 0 or rounds > MAX_ROUNDS:
            break
        codes, first = np.unique(codes, return_index=True)
        u = np.concatenate([u, (codes // n).astype(np.int32)])
        v = np.concatenate([v, (codes % n).astype(np.int32)])
        w = np.concatenate([w, weights[first]])
        added += int(codes.shape[0])
        before = t
    solution = solve_stable(n, u, v, w, cap)
    inside = blocking_pairs(u, v, w, matched, residual, worst)
    return StableResult(u, v, w, solution, inside + outside, added)
