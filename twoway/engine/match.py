"""The engine's entry point: people in, pairs with explanations and a summary out."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace

import numpy as np
from numpy.typing import NDArray

from twoway.engine import candidates, dense, kernels
from twoway.engine.candidates import (
    FULL_GRAPH_LIMIT,
    CandidateGraph,
    candidate_graph,
    forbidden_codes,
)
from twoway.engine.dense import AllPairs
from twoway.engine.explain import explain_pair
from twoway.engine.fill import Scanner
from twoway.engine.model import MatchConfig, MatchResult, Pair, Person, Summary, Unmatched
from twoway.engine.population import F64, I32, I64, Population, build_population, config_params
from twoway.engine.pricing import solve_welfare_priced
from twoway.engine.reasons import unmatched_reason
from twoway.engine.solve import (
    Solution,
    blocking_pairs,
    dual_bound,
    polish,
    solve_stable,
    solve_welfare,
)
from twoway.engine.stable import (
    BOUND_SLACK,
    PROOF_LIMIT,
    pair_codes,
    row_bounds,
    solve_stable_full,
)

Progress = Callable[[str, int, int], None]
EXPLAIN_TICK = 10_000


class _Stages:
    """Times each stage into Summary.stage_seconds and reports progress."""

    def __init__(self, progress: Progress | None) -> None:
        self.progress = progress
        self.seconds: dict[str, float] = {}

    def tick(self, stage: str, done: int, total: int) -> None:
        if self.progress is not None:
            self.progress(stage, done, total)

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        self.tick(name, 0, 1)
        start = time.perf_counter()
        yield
        self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - start
        self.tick(name, 1, 1)


def _locked_indices(pop: Population, config: MatchConfig) -> list[tuple[int, int]]:
    """Locked pairs as sorted index pairs; refuses locks that can't be honoured."""
    index = {pid: i for i, pid in enumerate(pop.ids)}
    pairs = []
    for lock in sorted(config.locked, key=sorted):
        ids = sorted(lock)
        if len(ids) != 2 or any(pid not in index for pid in ids):
            raise ValueError(
                f"Locked pair {ids} must name two different people in this run; "
                "remove the lock or add the missing person."
            )
        pairs.append((index[ids[0]], index[ids[1]]))
    used = np.bincount(np.array(pairs, dtype=np.int64).ravel(), minlength=pop.size)
    over = np.flatnonzero(used > pop.capacity)
    if over.size:
        who = pop.ids[int(over[0])]
        raise ValueError(
            f"{who} is locked into more pairs than their capacity; raise it or unlock a pair."
        )
    return pairs


def _residual_graph(
    graph: CandidateGraph, pop: Population, locks: list[tuple[int, int]]
) -> tuple[I32, I32, F64, I32, I64]:
    """Capacity left after locks, and the edges still usable (index into the full graph)."""
    cap = pop.capacity.astype(np.int64).copy()
    for a, b in locks:
        cap[a] -= 1
        cap[b] -= 1
    n = pop.size
    lock_codes = np.array([a * n + b for a, b in locks], dtype=np.int64)
    codes = graph.u.astype(np.int64) * n + graph.v
    keep = (cap[graph.u] > 0) & (cap[graph.v] > 0) & ~np.isin(codes, lock_codes)
    kept = np.flatnonzero(keep)
    return graph.u[kept], graph.v[kept], graph.w[kept], cap.astype(np.int32), kept


@dataclass(slots=True)
class _Solved:
    """The graph actually solved (candidates, plus pairs from outside them), and what is proven."""

    u: I32
    v: I32
    w: F64
    solution: Solution
    cap: I32  # capacity left after locks
    kept: I64  # candidate edges in the solved graph (its first kept.shape[0] edges)
    blocking: int | None = None  # blocking pairs over the full graph, when proven
    added: int = 0  # pairs from outside the candidates (stable repair or welfare pricing)
    full_bound: float | None = None  # an upper bound over every pair, when known


def _absent(codes: I64, known: I64) -> NDArray[np.bool_]:
    """Which codes are not in ``known`` (sorted)."""
    if known.shape[0] == 0:
        return np.ones(codes.shape[0], dtype=np.bool_)
    at = np.minimum(np.searchsorted(known, codes), known.shape[0] - 1)
    absent: NDArray[np.bool_] = known[at] != codes
    return absent


