"""The bucket index behind candidate search at scale, and the search itself (compiled).

Peer mode indexes everyone under each (skill taught, skill wanted) pair they hold: the people who
teach what a wants *and* want what a teaches sit in a's complementary bucket, so every candidate
read there has gain both ways. Mentor–mentee mode indexes single skills (one-way gain is enough).
Buckets are sorted by what members offer, best first; ties go to the people with the most to give
and to take, then to a seeded random order, the same order in every bucket. Each person reads a
bounded budget, so the cost is linear in n (see :func:`bucket_candidates`).

The index is built by compiled loops and one counting sort, without the n × kt × kw temporaries
a numpy formulation needs (at a million people those alone took 38 s and gigabytes).
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numba as nb
import numpy as np
from numpy.typing import NDArray

from twoway.engine import dense
from twoway.engine.kernels import consider, ijit, jit, pjit, row_limit
from twoway.engine.population import F64, I32, I64, Population


class Index(NamedTuple):
    """Everyone filed in buckets. Person a's entries are entry_ptr[a]..entry_ptr[a + 1] - 1; each
    names the complementary bucket (who teaches what a wants and wants what a teaches)."""

    entry_ptr: I64
    entry_comp: I64  # the entry's complementary bucket, -1 when nobody is in it
    entry_rank: I64  # the entry's place in its own bucket
    bucket_start: I64  # bucket b's members are members[bucket_start[b]:bucket_end[b]]
    bucket_end: I64
    members: I32  # best offer first, ties in the one order of people
    entry_value: F64  # what a brings to the entry: its share of a's budget
    slot_order: I64  # each member's offer rank · n + place: ascending within every bucket
    place: I64  # each person's place in the tie order of people
    entry_bucket: I64  # the entry's own bucket


class Packed(NamedTuple):
    """Everyone's skills as packed rows (see :func:`pack_rows`), for lookup-table scoring, and
    as bit sets when the population has them (see :func:`pair_gains`)."""

    rows: I32
    kt: int  # taught columns: a row's wanted skills start there
    mult: F64  # the multiplier of each priority
    skills: int  # skill count, the width of a lookup table
    bit_teach: NDArray[np.uint64]  # n × words, or 0 × 0 (see dense.person_major)
    bit_want: NDArray[np.uint64]
    bit_coef: F64
    bit_m: int
    bit_w: int


class BucketRead(NamedTuple):
    """What a read of the buckets takes (``B`` in the kernels): the fields of :class:`Index`,
    then those of :class:`Packed`, built as ``BucketRead(*index, *packed)``.

    Flat, not an index and rows nested: numba's parallel loops can't take a named tuple that
    holds named tuples.
    """

    entry_ptr: I64
    entry_comp: I64
    entry_rank: I64
    bucket_start: I64
    bucket_end: I64
    members: I32
    entry_value: F64
    slot_order: I64
    place: I64
    entry_bucket: I64
    rows: I32
    kt: int
    mult: F64
    skills: int
    bit_teach: NDArray[np.uint64]
    bit_want: NDArray[np.uint64]
    bit_coef: F64
    bit_m: int
    bit_w: int


# Largest code space turned into bucket numbers by a lookup table (beyond it: np.unique).
TABLE_LIMIT = 1 << 25


@jit
def _peer_entries(
    tskill: Any, tlevel: Any, wskill: Any, wmult: Any, skills: int, tok: Any, wok: Any
) -> Any:  # fmt: skip
    """One entry per (skill taught, skill wanted) pair of each person, in person order.

    Entry: the person, its bucket code t·S + w, the complementary code w·S + t, and what the
    person offers there (level × priority multiplier). Only skills marked in ``tok`` / ``wok``
    (see :func:`useful`) make entries.
    """
    n, kt, kw = tskill.shape[0], tskill.shape[1], wskill.shape[1]
    count = 0
    for a in range(n):
        for i in range(kt):
            if tok[a, i]:
                for j in range(kw):
                    if wok[a, j] and wskill[a, j] != tskill[a, i]:
                        count += 1
    person = np.empty(count, np.int64)
    code = np.empty(count, np.int64)
    comp = np.empty(count, np.int64)
    offer = np.empty(count, np.float64)
    e = 0
    for a in range(n):
        for i in range(kt):
            if not tok[a, i]:
                continue
            t = tskill[a, i]
            for j in range(kw):
                w = wskill[a, j]
                if wok[a, j] and w != t:
                    person[e] = a
                    code[e] = np.int64(t) * skills + w
                    comp[e] = np.int64(w) * skills + t
                    offer[e] = np.float64(tlevel[a, i]) * np.float64(wmult[a, j])
                    e += 1
    return person, code, comp, offer


@jit
def _skill_entries(tskill: Any, tlevel: Any, wskill: Any, wmult: Any, tok: Any, wok: Any) -> Any:
    """Mentor–mentee: bucket 2s holds who teaches skill s, 2s + 1 who wants it; each entry points
    at the other bucket of its skill. Per person: taught skills, then wanted ones."""
    n, kt, kw = tskill.shape[0], tskill.shape[1], wskill.shape[1]
    count = int(np.count_nonzero(tok) + np.count_nonzero(wok))
    person = np.empty(count, np.int64)
    code = np.empty(count, np.int64)
    offer = np.empty(count, np.float64)
    e = 0
    for a in range(n):
        for i in range(kt):
            if tok[a, i]:
                person[e], code[e], offer[e] = a, 2 * np.int64(tskill[a, i]), tlevel[a, i]
                e += 1
        for j in range(kw):
            if wok[a, j]:
                person[e], code[e] = a, 2 * np.int64(wskill[a, j]) + 1
                offer[e] = np.float64(wmult[a, j])
                e += 1
    return person, code, code ^ 1, offer


def useful(pop: Population) -> tuple[NDArray[np.bool_], NDArray[np.bool_]]:
    """Which taught and wanted skills can carry gain: a skill taught above the lowest own level
    among its learners, a want below the highest level among its teachers (with a priority).

    Real surveys list many wants that people already have as well as anyone teaches them (53%
    of the 2017 survey's wants); indexing those filled buckets with partners who bring nothing.
    Every pair with gain both ways still shares a bucket: the skills that carry it pass.
    """
    skills = max(len(pop.skills), 1)
    taught, wanted = pop.teach_skill >= 0, pop.want_skill >= 0
    ts, ws = np.where(taught, pop.teach_skill, 0), np.where(wanted, pop.want_skill, 0)
    least_own = np.full(skills, np.iinfo(np.int64).max)
    np.minimum.at(least_own, ws[wanted], pop.want_own[wanted])
    top_level = np.zeros(skills, dtype=np.int64)
    np.maximum.at(top_level, ts[taught], pop.teach_level[taught])
    tok = taught & (pop.teach_level > least_own[ts])
    wok = wanted & (pop.want_mult > 0) & (pop.want_own < top_level[ws])
    return tok, wok


@jit
def _layout(bucket: Any, buckets: int, key: Any, keys: int, visit: Any) -> Any:
    """Counting sort of entries by (bucket, key), ties in ``visit`` order.

    Returns the sorted order, each entry's position within its bucket, and bucket bounds.
    """
    slots = buckets * keys
    start = np.zeros(slots + 1, np.int64)
    for e in range(bucket.shape[0]):
        start[bucket[e] * keys + key[e] + 1] += 1
    for s in range(slots):
        start[s + 1] += start[s]
    bucket_start = np.empty(buckets, np.int64)
    bucket_end = np.empty(buckets, np.int64)
    for b in range(buckets):
        bucket_start[b] = start[b * keys]
        bucket_end[b] = start[(b + 1) * keys]
    order = np.empty(bucket.shape[0], np.int64)
    rank = np.empty(bucket.shape[0], np.int64)
    for e in visit:
        s = bucket[e] * keys + key[e]
        order[start[s]] = e
        rank[e] = start[s] - bucket_start[bucket[e]]
        start[s] += 1
    return order, rank, bucket_start, bucket_end


@jit
def _distinct_descending(values: Any, limit: int) -> Any:
    """The distinct values, highest first (None when there are more than ``limit``)."""
    found = np.empty(limit, np.float64)
    count = 0
    for x in values:
        lo, hi = 0, count
        while lo < hi:
            mid = (lo + hi) // 2
            if found[mid] > x:
                lo = mid + 1
            else:
                hi = mid
        if lo < count and found[lo] == x:
            continue
        if count == limit:
            return None
        found[lo + 1 : count + 1] = found[lo:count].copy()
        found[lo] = x
        count += 1
    return found[:count]


@jit
def _rank_in(values: Any, descending: Any) -> Any:
    """Each value's position in ``descending`` (which holds every value)."""
    out = np.empty(values.shape[0], np.int64)
    for e in range(values.shape[0]):
        lo, hi = 0, descending.shape[0]
        while lo < hi:
            mid = (lo + hi) // 2
            if descending[mid] > values[e]:
                lo = mid + 1
            else:
                hi = mid
        out[e] = lo
    return out


def _offer_ranks(offer: F64) -> tuple[I64, int]:
    """Dense ranks of the offers, best first. Offers are level × multiplier: a few dozen values."""
    distinct = _distinct_descending(offer, 4096)
    if distinct is None:
        values, key = np.unique(-offer, return_inverse=True)
        return key.astype(np.int64), int(values.shape[0])
    return _rank_in(offer, distinct), int(distinct.shape[0])


def _bucket_numbers(code: I64, comp: I64) -> tuple[I64, I64, int]:
    """Buckets numbered in code order; each entry's own and complementary bucket (-1: none)."""
    top = int(max(code.max(), comp.max())) + 1
    if top <= TABLE_LIMIT:
        present = np.zeros(top, dtype=np.int64)
        present[code] = 1
        number = np.cumsum(present) - 1
        buckets = int(number[-1]) + 1
        return number[code], np.where(present[comp] > 0, number[comp], -1), buckets
    codes, own = np.unique(code, return_inverse=True)
    where = np.minimum(np.searchsorted(codes, comp), codes.shape[0] - 1)
    return own.astype(np.int64), np.where(codes[where] == comp, where, -1), int(codes.shape[0])


def _index(
    n: int,
    person: I64,
    code: I64,
    comp: I64,
    offer: F64,
    seed: int,
    ties: F64,
) -> Index:
    """Sort entries into buckets in the search's layout: best offer first, ties by each person's
    ``ties`` value (highest first: their breadth), then by a seeded random order of people.

    Entry e puts ``person[e]`` in bucket ``code[e]`` and points it at bucket ``comp[e]``.
    Entries must come grouped by person, in person order. Ties fall in one order of people in
    every bucket, so the members near the top of two buckets are largely the same people.
    """
    eptr = np.zeros(n + 1, dtype=np.int64)
    eptr[1:] = np.cumsum(np.bincount(person, minlength=n))
    if code.shape[0] == 0:
        empty = np.zeros(0, dtype=np.int64)
        no_members = empty.astype(np.int32)
        return Index(eptr, empty, empty, empty, empty, no_members, offer, empty, empty, empty)
    people = _person_order(ties, seed)
    visit = _expand(eptr, people)
    key, keys = _offer_ranks(offer)
    bucket, ecomp, buckets = _bucket_numbers(code, comp)
    order, rank, starts, ends = _layout(bucket, buckets, key, keys, visit)
    # Each slot's (offer rank, person's place in the tie order): ascending within every bucket,
    # so a binary search finds where a given place in the order falls in any bucket.
    place = np.empty(n, dtype=np.int64)
    place[people] = np.arange(n, dtype=np.int64)
    members = person[order]
    slot_order = key[order] * n + place[members]
    members32 = members.astype(np.int32)
    return Index(eptr, ecomp, rank, starts, ends, members32, offer, slot_order, place, bucket)


def _person_order(ties: F64, seed: int) -> I64:
    """People, highest ``ties`` first, equal ones in a seeded random order."""
    shuffled = np.random.default_rng(seed).permutation(ties.shape[0])
    people: I64 = shuffled[np.argsort(-ties[shuffled], kind="stable")]
    return people


@jit
def _expand(eptr: Any, people: Any) -> Any:
    """The entries of each person in ``people``, in that order."""
    out = np.empty(eptr[-1], np.int64)
    k = 0
    for a in people:
        for e in range(eptr[a], eptr[a + 1]):
            out[k] = e
            k += 1
    return out


def tied_share(index: Index, n: int) -> float:
    """The share of entries whose offer equals the best offer in their bucket (1: no levels)."""
    bstart, bend, slot_order = index.bucket_start, index.bucket_end, index.slot_order
    if slot_order.shape[0] == 0:
        return 0.0
    sizes = bend - bstart
    best = np.repeat(slot_order[bstart[sizes > 0]] // max(n, 1), sizes[sizes > 0])
    return float(np.mean(slot_order // max(n, 1) == best))


def breadth(pop: Population) -> tuple[F64, F64]:
    """What each person has to give and to take, weighed by demand: Σ level × the share of
    people who want the skill, and Σ priority multiplier × the share of people who teach it.

    People who teach and want many sought-after skills share several skills with most partners,
    so among equal offers in a bucket they are the likeliest best partners.
    """
    n, skills = max(pop.size, 1), max(len(pop.skills), 1)
    taught, wanted = pop.teach_skill >= 0, pop.want_skill >= 0
    wanters = np.bincount(pop.want_skill[wanted], minlength=skills) / n
    teachers = np.bincount(pop.teach_skill[taught], minlength=skills) / n
    give = np.where(taught, pop.teach_level * wanters[np.where(taught, pop.teach_skill, 0)], 0)
    take = np.where(wanted, pop.want_mult * teachers[np.where(wanted, pop.want_skill, 0)], 0)
    return give.sum(axis=1), take.sum(axis=1)


def bucket_index(pop: Population, seed: int) -> Index:
    """Peer mode: everyone under each (skill taught, skill wanted) pair they hold.

    Ties are broken by give × take: a peer partner has to do both.
    """
    skills = max(len(pop.skills), 1)
    person, code, comp, offer = _peer_entries(
        pop.teach_skill, pop.teach_level, pop.want_skill, pop.want_mult, skills, *useful(pop)
    )
    give, take = breadth(pop)
    index = _index(pop.size, person, code, comp, offer, seed, give * take)
    # Squared: the budget leans harder on a's strongest skills (recall at 100k: 92% → 93.4%).
    return index._replace(entry_value=index.entry_value**2)


def skill_index(pop: Population, seed: int) -> Index:
    """Mentor–mentee mode: one-way gain is enough, so index single skills.

    Ties are broken by give + take: a mentor gives, a mentee takes.
    """
    person, code, comp, offer = _skill_entries(
        pop.teach_skill, pop.teach_level, pop.want_skill, pop.want_mult, *useful(pop)
    )
    give, take = breadth(pop)
    return _index(pop.size, person, code, comp, offer, seed, give + take)


# Packed rows (see :func:`pack_rows`): a taught skill is skill << 4 | level, a wanted one
# skill << 8 | priority << 4 | own level, so one person's skills fit in one cache line.
LEVEL_BITS, LEVEL_MASK = 4, 15


@jit
def pack_rows(tskill: Any, tlevel: Any, wskill: Any, wprio: Any, wown: Any) -> Any:
    """Each person's taught then wanted skills as one int32 row (-1 pads), ascending skill id."""
    n, kt, kw = tskill.shape[0], tskill.shape[1], wskill.shape[1]
    out = np.full((n, kt + kw), -1, np.int32)
    for a in range(n):
        for i in range(kt):
            if tskill[a, i] >= 0:
                out[a, i] = (tskill[a, i] << 4) | tlevel[a, i]
        for j in range(kw):
            if wskill[a, j] >= 0:
                out[a, kt + j] = (wskill[a, j] << 8) | (wprio[a, j] << 4) | wown[a, j]
    return out


@ijit
def load_person(a: int, B: Any, lookup: Any, value: float) -> None:
    """Write a's levels, multipliers and own levels into the per-skill lookup (``value`` 1), or
    clear them (0). ``lookup`` is 3 × skills; :func:`gains_against` reads it."""
    R, kt, mult = B.rows, B.kt, B.mult
    for i in range(kt):
        c = R[a, i]
        if c < 0:
            break
        lookup[0, c >> 4] = value * (c & LEVEL_MASK)
    for j in range(kt, R.shape[1]):
        c = R[a, j]
        if c < 0:
            break
        s = c >> 8
        lookup[1, s] = value * mult[(c >> 4) & LEVEL_MASK]
        lookup[2, s] = value * (c & LEVEL_MASK)


@ijit
def gains_against(b: int, B: Any, lookup: Any) -> Any:
    """gain(a→b) and gain(b→a) for the person a loaded in ``lookup``: one pass over b's row.

    Sums run in ascending skill id, as in :func:`directed_gain`, so the results are identical.
    """
    R, kt, mult = B.rows, B.kt, B.mult
    gab, gba = 0.0, 0.0
    for i in range(kt):
        c = R[b, i]
        if c < 0:
            break
        s = c >> 4
        step = (c & LEVEL_MASK) - lookup[2, s]
        if step > 0 and lookup[1, s] > 0:
            gba += lookup[1, s] * step
    for j in range(kt, R.shape[1]):
        c = R[b, j]
        if c < 0:
            break
        s = c >> 8
        step = lookup[0, s] - (c & LEVEL_MASK)
        if step > 0:
            gab += mult[(c >> 4) & LEVEL_MASK] * step
    return gab, gba


@ijit
def pair_gains(a: int, b: int, B: Any, lookup: Any) -> Any:
    """gain(a→b) and gain(b→a), a loaded in ``lookup``: by bit sets when ``B`` has them (a few
    dozen skills: a handful of instructions on one cache line per person), else one pass over
    b's packed row (:func:`gains_against`). Both give the reference kernel's sums exactly."""
    if B.bit_teach.shape[0] > 0:
        return dense.pair_gains(a, b, B.bit_teach, B.bit_want, B.bit_coef, B.bit_m, B.bit_w)
    return gains_against(b, B, lookup)


@ijit
def _score(a: int, b: int, S: Any) -> int:
    """Score b for a unless already done (1 when scored now, else 0).

    ``S`` = (stamp, B, a's lookup, P, C, F, out, a's row limit: see kernels.topk_offer).
    """
    stamp, B, lookup, P, C, F, out, lim = S
    if b == a or stamp[b] == a:
        return 0
    stamp[b] = a
    gab, gba = pair_gains(a, b, B, lookup)
    consider(a, b, gab, gba, P, C, F, out, a, lim)
    return 1


@ijit
def _share(budget: int, value: float, worth: float) -> int:
    """An entry's part of a's budget, by what a brings to it (at least 2)."""
    return max(2, int(budget * value / worth))


@pjit
def bucket_candidates(
    out: Any,
    lo: int,
    hi: int,
    P: Any,
    C: Any,
    F: Any,
    B: Any,
    budget: int,
    depth: float,
    scan: int,
    shared: float,
    band: float,
    width: int,
) -> None:
    """Sampled top-k partners of people lo..hi-1, through the (taught, wanted) skill-pair index.

    ``out`` = (idx, wts, twoway, blocked), rows for everyone, filled in place.

    ``B``: the :class:`BucketRead` to read (person a's entries name its complementary buckets).

    Person a scores at most ``budget`` people, split over its entries in proportion to
    entry_value (what a brings there), in three reads:

    1. Band (:func:`_read_listed` around a's place): the members within ``width`` places of a's
       own place in the tie order of each complementary bucket, most listed first, up to
       ``band`` of the budget.
    2. Shared tops (:func:`_read_listed` from the top): the top ``scan`` × share of each
       complementary bucket, counting how many of those tops list each member; people listed two
       or more times share several skills with a both ways, where the best partners are. They
       are scored first, most-listed first, up to ``shared`` of the budget.
    3. Windows: the rest of the budget reads a window of the best ``depth`` share of each
       complementary bucket, placed by a's rank, so equally good partners are spread over
       everyone instead of all proposing to the same few.

    Gains are computed against a per-skill lookup of a, one pass over each candidate's packed row.
    """
    eptr, ecomp, erank, evalue = B.entry_ptr, B.entry_comp, B.entry_rank, B.entry_value
    bstart, bend, members, place = B.bucket_start, B.bucket_end, B.members, B.place
    n = P.role.shape[0]
    most_entries = int(np.max(eptr[1:] - eptr[:-1])) if n > 0 else 0
    chunks = 16
    for c in nb.prange(chunks):
        stamp = np.full(n, -1, np.int32)
        mark = np.full(n, -1, np.int64)
        hits = np.zeros(n, np.int32)
        seen = np.empty(max(scan * budget, 2 * width) + 256, np.int32)
        order = np.empty(seen.shape[0], np.int32)
        tally = np.zeros(most_entries + 2, np.int64)
        lookup = np.zeros((3, B.skills), np.float64)
        lim = row_limit()
        for a in range(lo + c, hi, chunks):
            worth = 0.0
            for e in range(eptr[a], eptr[a + 1]):
                if ecomp[e] >= 0:
                    worth += evalue[e]
            if worth == 0:
                continue
            load_person(a, B, lookup, 1.0)
            lim[0] = 0
            S = (stamp, B, lookup, P, C, F, out, lim)
            counts = (mark, hits, order, tally)
            used = _read_listed(
                a, B, worth, budget, scan, int(budget * band), counts, seen, S, place[a], 1, width
            )
            used += _read_listed(
                a, B, worth, budget, scan, int(budget * shared), counts, seen, S, -1, 2, 0
            )
            left = budget - used
            for e in range(eptr[a], eptr[a + 1]):
                bucket = ecomp[e]
                if bucket < 0:
                    continue
                per = _share(left, evalue[e], worth)
                first, size = bstart[bucket], bend[bucket] - bstart[bucket]
                window = min(size, max(per, int(size * depth)))
                start = (erank[e] * per) % window
                for j in range(min(per, window)):
                    _score(a, members[first + (start + j) % window], S)
            load_person(a, B, lookup, 0.0)


@jit
def _read_listed(
    a: int,
    B: Any,
    worth: float,
    budget: int,
    scan: int,
    most: int,
    counts: Any,
    seen: Any,
    S: Any,
    anchor: int,
    least: int,
    width: int,
) -> int:
    """Score the people listed in ``least`` or more of a's complementary buckets near one place
    in the tie order (``anchor``; -1: the top), most often listed first, at most ``most`` of
    them. Returns how many were scored.

    Ties in every bucket follow one order of people (see :func:`_index`), so a person listed in
    several of a's buckets near a place sits near that place in each of them: they teach several
    things a wants or want several things a teaches. Reading member ids in order is cheap;
    scoring (reading each member's row) is what the budget counts. ``counts`` =
    (mark, hits, order, tally): hits[b] counts b's listings in this read; order and tally are
    scratch for ranking them.
    """
    mark, hits, order, tally = counts
    eptr, ecomp, evalue, slot_order = B.entry_ptr, B.entry_comp, B.entry_value, B.slot_order
    bstart, bend, members = B.bucket_start, B.bucket_end, B.members
    n = mark.shape[0]
    tag = 2 * a + (1 if anchor < 0 else 0)  # each read counts afresh
    found = 0
    for e in range(eptr[a], eptr[a + 1]):
        bucket = ecomp[e]
        if bucket < 0:
            continue
        lo, hi = bstart[bucket], bend[bucket]
        first, last = lo, lo + min(hi - lo, scan * _share(budget, evalue[e], worth))
        if anchor >= 0:
            base = (slot_order[lo] // n) * n
            first = lo + np.searchsorted(slot_order[lo:hi], base + max(anchor - width, 0))
            last = lo + np.searchsorted(slot_order[lo:hi], base + anchor + width)
        for j in range(first, last):
            b = members[j]
            if mark[b] != tag:
                if found == seen.shape[0]:
                    break
                mark[b], hits[b] = tag, 0
                seen[found] = b
                found += 1
            hits[b] += 1
    top, many = 1, 0
    for i in range(found):
        listed = hits[seen[i]]
        if listed >= least:
            seen[many] = seen[i]
            many += 1
            top = max(top, listed)
    # Most listed first, in order found within a count: a counting sort (levels ≤ a's entries).
    tally[: top + 2] = 0
    for i in range(many):
        tally[top - hits[seen[i]] + 1] += 1
    for level in range(1, top + 2):
        tally[level] += tally[level - 1]
    for i in range(many):
        slot = top - hits[seen[i]]
        order[tally[slot]] = seen[i]
        tally[slot] += 1
    used = 0
    for i in range(many):
        if used >= most:
            return used
        used += _score(a, order[i], S)
    return used
