"""The people a solve left with room: pair them with anyone free who fits, then say why the rest
are alone, both over ALL pairs (not only the candidates).

Candidate search reads a sample of each person's possible partners at scale, so a solve on the
candidate graph can leave two people unmatched who fit each other. This pass walks, for each
person with room (fewest possible partners first), every member of their complementary buckets
(:mod:`twoway.engine.buckets`): exactly the people with a skill flowing each way, so nobody is
missed. The best of the first ``PICK`` free partners found is taken (greedily: both had room, so
the total and the count only rise, and no pair becomes blocking that was not already). A scan that
finds nobody free is complete, and tells the truth about the person:

- ``no_two_way_partner``: nobody has a skill for them and wants one of theirs;
- ``constraints``: everyone who does is ruled out by a hard constraint;
- ``capacity``: everyone who fits is full, each with partners they score at least as high;
- ``traded_off``: everyone who fits is full, but some would score them higher than a partner
  they have: the solver kept the other pairs for a higher total (welfare) .
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numba as nb
import numpy as np
from numba import types
from numba.typed import Dict

from twoway.engine import buckets, dense, kernels
from twoway.engine.candidates import forbidden_codes, packed_rows
from twoway.engine.model import MatchConfig
from twoway.engine.population import F64, I32, I64, Population, config_params
from twoway.engine.stable import row_bounds

# Free partners compared before taking the best of them.
PICK = 16
# Possible partners scored per person, at most, to tell capacity from traded_off once nobody
# free fits; beyond it the person is only known to have nobody free: "taken".
READ = 50_000
# Kinds of scan result, as kernel codes.
MATCHED, NO_TWO_WAY, CONSTRAINTS, CAPACITY, TRADED_OFF, TAKEN = 0, 1, 2, 3, 4, 5
KINDS = {
    NO_TWO_WAY: "no_two_way_partner",
    CONSTRAINTS: "constraints",
    CAPACITY: "capacity",
    TRADED_OFF: "traded_off",
    TAKEN: "taken",
}


@dataclass(slots=True)
class Filled:
    """Pairs added (u < v, weight) and, for everyone left without a partner, what the scan saw."""

    u: I32
    v: I32
    w: F64
    kind: dict[int, str]


class Scanner:
    """The full bucket index of a population, read exhaustively (see the module docstring)."""

    def __init__(
        self,
        pop: Population,
        config: MatchConfig,
        index: buckets.Index | None = None,
        bits: dense.Planes | None = None,
    ) -> None:
        """``index``: the candidate search's, when it built one (the same for the same seed);
        ``bits``: the population's bit sets, when already built (else built here)."""
        self.pop = pop
        if index is None:
            index = (buckets.bucket_index if config.mode == "peer" else buckets.skill_index)(
                pop, config.seed
            )
        self.index = index
        self.B = buckets.BucketRead(*index, *packed_rows(pop, config, bits))
        self.P, self.C = pop.kernel_arrays(), config_params(config)
        self.F = forbidden_codes(pop, config)
        self.ub = row_bounds(pop, config)

    def fill(self, pairs: tuple[I64, I64, F64]) -> Filled:
        """Add pairs between people with room who fit, and classify everyone left alone.

        ``pairs`` = (a, b, weight) of every pair already chosen, locked ones included.
        """
        pop, n = self.pop, self.pop.size
        a, b, w = pairs
        room = pop.capacity.astype(np.int64) - np.bincount(a, minlength=n)
        room -= np.bincount(b, minlength=n)
        worst = np.full(n, np.inf)
        np.minimum.at(worst, a, w)
        np.minimum.at(worst, b, w)
        rows = _fewest_first(self.index, np.flatnonzero(room > 0))
        chosen = np.sort(np.minimum(a, b) * np.int64(n) + np.maximum(a, b))
        nu, nv, nw, kind = _fill(rows, self.B, self.P, self.C, self.F, room, worst, chosen, self.ub)
        alone = (kind != MATCHED) & (room[rows] == pop.capacity[rows])
        kinds = {int(p): KINDS[int(k)] for p, k in zip(rows[alone], kind[alone], strict=True)}
        lo, hi = np.minimum(nu, nv), np.maximum(nu, nv)
        return Filled(lo.astype(np.int32), hi.astype(np.int32), nw, kinds)

    def neighbourhoods(self, rows: I64, k: int, reads: int) -> tuple[I32, I32, F64]:
        """Edges from each of ``rows`` to its ``k`` best partners among ``reads`` members of its
        complementary buckets (see :func:`neighbourhood`)."""
        idx, wts = neighbourhood(rows.astype(np.int64), k, reads, self.B, self.P, self.C, self.F)
        lo = np.minimum(np.repeat(rows, k), idx.ravel())
        hi = np.maximum(np.repeat(rows, k), idx.ravel())
        keep = idx.ravel() >= 0
        codes, first = np.unique(lo[keep] * np.int64(self.pop.size) + hi[keep], return_index=True)
        u, v = codes // self.pop.size, codes % self.pop.size
        # The kernel's weights are the reference kernel's, bit for bit (see buckets.gains_against).
        return u.astype(np.int32), v.astype(np.int32), wts.ravel()[keep][first]