# Welfare at scale: rounds of "free pairs filled, stuck people's wide neighbourhoods added,
# solved again"; each stuck person brings its STUCK_K best partners among STUCK_READS read.
# Measured on devsurvey2017 (19,102 people): 1 round 97.8% of the able matched, 2 rounds 98.3%;
# k 100 → 97.5%, 200 → 98.3% (reads 20,000 → 10,000 change nothing but time).
STUCK_ROUNDS = 2
STUCK_K = 200
STUCK_READS = 10_000
# A round runs only when at least this share of the people who could be matched is stuck: a
# survey has 2–8% after the first solve, the levelled synthetic population a few per thousand,
# where another solve costs 40 s at 1M people for +0.03% of people matched.
STUCK_SHARE = 0.01
# Unmatched people who had someone to pair with (all of them taken): they count as matchable,
# and are the ones a stuck round reads for.
PARTNERED = ("capacity", "traded_off", "taken")
# Welfare pricing over ALL pairs by bit sets when a pass costs at most this many word comparisons
# (devsurvey2017, 19,102 people without levels: 1.5e9, about 0.4 s a pass on 2 cores).
DENSE_BUDGET = 2e9
# Beyond that, welfare pricing by searching the bit sets of the people who can weigh anything
# with anyone (each pair once; dense.search_live) when such a pass costs at most this many word
# comparisons: up to about 86,000 such people without levels. Survey mode at 100,000 people
# (57,593 of them): weight 88% → 99.3% of the bound over all pairs, match() 17 → about 28 s.
PRICE_BUDGET = 1.5e10
# Where welfare is priced over all pairs, a bucket search's candidates only seed the first solve
# (pricing brings what they miss), so it looks for this many per person at most. Survey mode at
# 100,000 people, 8 against 20: weight 410,619.7 against 410,640.6, the run's own bound 414,853.5
# against 414,409.5; candidates about a third faster, the first solve seven times (456,761 edges
# instead of 1,138,718). At 4 the first pricing search costs more than the candidates save.
PRICED_TOP_K = 8


