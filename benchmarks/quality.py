"""Judging a matching on the full graph: weight, balance, blocking pairs, validity.

Every contender's pairs are judged here, by one yardstick: the full two-way graph's scores (our
pair score), whatever the contender optimised internally (rustworkx sees the scores ×1000 rounded;
Irving sees only rankings).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from benchmarks.graph import FullGraph


@dataclass(frozen=True, slots=True)
class Quality:
    pairs: int
    matched_share: float
    total_weight: float
    mean_score: float
    mean_balance: float
    blocking_pairs: int
    # Pairs that aren't edges of the full graph (no gain one way, or forbidden): should be 0.
    invalid_pairs: int
    # People in more pairs than their capacity: should be 0.
    over_capacity: int


def judge(graph: FullGraph, pairs: list[tuple[int, int]], capacity: NDArray[np.int64]) -> Quality:
    """Measure ``pairs`` (row indices) against the full graph."""
    n = graph.n
    if not pairs:
        return Quality(0, 0.0, 0.0, 0.0, 0.0, _blocking(graph, pairs, capacity), 0, 0)
    a = np.array([p[0] for p in pairs], dtype=np.int64)
    b = np.array([p[1] for p in pairs], dtype=np.int64)
    scores = graph.score[a, b]
    gain_ab, gain_ba = graph.gain[a, b], graph.gain[b, a]
    high = np.maximum(gain_ab, gain_ba)
    balance = np.where(high > 0, np.minimum(gain_ab, gain_ba) / np.where(high > 0, high, 1), 0)
    degree = np.bincount(np.concatenate([a, b]), minlength=n)
    return Quality(
        pairs=len(pairs),
        matched_share=float((degree > 0).mean()),
        total_weight=float(scores.sum()),
        mean_score=float(scores.mean()),
        mean_balance=float(balance.mean()),
        blocking_pairs=_blocking(graph, pairs, capacity),
        invalid_pairs=int((scores <= 0).sum()),
        over_capacity=int((degree > capacity).sum()),
    )


def _blocking(graph: FullGraph, pairs: list[tuple[int, int]], capacity: NDArray[np.int64]) -> int:
    """Pairs (a, b) not matched together who both prefer each other to what they hold.

    Someone with a free place holds 0; someone full holds their worst partner's score. Scores
    are the pair score, the same for both (peer and mentor–mentee alike).
    """
    n = graph.n
    worst = np.full(n, np.inf)
    degree = np.zeros(n, dtype=np.int64)
    matched = np.zeros((n, n), dtype=bool)
    for a, b in pairs:
        s = graph.score[a, b]
        worst[a], worst[b] = min(worst[a], s), min(worst[b], s)
        degree[a] += 1
        degree[b] += 1
        matched[a, b] = matched[b, a] = True
    held = np.where(degree >= capacity, worst, 0.0)
    blocking = (graph.score > held[:, None]) & (graph.score > held[None, :]) & ~matched
    return int(np.triu(blocking, 1).sum())


def percent(part: float, whole: float) -> str:
    """``part`` as a share of ``whole``; "—" when there is no whole to compare with (0 or NaN, as
    when no exact solver ran at that size)."""
    if not whole or np.isnan(part) or np.isnan(whole):
        return "—"
    return f"{100 * part / whole:.2f}%"


def ratio(ours: float, theirs: float) -> str:
    """``ours / theirs`` as ``0.01×``; below 1 means we use less."""
    if not theirs or np.isnan(ours) or np.isnan(theirs):
        return "—"
    value = ours / theirs
    return f"{value:.3g}×"
