"""Searches of ALL pairs by bit sets, for populations with a small skill vocabulary.

Real organisations list a few dozen skills, often without levels. Then a person's skills fit in
a few 64-bit words, and both directed gains of a pair are a handful of AND + popcount
instructions: a pass over every pair costs a few nanoseconds each, where walking the skill
posting lists (:mod:`twoway.engine.outside`) costs tens, because popular skills (taught by half
the people) make those lists long.

The gain decomposes exactly. With levels 1–5 and own levels ≥ 0,
``(level − own)⁺ = Σ_{t=1..5} [level ≥ t]·[own < t]``, so

    gain(a→b) = Σ_t Σ_m m · |{s : a teaches s at level ≥ t} ∩ {s : b wants s at multiplier m,
                                                                  own level < t}|

Thresholds t whose sets are the same for everyone (nobody teaches at level t − 1 and nobody
wants a skill at own level t − 1) are merged into one plane with weight = their count; without
levels (everyone at 3) the thresholds 1–3 are one plane of weight 3. :func:`planes` builds the
bit sets, or returns None when there are too many words per pair to be worth it.

Sums come out as exact as :func:`twoway.engine.kernels.directed_gain`'s when multipliers are
whole numbers (the default 1, 2, 3); otherwise they may differ in the last bit, and every weight
that enters a matching is recomputed by the reference kernel anyway.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, NamedTuple

import numba as nb
import numpy as np
from llvmlite import ir
from numba.core import types
from numba.extending import intrinsic
from numpy.typing import NDArray

from twoway.engine import kernels
from twoway.engine.outside import pair_above, record
from twoway.engine.population import F64, Population

U64 = NDArray[np.uint64]
# Words compared per pair and direction (planes × multipliers × 64-bit words), at most.
WORDS_LIMIT = 8


@dataclass(frozen=True, slots=True)
class Planes:
    """Bit sets per person: taught at level ≥ each plane's threshold; wanted per multiplier with
    own level below it."""

    teach: U64  # n × G × W
    want: U64  # n × G × M × W
    plane_weight: F64  # G: how many thresholds each plane stands for
    multiplier: F64  # M

    @property
    def words(self) -> int:
        """Words compared per pair and direction."""
        return int(self.want.shape[1] * self.want.shape[2] * self.want.shape[3])


def planes(pop: Population, limit: int = WORDS_LIMIT) -> Planes | None:
    """The population's bit sets, or None when a pair would take more than ``limit`` words."""
    taught, wanted = pop.teach_skill >= 0, pop.want_skill >= 0
    top = int(pop.teach_level[taught].max(initial=0))
    # At least two words, so the one-plane fast path (see _may_beat) applies up to 128 skills.
    words = max(2, -(-len(pop.skills) // 64))
    mults = np.unique(pop.want_mult[wanted & (pop.want_mult > 0)].astype(np.float64))
    starts = _plane_starts(pop, top)
    if top == 0 or mults.size == 0 or len(starts) * mults.size * words > limit:
        return None
    n, groups = pop.size, len(starts)
    teach = np.zeros((n, groups, words), dtype=np.uint64)
    want = np.zeros((n, groups, mults.size, words), dtype=np.uint64)
    bounds = [*starts, top + 1]
    for g, t in enumerate(starts):
        _set_bits(teach[:, g], pop.teach_skill, taught & (pop.teach_level >= t))
        for m, value in enumerate(mults):
            keep = wanted & (pop.want_own < t) & (pop.want_mult.astype(np.float64) == value)
            _set_bits(want[:, g, m], pop.want_skill, keep)
    weight = np.diff(np.array(bounds, dtype=np.float64))
    return Planes(teach, want, weight, mults)


def _plane_starts(pop: Population, top: int) -> list[int]:
    """Thresholds 1..top where the sets change: someone teaches at t − 1 or owns a want at t − 1."""
    levels = set(pop.teach_level[pop.teach_skill >= 0].tolist())
    owns = set(pop.want_own[pop.want_skill >= 0].tolist())
    return [t for t in range(1, top + 1) if t == 1 or (t - 1) in levels or (t - 1) in owns]


def _set_bits(out: U64, skill: NDArray[Any], keep: NDArray[np.bool_]) -> None:
    """Set bit ``skill`` of row i in ``out`` (n × W) for every kept cell of row i."""
    rows, cols = np.nonzero(keep)
    ids = skill[rows, cols].astype(np.int64)
    np.bitwise_or.at(
        out, (rows, ids // 64), np.left_shift(np.uint64(1), (ids % 64).astype(np.uint64))
    )


def _ctpop(typingctx: Any, x: Any) -> Any:
    """The CPU's population count of a 64-bit word (LLVM's ctpop: one instruction here)."""
    sig = types.uint64(types.uint64)

    def codegen(context: Any, builder: Any, signature: Any, args: Any) -> Any:
        fn = builder.module.declare_intrinsic("llvm.ctpop", [ir.IntType(64)])
        return builder.call(fn, args)

    return sig, codegen


_popcount: Any = intrinsic(_ctpop)


def search_live(
    rows: Any, t: Any, ub: Any, known: Any, k: int, D: Any, P: Any, C: Any, F: Any,
    top_only: bool = False,
) -> Any:  # fmt: skip
    """:func:`search_outside`, additive, where ``rows`` are exactly the people with room
    (ub > t: nobody else can be in a pair that beats t_a + t_b, since t ≥ 0): the same finds,
    from a search of those people alone, each pair once (the upper triangle). On a survey about
    four people in ten can weigh nothing with anyone; leaving them out and visiting each pair once
    made the first pricing pass at 100,000 survey people about three times cheaper.

    ``top_only``: only each row's ``k`` best are wanted (the same ones), not how many pairs beat
    their floor nor by how much (those come out too low): a pair that can't beat the row's k-th
    best is not weighed."""
    n, m = P.role.shape[0], rows.shape[0]
    teach, want, M, W, coef = D
    live = (np.ascontiguousarray(teach[:, rows]), np.ascontiguousarray(want[:, rows]), M, W, coef)
    place = np.full(n, -1, dtype=np.int64)
    place[rows] = np.arange(m)
    sub = type(P)(*(np.ascontiguousarray(field[rows]) for field in P))
    everyone = np.arange(m, dtype=np.int32)
    idx, key, found, total = search_outside(
        everyone, np.ones(m, np.bool_), t[rows], ub[rows], _among(known, n, place, m), k, True,
        live, sub, C, _among(F, n, place, m), True, top_only,
    )  # fmt: skip
    return np.where(idx >= 0, rows[np.maximum(idx, 0)], -1), key, found, total


def _among(codes: Any, n: int, place: Any, m: int) -> Any:
    """Pair codes (a·n + b, sorted) of the pairs whose people both have a ``place`` (≥ 0, of
    ``m``), rewritten as codes among the placed people (still sorted: places keep the order)."""
    a, b = place[codes // n], place[codes % n]
    both = (a >= 0) & (b >= 0)
    return np.ascontiguousarray(a[both] * m + b[both], dtype=np.int64)


@nb.njit(cache=True, nogil=True, parallel=True)
def search_outside(
    rows: Any, searched: Any, t: Any, ub: Any, known: Any, k: int, additive: bool, D: Any,
    P: Any, C: Any, F: Any, triangle: bool = False, top_only: bool = False,
) -> Any:  # fmt: skip
    """The same search as :func:`twoway.engine.outside.search_outside`, over every pair by bit
    sets (``D``: see :func:`as_args`): pairs (a in ``rows``, any b) outside ``known`` whose
    weight beats t_a + t_b (``additive``) or max(t_a, t_b); ``ub`` bounds each person's best
    score, so b with ub_b ≤ its floor is skipped. A pair of two searched people is reported by
    the lower index only; with ``triangle`` (every person is row r = r, all searched) row a
    reads only b > a; with ``top_only`` (see :func:`search_live`) a pair that can't enter the
    row's full top k is skipped unweighed (b rises along a row, so a tie never would either).
    Returns each row's ``k`` best finds (index, and the reduced cost or weight; -1 pads), how
    many it found, and the sum of their excess over the floor.

    Per row, a first pass counts shared bits with everyone in one tight loop, then only the pairs
    that may beat their floor (additive: :func:`_may_beat`) or have a gain go on to be weighed.
    """
    teach, want, M, W, coef = D
    n, m = teach.shape[1], rows.shape[0]
    idx = np.full((m, k), -1, np.int32)
    key = np.full((m, k), kernels.NONE, np.float64)
    found = np.zeros(m, np.int64)
    total = np.zeros(m, np.float64)
    peer = C.peer
    scale = max(C.mentor, C.reverse, 0.0)
    unknown = known[:0]
    chunks = max(1, min(m, 64))
    for c in nb.prange(chunks):
        out = np.empty(n, np.float64)
        into = np.empty(n, np.float64)
        sel = np.empty(n + 1, np.int64)
        for r in range(c, m, chunks):
            a = rows[r]
            lo = a + 1 if triangle else 0
            # Triangle: the row's known pairs are one sorted run of codes, walked beside b.
            at = np.searchsorted(known, a * np.int64(n) + lo) if triangle else 0
            cut = -np.inf  # the row's k-th best reduced cost, once it has k (top_only)
            if additive:
                count = _may_beat(a, lo, D, t, peer, scale, out, into, sel)
            else:
                gains_of(a, lo, teach, want, M, W, coef, out, into)
                count = _with_gain(out, into, lo, peer, sel)
            for i in range(count):
                b = sel[i]
                gab, gba = out[b], into[b]
                if b == a or (b < a and searched[b]):
                    continue
                floor = t[a] + t[b] if additive else max(t[a], t[b])
                raw = kernels.raw_from_gains(a, b, gab, gba, P, C)
                if ub[b] <= floor or raw <= floor or raw - floor <= cut:
                    continue
                if triangle:
                    at = _walk_to(known, at, a * np.int64(n) + b)
                    if at < known.shape[0] and known[at] == a * np.int64(n) + b:
                        continue
                w = pair_above(a, b, gab, gba, floor, P, C, F)
                record(a, b, r, w, floor, additive, n, unknown if triangle else known,
                       idx, key, found, total)  # fmt: skip
                if top_only and found[r] >= k:
                    cut = key[r].min()
    return idx, key, found, total


@kernels.ijit
def _walk_to(codes: Any, at: int, code: int) -> int:
    """The first place from ``at`` on in sorted ``codes`` whose code is at least ``code``."""
    while at < codes.shape[0] and codes[at] < code:
        at += 1
    return at


@kernels.jit
def _may_beat(
    a: int, lo: int, D: Any, t: Any, peer: bool, scale: float, out: Any, into: Any, sel: Any
) -> int:  # fmt: skip
    """The people b from ``lo`` on whose pair with a may beat t_a + t_b, into ``sel`` (their
    gains into ``out`` and ``into``); how many.

    On a bound of the pair's score before time zones and hard constraints, which only lower it
    (:func:`_beats`); the caller checks each exactly. In a pricing round few pairs beat their
    floor (survey mode, 100,000 people: one pair in two hundred), so the branch is well
    predicted, and the one-plane, two-word case (a survey: no levels, up to 128 skills, one
    priority) is one loop: about 3 ns a pair where the general gains pass and a selection
    after it take 11 (measured on this machine's Xeon, one thread)."""
    teach, want, M, W, coef = D
    ta, count = t[a], 0
    if coef.shape[0] != 1 or W != 2:
        gains_of(a, lo, teach, want, M, W, coef, out, into)
        for b in range(lo, out.shape[0]):
            if _beats(out[b], into[b], ta + t[b], peer, scale):
                sel[count] = b
                count += 1
        return count
    c, t0, t1, w0, w1 = coef[0], teach[0, a], teach[1, a], want[0, a], want[1, a]
    taught0, taught1, wanted0, wanted1 = teach[0], teach[1], want[0], want[1]
    for b in range(lo, teach.shape[1]):
        gab = c * (_popcount(t0 & wanted0[b]) + _popcount(t1 & wanted1[b]))
        gba = c * (_popcount(taught0[b] & w0) + _popcount(taught1[b] & w1))
        if _beats(gab, gba, ta + t[b], peer, scale):
            out[b], into[b] = gab, gba
            sel[count] = b
            count += 1
    return count


@kernels.ijit
def _beats(gab: float, gba: float, floor: float, peer: bool, scale: float) -> bool:
    """Whether a pair with these gains may score above ``floor``: peer, the harmonic mean
    2·g·g'/(g + g') without the division; otherwise ``scale``·(g + g'), ``scale`` the larger
    of the mentor and reverse weights. A hair of slack covers rounding; an infinite floor (no
    capacity) never passes."""
    if peer:
        return 2.0 * gab * gba * (1.0 + 1e-9) > floor * (gab + gba)
    return scale * (gab + gba) * (1.0 + 1e-9) > floor


@kernels.jit
def _with_gain(out: Any, into: Any, lo: int, peer: bool, sel: Any) -> int:
    """The people from ``lo`` on with gain both ways (peer) or either way, into ``sel``; how
    many.

    Branch-free (every index is written, the count only moves on a hit): a pair in twenty has
    a gain, and a branch per pair would be mispredicted often enough to triple the pass.
    """
    count = 0
    if peer:
        for b in range(lo, out.shape[0]):
            sel[count] = b
            count += out[b] * into[b] > 0
    else:
        for b in range(lo, out.shape[0]):
            sel[count] = b
            count += out[b] + into[b] > 0
    return count


@kernels.jit
def gains_of(
    a: int, lo: int, teach: Any, want: Any, M: int, W: int, coef: Any, out: Any, into: Any
) -> None:  # fmt: skip
    """gain(a→b) into out[b] and gain(b→a) into into[b], for every b ≥ ``lo``, from the bit
    sets (the fields of :func:`as_args`): the same sums as
    :func:`twoway.engine.kernels.directed_gain`'s when multipliers are whole numbers (see the
    module docstring)."""
    n = teach.shape[1]
    out[lo:] = 0.0
    into[lo:] = 0.0
    for gm in range(coef.shape[0]):
        g = gm // M
        for k in range(W):
            ta = teach[g * W + k, a]
            wa = want[gm * W + k, a]
            tw, ww = teach[g * W + k], want[gm * W + k]
            weight = coef[gm]
            for b in range(lo, n):
                out[b] += weight * _popcount(ta & ww[b])
                into[b] += weight * _popcount(tw[b] & wa)


def person_major(bits: Planes | None) -> tuple[U64, U64, F64, int, int]:
    """The bit sets one row per person (taught words, then wanted words), each (plane,
    multiplier)'s coefficient, M and W: for reading the gains of one pair at a time
    (:func:`pair_gains`), where a person's words in one place cost one cache line.

    Empty (0 × 0) when there are no bit sets, or when a coefficient is not a whole number: then
    sums in another order than the reference kernel's could differ in the last bit, and the
    bucket reads must give the reference kernel's weights exactly (see engine.fill)."""
    if bits is None:
        return _no_rows()
    n, groups, mults, words = bits.want.shape
    coef = (bits.plane_weight[:, None] * bits.multiplier[None, :]).ravel()
    if not np.all(coef == np.round(coef)):
        return _no_rows()
    teach = np.ascontiguousarray(bits.teach.reshape(n, groups * words))
    want = np.ascontiguousarray(bits.want.reshape(n, groups * mults * words))
    return teach, want, coef, int(mults), int(words)


def _no_rows() -> tuple[U64, U64, F64, int, int]:
    none = np.zeros((0, 0), dtype=np.uint64)
    return none, none, np.zeros(0, dtype=np.float64), 0, 0


@kernels.ijit
def pair_gains(a: int, b: int, teach: Any, want: Any, coef: Any, M: int, W: int) -> Any:
    """gain(a→b) and gain(b→a) from the person-major bit sets (:func:`person_major`): a few AND
    and popcount instructions, the same sums as :func:`gains_of`."""
    gab, gba = 0.0, 0.0
    for gm in range(coef.shape[0]):
        g = gm // M
        ab, ba = 0, 0
        for k in range(W):
            ab += _popcount(teach[a, g * W + k] & want[b, gm * W + k])
            ba += _popcount(teach[b, g * W + k] & want[a, gm * W + k])
        gab += coef[gm] * ab
        gba += coef[gm] * ba
    return gab, gba


def affordable(pop: Population, bits: Planes | None, budget: float) -> bool:
    """Whether an all-pairs pass costs at most ``budget`` word comparisons."""
    return bits is not None and float(pop.size) ** 2 * 2 * bits.words <= budget


def affordable_live(live: int, bits: Planes | None, budget: float) -> bool:
    """Whether a pass of :func:`search_live` over ``live`` people (each pair once, both
    directions) costs at most ``budget`` word comparisons."""
    return bits is not None and float(live) ** 2 * bits.words <= budget


def as_args(bits: Planes) -> tuple[U64, U64, int, int, F64]:
    """The bit sets as the kernels' ``D`` tuple: G·W taught and G·M·W wanted words, each an
    array over people, then M, W, and each (plane, multiplier)'s coefficient."""
    n, groups, mults, words = bits.want.shape
    coef = (bits.plane_weight[:, None] * bits.multiplier[None, :]).ravel()
    # Word-major (one contiguous row per word): the per-row pass reads each word of everyone in
    # order, which the compiler vectorises.
    teach = np.ascontiguousarray(bits.teach.reshape(n, groups * words).T)
    want = np.ascontiguousarray(bits.want.reshape(n, groups * mults * words).T)
    return teach, want, int(mults), int(words), coef


# Pricing keeps every pair with a positive weight in memory when there are at most this many
# (12 bytes each): then each round after the first scans a list instead of every pair's bit
# sets (devsurvey2017: 10.0 million pairs, 120 MB; a round 0.9 s → about 0.05 s).
EDGE_LIMIT = 40_000_000


class AllPairs(NamedTuple):
    """Every pair a < b with a positive weight, by a (``start``: n + 1 offsets; b ascending)."""

    start: NDArray[np.int64]
    v: NDArray[np.int32]
    w: F64


def all_pairs(bits: Planes, P: Any, C: Any, F: Any, limit: int | None = None) -> AllPairs | None:
    """Every pair with a positive weight, or None when there are more than ``limit``
    (default EDGE_LIMIT)."""
    D = as_args(bits)
    counts = _pair_counts(D, P, C, F, _weight_follows_gains(P, C, F))
    if int(counts.sum()) > (EDGE_LIMIT if limit is None else limit):
        return None
    start = np.zeros(counts.shape[0] + 1, dtype=np.int64)
    np.cumsum(counts, out=start[1:])
    v, w, kept = _pair_fill(D, P, C, F, start)
    # Weighing keeps a subset of the pairs counted; counted without weighing, all of them.
    if not np.array_equal(kept, counts):
        raise AssertionError("all_pairs: a row kept fewer pairs than it counted")
    return AllPairs(start, v, w)


def _weight_follows_gains(P: Any, C: Any, F: Any) -> bool:
    """Whether every pair with gain both ways has a positive weight (peer mode, and no hard
    constraint that could set a weight to 0): then counting pairs needs no weighing."""
    if not C.peer or F.shape[0] > 0:
        return False
    if C.apart and bool((P.group >= 0).any()):
        return False
    if C.shared_language and int(P.has_languages.sum()) > 1:
        return False
    # The time-zone factor is at least its floor; without a floor, far-apart people weigh 0.
    return C.timezone_floor > 0 or int((~np.isnan(P.offset)).sum()) < 2


@nb.njit(cache=True, nogil=True)
def _row_pairs(
    a: int, D: Any, P: Any, C: Any, F: Any, out: Any, into: Any, sel: Any, v: Any, w: Any, at: int
) -> int:  # fmt: skip
    """Row a's pairs (b > a, positive weight): written from ``at`` when ``v`` has room, counted
    either way. Returns how many."""
    teach, want, M, W, coef = D
    gains_of(a, a + 1, teach, want, M, W, coef, out, into)
    count = _with_gain(out, into, a + 1, C.peer, sel)
    kept = 0
    for i in range(count):
        b = sel[i]
        weight = pair_above(a, b, out[b], into[b], 0.0, P, C, F)
        if weight > 0:
            if v.shape[0] > 0:
                v[at + kept] = b
                w[at + kept] = weight
            kept += 1
    return kept


@nb.njit(cache=True, nogil=True, parallel=True)
def _pair_counts(D: Any, P: Any, C: Any, F: Any, by_gain: bool) -> Any:
    """Each row's count of pairs (b > a) with a positive weight; ``by_gain``: a gain both ways
    is enough (see _weight_follows_gains), so the pairs are counted without weighing them."""
    teach, want, M, W, coef = D
    n = teach.shape[1]
    counts = np.zeros(n, np.int64)
    chunks = max(1, min(n, 64))
    none_v, none_w = np.empty(0, np.int32), np.empty(0, np.float64)
    for c in nb.prange(chunks):
        out, into, sel = np.empty(n, np.float64), np.empty(n, np.float64), np.empty(n + 1, np.int64)
        for a in range(c, n, chunks):
            if by_gain:
                gains_of(a, a + 1, teach, want, M, W, coef, out, into)
                counts[a] = _with_gain(out, into, a + 1, True, sel)
            else:
                counts[a] = _row_pairs(a, D, P, C, F, out, into, sel, none_v, none_w, 0)
    return counts


@nb.njit(cache=True, nogil=True, parallel=True)
def _pair_fill(D: Any, P: Any, C: Any, F: Any, start: Any) -> Any:
    n = D[0].shape[1]
    v = np.empty(start[n], np.int32)
    w = np.empty(start[n], np.float64)
    kept = np.zeros(n, np.int64)
    chunks = max(1, min(n, 64))
    for c in nb.prange(chunks):
        out, into, sel = np.empty(n, np.float64), np.empty(n, np.float64), np.empty(n + 1, np.int64)
        for a in range(c, n, chunks):
            kept[a] = _row_pairs(a, D, P, C, F, out, into, sel, v, w, start[a])
    return v, w, kept


@nb.njit(cache=True, nogil=True)
def mark_pairs(pairs: AllPairs, us: Any, vs: Any, into: Any) -> None:
    """Mark in ``into`` (one flag per stored pair) the pairs (us[i] < vs[i]) that are stored."""
    for i in range(us.shape[0]):
        lo, hi = pairs.start[us[i]], pairs.start[us[i] + 1]
        at = lo + np.searchsorted(pairs.v[lo:hi], vs[i])
        if at < hi and pairs.v[at] == vs[i]:
            into[at] = True


@nb.njit(cache=True, nogil=True)
def price_pairs(
    pairs: AllPairs, rows: Any, searched: Any, y: Any, known: Any, k: int
) -> Any:  # fmt: skip
    """:func:`search_outside` (additive) over the stored pairs, ``known`` flagging those in the
    graph: the same finds, each reported by its lower searched end, in the same shape."""
    n, m = pairs.start.shape[0] - 1, rows.shape[0]
    idx = np.full((m, k), -1, np.int32)
    key = np.full((m, k), kernels.NONE, np.float64)
    found = np.zeros(m, np.int64)
    total = np.zeros(m, np.float64)
    place = np.full(n, -1, np.int64)
    for r in range(m):
        place[rows[r]] = r
    for a in range(n):
        for e in range(pairs.start[a], pairs.start[a + 1]):
            b = pairs.v[e]
            floor = y[a] + y[b]
            if known[e] or pairs.w[e] <= floor:
                continue
            owner, other = (a, b) if searched[a] else (b, a)
            r = place[owner]
            if r < 0:
                continue  # neither end searched: w ≤ ub ≤ y, so not reached
            found[r] += 1
            total[r] += pairs.w[e] - floor
            kernels.topk_insert(idx, key, r, other, pairs.w[e] - floor)
    return idx, key, found, total


@nb.njit(cache=True, nogil=True)
def top_of_pairs(pairs: AllPairs, k: int) -> Any:
    """Each person's ``k`` best partners among the stored pairs (index, weight; -1 pads): the
    exact top-k, the same lists as the exact candidate search (weight desc, index asc)."""
    n = pairs.start.shape[0] - 1
    idx = np.full((n, k), -1, np.int32)
    wts = np.full((n, k), kernels.NONE, np.float64)
    held = np.zeros(n, np.int64)
    floor = np.full(n, -np.inf)  # the worst weight kept, once a list is full
    for a in range(n):
        for e in range(pairs.start[a], pairs.start[a + 1]):
            b, w = pairs.v[e], pairs.w[e]
            _offer(idx, wts, held, floor, a, b, w)
            _offer(idx, wts, held, floor, b, a, w)
    return idx, wts


@kernels.jit
def _offer(idx: Any, wts: Any, held: Any, floor: Any, r: int, b: int, w: float) -> None:
    if w < floor[r]:
        return  # most offers, once the list is full: no scan of it
    kernels.topk_insert(idx, wts, r, b, w)
    held[r] = min(held[r] + 1, idx.shape[1])
    if held[r] == idx.shape[1]:
        floor[r] = wts[r].min()
