"""Searches of the FULL graph for pairs outside the graph solved, above a per-person threshold.

The stable repair looks for pairs whose weight beats both people's weakest partner
(w > max(t_a, t_b)); welfare pricing for pairs with positive reduced cost (w > y_a + y_b). Both
walk the skill posting lists (``kernels.walk_postings``), so both are quadratic in n, and both
use :func:`search_outside`.
"""

from __future__ import annotations

from typing import Any

import numba as nb
import numpy as np

from twoway.engine import kernels

jit = nb.njit(cache=True, nogil=True)
pjit = nb.njit(cache=True, nogil=True, parallel=True)


@jit
def pair_above(
    a: int, b: int, gab: float, gba: float, floor: float, P: Any, C: Any, F: Any
) -> float:
    """The pair's weight when it beats ``floor`` and may be matched; 0 otherwise.

    The same rules as the candidate search's ``consider`` and ``pair_weight``.
    """
    raw = kernels.raw_from_gains(a, b, gab, gba, P, C)
    if raw <= floor or not kernels.hard_ok(a, b, P, C):
        return 0.0
    if kernels.is_forbidden(a, b, P.role.shape[0], F):
        return 0.0
    w = raw * kernels.tz_factor(a, b, P, C)
    return w if w > floor else 0.0


@pjit
def search_outside(
    rows: Any, searched: Any, t: Any, ub: Any, known: Any, k: int, additive: bool, P: Any, C: Any,
    F: Any, T: Any,
) -> Any:  # fmt: skip
    """Pairs (a in ``rows``, any b) outside ``known`` whose weight beats a floor: t_a + t_b when
    ``additive`` (reduced cost), else max(t_a, t_b) (blocking).

    ``searched`` marks the rows; a pair of two searched people is reported by the lower index
    only, so each pair counts once. ``ub`` bounds each person's best score (people with
    ub ≤ t can't appear). ``known`` holds sorted codes min·n + max of the pairs already in the
    graph (and the locks). Returns each row's ``k`` best finds (index, and the weight, or the
    reduced cost when additive; -1 pads), how many it found, and the sum of their excess over
    the floor.
    """
    n, m = P.role.shape[0], rows.shape[0]
    idx = np.full((m, k), -1, np.int32)
    key = np.full((m, k), kernels.NONE, np.float64)
    found = np.zeros(m, np.int64)
    total = np.zeros(m, np.float64)
    open_ = ub > t
    chunks = max(1, min(m, 16))
    for c in nb.prange(chunks):
        scratch = kernels.walk_scratch(n)
        g1, g2, _, touched = scratch
        for r in range(c, m, chunks):
            a = rows[r]
            count = kernels.walk_postings(a, r, ub[a], open_, t, P, T, scratch)
            for i in range(count):
                b = touched[i]
                gab, gba = g1[b], g2[b]
                g1[b] = 0.0
                g2[b] = 0.0
                if searched[b] and b < a:
                    continue
                floor = t[a] + t[b] if additive else max(t[a], t[b])
                w = pair_above(a, b, gab, gba, floor, P, C, F)
                record(a, b, r, w, floor, additive, n, known, idx, key, found, total)
    return idx, key, found, total


@kernels.ijit
def record(
    a: int, b: int, r: int, w: float, floor: float, additive: bool, n: int, known: Any,
    idx: Any, key: Any, found: Any, total: Any,
) -> None:  # fmt: skip
    """Count row r's find (a with b, weight w above ``floor``) unless the pair is ``known``, and
    offer it to the row's k best: by reduced cost when ``additive``, else by weight."""
    if w > 0 and not kernels.is_forbidden(a, b, n, known):
        found[r] += 1
        total[r] += w - floor
        kernels.topk_insert(idx, key, r, b, w - floor if additive else w)
