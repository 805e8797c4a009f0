"""Compiled (numba) kernels for the welfare solver at scale: the auction and the dual bound.

See :func:`twoway.engine.solve.auction_solve` for how they fit together, and docs/engine.md.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from twoway.engine.kernels import jit


@jit
def _kth_largest(values: Any, count: int, k: int) -> float:
    """The k-th largest of values[:count] (0 when fewer than k are positive)."""
    top = np.zeros(k, np.float64)
    for i in range(count):
        x = values[i]
        if x > top[k - 1]:
            j = k - 1
            while j > 0 and top[j - 1] < x:
                top[j] = top[j - 1]
                j -= 1
            top[j] = x
    return float(top[k - 1])


@jit
def dual_descent(ptr: Any, adj: Any, u: Any, v: Any, w: Any, cap: Any, y: Any, sweeps: int) -> Any:
    """Lower Σ cap·y + Σ (w − y_u − y_v)⁺ by exact coordinate steps; any y ≥ 0 bounds the LP.

    For vertex z the best y_z, the others fixed, is the cap_z-th largest of (w_e − y_other).
    """
    scratch = np.zeros(max(1, int(np.max(ptr[1:] - ptr[:-1]))), np.float64)
    for _ in range(sweeps):
        for z in range(cap.shape[0]):
            if cap[z] <= 0:
                y[z] = 0.0
                continue
            count = 0
            for p in range(ptr[z], ptr[z + 1]):
                f = adj[p]
                scratch[count] = w[f] - y[u[f] + v[f] - z]
                count += 1
            y[z] = _kth_largest(scratch, count, cap[z]) if count else 0.0
    return y


@jit
def _sibling_holds(z: int, obj: int, sptr: Any, copy_edge: Any, u: Any, v: Any) -> bool:
    for c in range(sptr[z], sptr[z + 1]):
        e = copy_edge[c]
        if e >= 0 and u[e] + v[e] - z == obj:
            return True
    return False


@jit
def _neighbours(ptr: Any, adj: Any, u: Any, v: Any, w: Any) -> Any:
    """Each adjacency slot's other end and weight, laid out like ``adj``: a bidder's scan then
    reads two contiguous runs instead of three scattered edge arrays."""
    other = np.empty(adj.shape[0], np.int64)
    weight = np.empty(adj.shape[0], np.float64)
    for z in range(ptr.shape[0] - 1):
        for p in range(ptr[z], ptr[z + 1]):
            e = adj[p]
            other[p] = u[e] + v[e] - z
            weight[p] = w[e]
    return other, weight


@jit
def _bid_target(z: int, ptr: Any, N: Any, A: Any, u: Any, v: Any) -> Any:
    """Best and second-best value (w − cheapest slot price; 0 = stay alone) and its slot p."""
    other, weight = N
    sptr, low, copy_edge = A
    best, second, best_p = 0.0, 0.0, -1
    several = sptr[z + 1] - sptr[z] > 1
    for p in range(ptr[z], ptr[z + 1]):
        obj = other[p]
        if several and _sibling_holds(z, obj, sptr, copy_edge, u, v):
            continue  # no pair twice
        value = weight[p] - low[obj]
        if value > best:
            second, best, best_p = best, value, p
        elif value > second:
            second = value
    return best, second, best_p


@jit
def _cheapest(obj: int, sptr: Any, slot_price: Any) -> int:
    best = int(sptr[obj])
    for s in range(sptr[obj] + 1, sptr[obj + 1]):
        if slot_price[s] < slot_price[best]:
            best = s
    return best


@jit
def auction(ptr: Any, adj: Any, u: Any, v: Any, w: Any, cap: Any, eps: float) -> Any:
    """Forward auction for b-matching on the bipartite double cover.

    Everyone bids with one copy per unit of capacity and is bid on as an object with cap slots.
    A copy takes the edge with the best value w − (cheapest slot price of the other end), or stays
    alone at value 0, and raises that slot's price by the margin over its second best plus eps,
    evicting the slot's holder. It ends with eps-complementary slackness: within (Σ cap)·eps of
    the double cover's optimum, whose half is the LP relaxation. Returns the edge each copy
    holds (copies of z are sptr[z]..sptr[z+1]) and each object's cheapest slot price.
    Each object's cheapest slot and its price are kept up to date, so a bid reads one price per
    neighbour.
    """
    n = cap.shape[0]
    sptr = np.zeros(n + 1, np.int64)
    for z in range(n):
        sptr[z + 1] = sptr[z] + max(cap[z], 0)
    total = sptr[n]
    slot_price = np.zeros(total, np.float64)
    slot_holder = np.full(total, -1, np.int64)
    copy_edge = np.full(total, -1, np.int64)
    owner = np.zeros(total, np.int64)
    low_slot = sptr[:n].copy()
    low = np.zeros(n, np.float64)
    for z in range(n):
        owner[sptr[z] : sptr[z + 1]] = z
    neighbours = _neighbours(ptr, adj, u, v, w)
    queue = np.arange(total, dtype=np.int64)
    head, size = 0, total
    state = (sptr, low, copy_edge)
    while size > 0:
        q = queue[head]
        head = (head + 1) % total
        size -= 1
        z = owner[q]
        best, second, p = _bid_target(z, ptr, neighbours, state, u, v)
        if p < 0:
            continue
        obj = neighbours[0][p]
        slot = low_slot[obj]
        slot_price[slot] += best - second + eps
        low_slot[obj] = _cheapest(obj, sptr, slot_price)
        low[obj] = slot_price[low_slot[obj]]
        old = slot_holder[slot]
        if old >= 0:
            copy_edge[old] = -1
            queue[(head + size) % total] = old
            size += 1
        slot_holder[slot] = q
        copy_edge[q] = adj[p]
    for z in range(n):
        if sptr[z + 1] == sptr[z]:
            low[z] = 0.0
    return copy_edge, low


@jit
def best_response(ptr: Any, adj: Any, u: Any, v: Any, w: Any, cap: Any, other: Any) -> Any:
    """For each z, the cap_z-th largest (w_e − other_end_dual)⁺: its best dual given the rest."""
    n = cap.shape[0]
    y = np.zeros(n, np.float64)
    scratch = np.zeros(max(1, int(np.max(ptr[1:] - ptr[:-1]))), np.float64)
    for z in range(n):
        count = 0
        for p in range(ptr[z], ptr[z + 1]):
            f = adj[p]
            scratch[count] = w[f] - other[u[f] + v[f] - z]
            count += 1
        if count and cap[z] > 0:
            y[z] = _kth_largest(scratch, count, cap[z])
    return y
