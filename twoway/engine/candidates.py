"""Candidate generation: each person's best two-way partners, without an n×n matrix.

Two methods, chosen by size (see docs/engine.md):

- ``exact``: for each person, walk the posting lists of the skills they teach (who wants them)
  and want (who teaches them, highest level first) and accumulate both directed gains. Exact
  top-k; cost grows with n × (people sharing a skill), fine up to ``EXACT_LIMIT`` people.
- ``buckets``: index everyone under each (skill taught, skill wanted) pair they hold. The people
  who teach what a wants *and* want what a teaches sit in the complementary bucket, so every
  candidate read there has gain both ways. Buckets are sorted by what members offer; each person
  first scores the people found near the top of several of its complementary buckets (they share
  several skills with it), then reads windows, all within a bounded budget, so the cost is
  linear in n.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from twoway.engine import buckets, dense, kernels
from twoway.engine.model import MatchConfig
from twoway.engine.population import F64, I32, I64, Population, config_params
from twoway.engine.scoring import priority_multiplier

Lists = tuple[I32, F64, I32, I32]
Tick = Callable[[int, int], None]
# People per kernel call, so progress can be reported between calls.
BLOCK = 50_000
# Above this many people the exact search gives way to the bucket index.
EXACT_LIMIT = 5_000
# Below this many people every positive pair is kept, so small runs are solved on the full graph.
FULL_GRAPH_LIMIT = 300
# Exact runs keep at least this many candidates each: cheap at that size, and it lifts welfare
# at n = 2,000 from 99.50% to 99.77% of the full graph's LP bound.
SMALL_RUN_K = 30
# Bucket search: evaluations per person (× top_k) and the share of a bucket read as "the best".
# Recall of the exact top-20 score mass at 100k (400 sampled people), before the shared tops:
# 12/0.05 → 94.7%, 16/0.05 → 95.7%, 16/0.03 → 95.9%, 20/0.05 → 96.6%; time grows with the budget.
BUDGET_PER_K = 16
DEPTH = 0.03
# Shared tops: each person reads member ids down to SCAN × its per-entry budget in each
# complementary bucket and scores those listed in two or more first, up to SHARED of its budget.
# Recall at 1M (400 sampled people, budget 16): without it and the breadth tie order 90.97%,
# SCAN 8 / SHARED 0.5 94.60%, SCAN 12 / SHARED 0.75 95.67% (docs/benchmarks.md has the runs).
SCAN = 12
SHARED = 0.75
# Band: each person also reads, in every complementary bucket, the members within WIDTH places of
# its own place in the tie order, and scores those listed most often there. On few-skill data
# (every offer tied) the tops of all buckets hold the same broadest people; the band spreads
# candidates over everyone, broad people reading broad people. It takes BAND × (the share of
# entries tied with the best offer of their bucket)² of the budget, from the shared tops' part:
# a survey without levels (all tied) reads band 0.5 / shared tops 0.25; the levelled synthetic
# population (21% tied) none / 0.75, where the shared tops keep recall at 1M above 95% (recall
# at 100k: 98.97% without the band, 98.83% with BAND × tied; at 1M, 1M runs took +30 s).
BAND = 0.5
WIDTH = 3_000
# Below this share of tied entries the band is not read at all (it costs id reads at any share):
# the synthetic population (21% tied) reads as before it existed.
BAND_TIES = 0.5


@dataclass(slots=True)
class CandidateGraph:
    """Undirected candidate edges (u < v) with their weights, and per-person counts."""

    u: I32
    v: I32
    w: F64
    # Partners with a positive score before hard constraints, and those refused by a constraint.
    twoway: I32
    blocked: I32
    method: str
    # The bucket index the search read (bucket method only), for the fill to read again.
    index: buckets.Index | None = None

    @property
    def edges(self) -> int:
        return int(self.u.shape[0])


def forbidden_codes(pop: Population, config: MatchConfig) -> I64:
    """Sorted codes min·n + max of the forbidden pairs whose people are both present."""
    index = {pid: i for i, pid in enumerate(pop.ids)}
    codes = []
    for pair in config.forbidden:
        ends = [index.get(pid) for pid in pair]
        if len(ends) == 2 and None not in ends:
            a, b = sorted(e for e in ends if e is not None)
            codes.append(a * pop.size + b)
    return np.array(sorted(codes), dtype=np.int64)


def exact_top_k(
    pop: Population, config: MatchConfig, rows: I32, k: int
) -> tuple[I32, F64, I32, I32]:
    """Exact top-k partners (index, weight; -1 pads) of the given rows, sorted best first."""
    idx, wts, twoway, blocked = kernels.exact_candidates(
        rows.astype(np.int32),
        max(k, 1),
        pop.kernel_arrays(),
        config_params(config),
        forbidden_codes(pop, config),
        pop.postings(),
    )
    order = np.lexsort((np.where(idx < 0, np.iinfo(np.int32).max, idx), -wts), axis=1)
    return (
        np.take_along_axis(idx, order, axis=1),
        np.take_along_axis(wts, order, axis=1),
        twoway,
        blocked,
    )


def packed_rows(
    pop: Population, config: MatchConfig, bits: dense.Planes | None = None
) -> buckets.Packed:
    """Everyone's skills as one int32 row each (see buckets.pack_rows), with the multiplier of
    each priority and the skill count, for the bucket search's lookup-table scoring; and the
    bit sets one row per person when the population has them (``bits``, else built here)."""
    top = buckets.LEVEL_MASK
    for values in (pop.teach_level, pop.want_own):
        if values.size and (values.min() < 0 or values.max() > top):
            raise ValueError(f"A level outside 0–{top} can't be matched; use levels 1–5.")
    # As Population.want_mult: priorities above 3 count as 3, below 1 as nothing.
    priority = np.clip(pop.want_priority, 0, 3).astype(np.int32)
    rows = buckets.pack_rows(
        pop.teach_skill, pop.teach_level, pop.want_skill, priority, pop.want_own
    )
    mult = np.zeros(top + 1, dtype=np.float64)
    mult[1:4] = [priority_multiplier(p, config.weights) for p in (1, 2, 3)]
    # The kernels read want_mult as float32: round the same way so gains are identical.
    mult = mult.astype(np.float32).astype(np.float64)
    rows_of_bits = dense.person_major(bits if bits is not None else dense.planes(pop))
    kt, skills = int(pop.teach_skill.shape[1]), max(len(pop.skills), 1)
    return buckets.Packed(rows, kt, mult, skills, *rows_of_bits)


def _exact_lists(pop: Population, config: MatchConfig, k: int, tick: Tick) -> Lists:
    parts = []
    for block, lo in enumerate(range(0, pop.size, BLOCK)):
        rows = np.arange(lo, min(lo + BLOCK, pop.size), dtype=np.int32)
        parts.append(exact_top_k(pop, config, rows, k))
        tick(block + 1, -(-pop.size // BLOCK))
    idx, wts, twoway, blocked = (np.concatenate(p) for p in zip(*parts, strict=True))
    return idx, wts, twoway, blocked


def _bucket_lists(
    pop: Population,
    config: MatchConfig,
    k: int,
    tick: Tick,
    index: buckets.Index,
    bits: dense.Planes | None,
) -> Lists:
    n = pop.size
    out = (
        np.full((n, k), -1, dtype=np.int32),
        np.full((n, k), kernels.NONE, dtype=np.float64),
        np.zeros(n, dtype=np.int32),
        np.zeros(n, dtype=np.int32),
    )
    args = (
        pop.kernel_arrays(),
        config_params(config),
        forbidden_codes(pop, config),
        buckets.BucketRead(*index, *packed_rows(pop, config, bits)),
    )
    blocks = -(-n // BLOCK)
    tied = buckets.tied_share(index, n)
    band = BAND * tied**2 if tied >= BAND_TIES else 0.0
    for block, lo in enumerate(range(0, n, BLOCK)):
        buckets.bucket_candidates(
            out, lo, min(lo + BLOCK, n), *args, BUDGET_PER_K * k, DEPTH, SCAN, SHARED - band,
            band, WIDTH
        )  # fmt: skip
        tick(block + 1, blocks)
    return out


def _no_tick(done: int, total: int) -> None:
    return None


def candidate_graph(
    pop: Population,
    config: MatchConfig,
    tick: Tick = _no_tick,
    method: str = "auto",
    pairs: dense.AllPairs | None = None,
    bits: dense.Planes | None = None,
) -> CandidateGraph:
    """The candidate graph: the union of everyone's top-k partners.

    ``bits``: the population's bit sets when already built (the bucket search builds them
    otherwise, and scores by them when the population has them).

    ``method`` is "exact", "buckets" or "auto" (exact up to EXACT_LIMIT people, or at any size
    when every pair with a weight is given in ``pairs``: their top-k is the exact top-k).
    ``tick(done, total)`` reports progress in blocks of people.
    """
    n, k = pop.size, max(config.top_k, 1)
    if pairs is not None and n > FULL_GRAPH_LIMIT:
        idx, wts = dense.top_of_pairs(pairs, max(k, SMALL_RUN_K) if n <= EXACT_LIMIT else k)
        u, v, w = kernels.unique_edges(idx, wts)
        none = np.zeros(n, dtype=np.int32)  # no stage reads these two counts
        return CandidateGraph(u=u, v=v, w=w, twoway=none, blocked=none, method="exact")
    if method == "exact" or (method == "auto" and n <= EXACT_LIMIT):
        k_used = max(n - 1, 1) if n <= FULL_GRAPH_LIMIT else max(k, SMALL_RUN_K)
        idx, wts, twoway, blocked = _exact_lists(pop, config, k_used, tick)
        method = "exact"
    else:
        index = (buckets.bucket_index if config.mode == "peer" else buckets.skill_index)(
            pop, config.seed
        )
        idx, wts, twoway, blocked = _bucket_lists(pop, config, k, tick, index, bits)
        u, v, w = kernels.unique_edges(idx, wts)
        return CandidateGraph(u, v, w, twoway, blocked, "buckets", index)
    u, v, w = kernels.unique_edges(idx, wts)
    return CandidateGraph(u=u, v=v, w=w, twoway=twoway, blocked=blocked, method=method)