def _welfare_at_scale(
    pop: Population,
    config: MatchConfig,
    locks: list[tuple[int, int]],
    graph: tuple[I32, I32, F64, I32],
    scanner: Scanner,
) -> tuple[I32, I32, F64, Solution]:
    """Welfare on the candidates, then rounds: pair the free who fit (fill), add the best
    partners of the people whose partners are all taken among a wide read of their buckets, and
    solve again. New edges go after the old."""
    u, v, w, cap = graph
    n = pop.size
    lock_codes = pair_codes(n, *np.array(locks, dtype=np.int64).reshape(-1, 2).T)
    solution = solve_welfare(n, u, v, w, cap, passes=0)
    for _ in range(STUCK_ROUNDS):
        chosen = _chosen(pop, config, locks, (u, v, w), solution)
        filled = scanner.fill(chosen)
        stuck = np.array(
            sorted(p for p, kind in filled.kind.items() if kind in PARTNERED), dtype=np.int64
        )
        ends = np.concatenate([chosen[0], chosen[1], filled.u, filled.v])
        partnered = np.count_nonzero(np.bincount(ends, minlength=n))
        if stuck.shape[0] < STUCK_SHARE * (partnered + stuck.shape[0]):
            break  # too few to be worth solving again: the final fill pairs the free
        su, sv, sw = scanner.neighbourhoods(stuck, STUCK_K, STUCK_READS)
        codes, first = np.unique(
            pair_codes(n, np.concatenate([filled.u, su]), np.concatenate([filled.v, sv])),
            return_index=True,
        )
        known = np.sort(np.concatenate([pair_codes(n, u, v), lock_codes]))
        fresh = _absent(codes, known)
        if not np.any(fresh):
            break
        u = np.concatenate([u, (codes[fresh] // n).astype(np.int32)])
        v = np.concatenate([v, (codes[fresh] % n).astype(np.int32)])
        w = np.concatenate([w, np.concatenate([filled.w, sw])[first[fresh]]])
        solution = solve_welfare(n, u, v, w, cap, passes=0)
    # Drafts skip local search (each round solves again); the last one is polished.
    return u, v, w, polish(n, u, v, w, cap, solution)


def _all_pairs(pop: Population, config: MatchConfig) -> tuple[dense.Planes | None, AllPairs | None]:
    """The bit sets, and every pair with a weight when a welfare run can afford them (a few
    dozen skills, up to about 22,000 people): then candidates are the exact top-k and pricing
    reads the list (see :mod:`twoway.engine.dense`)."""
    bits = dense.planes(pop)
    if (
        config.objective == "stable"
        or pop.size <= FULL_GRAPH_LIMIT
        or not dense.affordable(pop, bits, DENSE_BUDGET)
        or bits is None
    ):
        return bits, None
    args = (pop.kernel_arrays(), config_params(config), forbidden_codes(pop, config))
    return bits, dense.all_pairs(bits, *args)


def _priceable(pop: Population, config: MatchConfig, bits: dense.Planes | None) -> bool:
    """Whether welfare can be priced over all pairs by bit sets: one pass over every pair within
    DENSE_BUDGET, or over the people who can weigh anything with anyone within PRICE_BUDGET."""
    if bits is None:
        return False
    if dense.affordable(pop, bits, DENSE_BUDGET):
        return True
    live = int(np.count_nonzero(row_bounds(pop, config) > BOUND_SLACK))
    return dense.affordable_live(live, bits, PRICE_BUDGET)


def _candidate_config(
    pop: Population, config: MatchConfig, dense_sets: tuple[dense.Planes | None, AllPairs | None]
) -> tuple[MatchConfig, bool]:
    """The configuration the candidate search runs with, and whether a welfare run on bucket
    candidates (no list of every pair, more than candidates.EXACT_LIMIT people) will be priced
    over all pairs: then the bucket search looks for PRICED_TOP_K per person at most."""
    bits, stored = dense_sets
    buckets = stored is None and pop.size > candidates.EXACT_LIMIT
    if config.objective != "welfare" or not buckets or not _priceable(pop, config, bits):
        return config, False
    return replace(config, top_k=min(config.top_k, PRICED_TOP_K)), True


def _solve(
    people: Sequence[Person],
    pop: Population,
    config: MatchConfig,
    graph: CandidateGraph,
    locks: list[tuple[int, int]],
    scanner: Scanner,
    dense_sets: tuple[dense.Planes | None, AllPairs | None],
    priced: bool,
) -> _Solved:
    """Stable: repaired until stable on all pairs (up to PROOF_LIMIT people, or at any size with
    ``prove_stable``). Welfare: where the candidates are exact, pairs priced in from the full
    graph and a bound over every pair, and on bucket candidates where ``priced`` (see
    :func:`_candidate_config`); otherwise the stuck rounds."""
    u, v, w, cap, kept = _residual_graph(graph, pop, locks)
    if config.objective == "stable":
        if pop.size <= PROOF_LIMIT or config.prove_stable:
            st = solve_stable_full(pop, config, locks, (u, v, w, cap))
            return _Solved(st.u, st.v, st.w, st.solution, cap, kept, st.blocking, st.added)
        # Stable on the candidates; the fill (see match()) then pairs anyone left with room.
        return _Solved(u, v, w, solve_stable(pop.size, u, v, w, cap), cap, kept)
    bits, stored = dense_sets
    if graph.method == "buckets" and not priced:
        su, sv, sw, solution = _welfare_at_scale(pop, config, locks, (u, v, w, cap), scanner)
        return _Solved(su, sv, sw, solution, cap, kept, added=su.shape[0] - u.shape[0])
    if graph.method == "buckets" or pop.size > FULL_GRAPH_LIMIT:
        pr = solve_welfare_priced(pop, config, locks, (u, v, w, cap), bits, stored)
        added = pr.u.shape[0] - kept.shape[0]
        bound = pr.bound
        return _Solved(pr.u, pr.v, pr.w, pr.solution, cap, kept, added=added, full_bound=bound)
    solution = solve_welfare(pop.size, u, v, w, cap)
    # Up to FULL_GRAPH_LIMIT people the candidate graph holds every pair with a positive score.
    full = graph.method == "exact" and pop.size <= FULL_GRAPH_LIMIT
    return _Solved(u, v, w, solution, cap, kept, full_bound=solution.bound if full else None)


def match(
    people: Sequence[Person],
    config: MatchConfig = MatchConfig(),  # noqa: B008 - frozen, so a shared default is safe
    *,
    progress: Progress | None = None,
) -> MatchResult:
    """Match people two ways. Deterministic for a given input and ``config.seed``.

    ``progress(stage, done, total)`` is called as each stage (prepare, candidates, solve,
    explain) starts, advances and ends. Raises ValueError on repeated ids or impossible locks.
    """
    stages = _Stages(progress)
    if not people:
        return MatchResult(pairs=[], unmatched=[], summary=Summary(coverage=1.0))
    with stages.stage("prepare"):
        pop = build_population(people, config)
        locks = _locked_indices(pop, config)
    with stages.stage("candidates"):
        dense_sets = _all_pairs(pop, config)
        seeding, priced = _candidate_config(pop, config, dense_sets)
        graph = candidate_graph(
            pop,
            seeding,
            lambda done, total: stages.tick("candidates", done, total),
            pairs=dense_sets[1],
            bits=dense_sets[0],
        )
    with stages.stage("solve"):
        scanner = Scanner(pop, config, graph.index, dense_sets[0])
        graph.index = None  # the scanner holds it now
        solved = _solve(people, pop, config, graph, locks, scanner, dense_sets, priced)
        u, v, solution = solved.u, solved.v, solved.solution
        filled = scanner.fill(_chosen(pop, config, locks, (u, v, solved.w), solution))
    with stages.stage("explain"):
        chosen = [(a, b, True) for a, b in locks]
        chosen += [
            (int(a), int(b), False)
            for a, b in zip(u[solution.matched], v[solution.matched], strict=True)
        ]
        chosen += [(int(a), int(b), False) for a, b in zip(filled.u, filled.v, strict=True)]
        pairs = _pairs(people, chosen, config, stages)
        ends = np.array([(a, b) for a, b, _ in chosen], dtype=np.int64).reshape(-1, 2)
        residual = pop.capacity.astype(np.int64) - np.bincount(ends.ravel(), minlength=pop.size)
        unmatched = [
            unmatched_reason(pop, int(p), filled.kind.get(int(p), ""), config)
            for p in np.flatnonzero(residual == pop.capacity)
        ]
    filled_from = len(chosen) - int(filled.u.shape[0])
    summary = _summary(pop, config, graph, pairs, solved, unmatched, residual, filled_from)
    summary.filled_pairs = int(filled.u.shape[0])
    if solved.blocking is not None:
        summary.blocking_pairs, summary.blocking_graph = solved.blocking, "full"
    else:
        summary.blocking_pairs = _candidate_blocking(pop, graph, pairs, solved, residual)
        summary.blocking_graph = "candidates"
    summary.stage_seconds = stages.seconds
    return MatchResult(pairs=pairs, unmatched=unmatched, summary=summary)


def _chosen(
    pop: Population,
    config: MatchConfig,
    locks: list[tuple[int, int]],
    graph: tuple[I32, I32, F64],
    solution: Solution,
) -> tuple[I64, I64, F64]:
    """Every pair chosen so far (locks and the solve's), with its weight (the graph's, and the
    locks' weighed here: they are not in the graph)."""
    u, v, w = graph
    la, lb = np.array(locks, dtype=np.int64).reshape(-1, 2).T
    args = (pop.kernel_arrays(), config_params(config), forbidden_codes(pop, config))
    a = np.concatenate([la, u[solution.matched].astype(np.int64)])
    b = np.concatenate([lb, v[solution.matched].astype(np.int64)])
    weights = np.concatenate([kernels.pair_weights(la, lb, *args), w[solution.matched]])
    return a, b, weights


def _pairs(
    people: Sequence[Person],
    chosen: list[tuple[int, int, bool]],
    config: MatchConfig,
    stages: _Stages,
) -> list[Pair]:
    out = []
    for count, (a, b, locked) in enumerate(chosen):
        out.append(explain_pair(people[a], people[b], config, locked=locked))
        if count % EXPLAIN_TICK == 0:
            stages.tick("explain", count, len(chosen))
    return out


def _worst_partner(pop: Population, pairs: list[Pair], index: dict[str, int]) -> F64:
    """Each person's weakest partner's score (+inf when they have none)."""
    worst = np.full(pop.size, np.inf)
    ends = np.array([(index[p.a], index[p.b]) for p in pairs], dtype=np.int64).reshape(-1, 2)
    scores = np.array([p.score for p in pairs], dtype=np.float64)
    np.minimum.at(worst, ends[:, 0], scores)
    np.minimum.at(worst, ends[:, 1], scores)
    return worst


def _candidate_blocking(
    pop: Population, graph: CandidateGraph, pairs: list[Pair], solved: _Solved, residual: I64
) -> int:
    """Blocking pairs among the candidates only (the welfare objective's count)."""
    index = {pid: i for i, pid in enumerate(pop.ids)}
    matched = np.zeros(graph.edges, dtype=np.bool_)
    matched[solved.kept[solved.solution.matched[: solved.kept.shape[0]]]] = True
    worst = _worst_partner(pop, pairs, index)
    return blocking_pairs(graph.u, graph.v, graph.w, matched, residual, worst)


def _summary(
    pop: Population,
    config: MatchConfig,
    graph: CandidateGraph,
    pairs: list[Pair],
    solved: _Solved,
    unmatched: list[Unmatched],
    residual: I64,
    filled_from: int,
) -> Summary:
    """Everything but the blocking count, which depends on the objective (see match())."""
    solution = solved.solution
    total = float(sum(p.score for p in pairs))
    locked_total = float(sum(p.score for p in pairs if p.locked))
    full = solved.full_bound is not None
    if full:
        bound = max(float(solved.full_bound or 0.0) + locked_total, total)
        everywhere = bound
    else:
        # The solved graph's bound, plus every pair the fill added outside it (a matching of
        # the union takes at most all of them): a bound over those pairs only.
        filled = float(sum(p.score for p in pairs[filled_from:]))
        bound = max(solution.bound + locked_total + filled, total)
        everywhere = max(_loose_bound(pop, config, solved) + locked_total, total)
    matched = int(np.count_nonzero(residual < pop.capacity.astype(np.int64)))
    # "capacity" also names a capacity of 0: those take nobody, so they can't be matched.
    takes = pop.capacity.astype(np.int64) > 0
    index = {pid: i for i, pid in enumerate(pop.ids)}
    could = matched + sum(1 for u in unmatched if u.reason in PARTNERED and takes[index[u.id]])
    return Summary(
        people=pop.size,
        matched_people=matched,
        matchable_people=could,
        coverage=matched / could if could else 1.0,
        pairs=len(pairs),
        matched_share=matched / pop.size if pop.size else 0.0,
        mean_score=total / len(pairs) if pairs else 0.0,
        mean_balance=float(np.mean([p.balance for p in pairs])) if pairs else 0.0,
        total_weight=total,
        upper_bound=bound,
        gap=(bound - total) / bound if bound > 0 else 0.0,
        all_pairs_bound=everywhere,
        all_pairs_gap=(everywhere - total) / everywhere if everywhere > 0 else 0.0,
        candidate_edges=graph.edges,
        solver=solution.solver,
        candidate_method=graph.method,
        bound_method=solution.bound_method,
        bound_graph="full" if full else "candidates",
        repair_edges=solved.added,
    )


def _loose_bound(pop: Population, config: MatchConfig, solved: _Solved) -> float:
    """A bound over EVERY pair without searching them: with y' = max(y, ub/2), where ub bounds
    each person's best score, every pair outside the graph has w ≤ (ub_a + ub_b)/2 ≤ y'_a + y'_b,
    so weak duality holds over all pairs. Loose (ub assumes one partner fits every skill)."""
    y = solved.solution.duals
    y = np.zeros(pop.size) if y is None else y
    lifted = np.maximum(y, row_bounds(pop, config) / 2)
    return dual_bound(solved.u, solved.v, solved.w, solved.cap, lifted)