def _fewest_first(index: buckets.Index, rows: I64) -> I64:
    """People with the fewest possible partners first (members of their complementary buckets),
    as a greedy for the most pairs would; ties by index."""
    eptr, ecomp = index.entry_ptr, index.entry_comp
    bstart, bend = index.bucket_start, index.bucket_end
    sizes = np.where(ecomp >= 0, bend[np.maximum(ecomp, 0)] - bstart[np.maximum(ecomp, 0)], 0)
    owner = np.repeat(np.arange(eptr.shape[0] - 1), np.diff(eptr))
    reach = np.bincount(owner, weights=sizes, minlength=eptr.shape[0] - 1)
    ordered: I64 = rows[np.argsort(reach[rows], kind="stable")]
    return ordered


@kernels.jit
def _fill(
    rows: Any, B: Any, P: Any, C: Any, F: Any, room: Any, worst: Any, chosen: Any, ub: Any
) -> Any:  # fmt: skip
    """Sequential (room changes as pairs are taken). Returns the new pairs and each row's kind."""
    n = P.role.shape[0]
    free = _free_members(B, room)
    stamp = np.full(n, -1, np.int64)
    lookup = np.zeros((3, B.skills), np.float64)
    added = Dict.empty(key_type=types.int64, value_type=types.boolean)
    cap = int(np.sum(np.maximum(room[rows], 0)))
    nu = np.empty(cap, np.int64)
    nv = np.empty(cap, np.int64)
    nw = np.empty(cap, np.float64)
    kind = np.zeros(rows.shape[0], np.int8)
    count, scan = 0, 0
    for r in range(rows.shape[0]):
        a = rows[r]
        buckets.load_person(a, B, lookup, 1.0)
        while room[a] > 0:
            scan += 2
            best, best_w, seen_kind = _scan(
                a, scan, B, P, C, F, (room, worst, free), chosen, added, stamp, lookup, ub[a]
            )
            if best < 0:
                kind[r] = seen_kind
                break
            lo, hi = min(a, best), max(a, best)
            added[lo * np.int64(n) + hi] = True
            nu[count], nv[count], nw[count] = a, best, best_w
            count += 1
            _take(a, B, room, free)
            _take(best, B, room, free)
            worst[a] = min(worst[a], best_w)
            worst[best] = min(worst[best], best_w)
        buckets.load_person(a, B, lookup, 0.0)
    return nu[:count], nv[:count], nw[:count], kind


@kernels.jit
def _scan(
    a: int, tag: int, B: Any, P: Any, C: Any, F: Any, state: Any, chosen: Any,
    added: Any, stamp: Any, lookup: Any, ceiling: float,
) -> Any:  # fmt: skip
    """The best of the first PICK free partners of a (or -1), and, when none is free, the kind.

    ``state`` = (room, worst, free members per bucket). First only the buckets with someone
    free are read, scoring only the free; when nobody free fits, :func:`_kind` reads the rest.
    """
    eptr, ecomp, members = B.entry_ptr, B.entry_comp, B.members
    bstart, bend = B.bucket_start, B.bucket_end
    room, worst, free_in = state
    n = P.role.shape[0]
    best, best_w, found = -1, 0.0, 0
    for e in range(eptr[a], eptr[a + 1]):
        bucket = ecomp[e]
        if bucket < 0 or free_in[bucket] <= 0:
            continue
        for j in range(bstart[bucket], bend[bucket]):
            b = members[j]
            if b == a or room[b] <= 0 or stamp[b] == tag:
                continue
            stamp[b] = tag
            gab, gba = buckets.pair_gains(a, b, B, lookup)
            w = _fits(a, b, gab, gba, P, C, F)
            if w <= 0:
                continue
            code = min(a, b) * np.int64(n) + max(a, b)
            if kernels.is_forbidden(a, b, n, chosen) or code in added:
                continue  # already partners
            if w > best_w:
                best, best_w = b, w
            found += 1
            if found >= PICK:
                return best, best_w, MATCHED
    if best >= 0:
        return best, best_w, MATCHED
    return -1, 0.0, _kind(a, tag + 1, B, P, C, F, state, stamp, lookup, ceiling)


@kernels.ijit
def _fits(a: int, b: int, gab: float, gba: float, P: Any, C: Any, F: Any) -> float:
    """The pair's weight when they may be matched (0 when not two-way or ruled out)."""
    raw = kernels.raw_from_gains(a, b, gab, gba, P, C)
    n = P.role.shape[0]
    if raw <= 0 or not kernels.hard_ok(a, b, P, C) or kernels.is_forbidden(a, b, n, F):
        return 0.0
    return raw * kernels.tz_factor(a, b, P, C)


@kernels.jit
def _kind(
    a: int, tag: int, B: Any, P: Any, C: Any, F: Any, state: Any, stamp: Any, lookup: Any,
    ceiling: float,
) -> int:  # fmt: skip
    """Why nobody free fits a, from a read of every possible partner (all full): at most READ
    of them; ``ceiling`` bounds a's score with anyone, so a full partner whose weakest pair
    reaches it is skipped once a is known to fit someone."""
    eptr, ecomp, members = B.entry_ptr, B.entry_comp, B.members
    bstart, bend = B.bucket_start, B.bucket_end
    room, worst, _ = state
    twoway, allowed, read = False, False, 0
    for e in range(eptr[a], eptr[a + 1]):
        bucket = ecomp[e]
        if bucket < 0:
            continue
        for j in range(bstart[bucket], bend[bucket]):
            b = members[j]
            if b == a or stamp[b] == tag:
                continue
            stamp[b] = tag
            if allowed and worst[b] >= ceiling:
                continue
            read += 1
            if read > READ:
                return TAKEN
            gab, gba = buckets.pair_gains(a, b, B, lookup)
            if kernels.raw_from_gains(a, b, gab, gba, P, C) <= 0:
                continue
            twoway = True
            w = _fits(a, b, gab, gba, P, C, F)
            if w <= 0:
                continue
            allowed = True
            if room[b] <= 0 and worst[b] < w:
                return TRADED_OFF
    if not twoway:
        return NO_TWO_WAY
    return CAPACITY if allowed else CONSTRAINTS


@kernels.jit
def _free_members(B: Any, room: Any) -> Any:
    """How many members of each bucket have room."""
    bstart, bend, members = B.bucket_start, B.bucket_end, B.members
    free = np.zeros(bstart.shape[0], np.int64)
    for bucket in range(bstart.shape[0]):
        for j in range(bstart[bucket], bend[bucket]):
            if room[members[j]] > 0:
                free[bucket] += 1
    return free


@kernels.jit
def _take(a: int, B: Any, room: Any, free: Any) -> None:
    """One of a's places is taken; when a is full, a's buckets have one free member less."""
    room[a] -= 1
    if room[a] == 0:
        eptr, own = B.entry_ptr, B.entry_bucket
        for e in range(eptr[a], eptr[a + 1]):
            free[own[e]] -= 1


@kernels.pjit
def neighbourhood(
    rows: Any, k: int, reads: int, B: Any, P: Any, C: Any, F: Any
) -> Any:  # fmt: skip
    """Up to ``k`` best partners of each row among ``reads`` members of its complementary
    buckets, read from its own place in the tie order onwards in each (wrapping), split over
    the buckets by their sizes. Returns (idx, wts) with -1 pads."""
    eptr, ecomp, members = B.entry_ptr, B.entry_comp, B.members
    bstart, bend, place = B.bucket_start, B.bucket_end, B.place
    n, m = P.role.shape[0], rows.shape[0]
    idx = np.full((m, k), -1, np.int32)
    wts = np.full((m, k), kernels.NONE, np.float64)
    chunks = max(1, min(m, 16))
    for c in nb.prange(chunks):
        stamp = np.full(n, -1, np.int64)
        lookup = np.zeros((3, B.skills), np.float64)
        for r in range(c, m, chunks):
            a = rows[r]
            total = 0
            for e in range(eptr[a], eptr[a + 1]):
                if ecomp[e] >= 0:
                    total += bend[ecomp[e]] - bstart[ecomp[e]]
            if total == 0:
                continue
            buckets.load_person(a, B, lookup, 1.0)
            for e in range(eptr[a], eptr[a + 1]):
                bucket = ecomp[e]
                if bucket < 0:
                    continue
                size = bend[bucket] - bstart[bucket]
                share = min(size, max(4, reads * size // total))
                start = (place[a] * size) // n
                for j in range(share):
                    b = members[bstart[bucket] + (start + j) % size]
                    if b == a or stamp[b] == a:
                        continue
                    stamp[b] = a
                    gab, gba = buckets.pair_gains(a, b, B, lookup)
                    w = _fits(a, b, gab, gba, P, C, F)
                    if w > 0:
                        kernels.topk_insert(idx, wts, r, b, w)
            buckets.load_person(a, B, lookup, 0.0)
    return idx, wts
