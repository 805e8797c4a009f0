"""Brute-force blocking pairs over ALL pairs of people, independent of the engine's kernels.

Gains for every ordered pair come from dense matrix products (``(x − y)⁺ = Σ_t [x ≥ t]·[y < t]``
for levels 0–5), a block of rows at a time so n ≈ 8,000 stays within a few hundred MB. Only
what the tests' populations use is modelled: skills, priorities, roles, capacities and forbidden
pairs (no languages, groups or timezones; :func:`blocking_pairs` refuses people who have them).
A sample of scores is checked against :func:`twoway.engine.scoring.pair_score`.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from twoway.engine.model import MAX_LEVEL, MatchConfig, MatchResult, Person
from twoway.engine.scoring import pair_score, priority_multiplier

Matrix = NDArray[np.float64]
BLOCK = 1_000
# Scores are sums of small multiples of the priority weights; this only absorbs rounding.
TOLERANCE = 1e-9


def _dense(group: list[Person], config: MatchConfig) -> tuple[Matrix, Matrix]:
    """Teaching levels (n × skills) and want multipliers (0 = not wanted)."""
    names = sorted({s for p in group for s in (*p.teaches, *p.learns)})
    column = {s: i for i, s in enumerate(names)}
    level = np.zeros((len(group), max(len(names), 1)))
    mult = np.zeros_like(level)
    for i, person in enumerate(group):
        for skill, lv in person.teaches.items():
            level[i, column[skill]] = lv
        for skill, priority in person.learns.items():
            mult[i, column[skill]] = priority_multiplier(priority, config.weights)
    return level, mult


def _gains(level: Matrix, mult: Matrix, rows: slice) -> tuple[Matrix, Matrix]:
    """gain(a→b) and gain(b→a) for a in ``rows`` and every b."""
    out = np.zeros((level[rows].shape[0], level.shape[0]))
    back = np.zeros_like(out)
    for t in range(1, MAX_LEVEL + 1):
        above, below = (level >= t).astype(np.float64), mult * (level < t)
        out += above[rows] @ below.T
        back += below[rows] @ above.T
    return out, back


def _scores(
    group: list[Person], config: MatchConfig, gab: Matrix, gba: Matrix, rows: slice
) -> Matrix:
    """Pair scores of a block of rows against everyone (no hard constraint but roles)."""
    if config.mode == "peer":
        total = np.where(gab + gba > 0, gab + gba, 1.0)
        score = np.where((gab > 0) & (gba > 0), 2 * gab * gba / total, 0.0)
    else:
        role = np.array([p.role for p in group])
        w = config.weights
        a_mentors = (role[rows] != "mentee")[:, None] & (role != "mentor")[None, :]
        b_mentors = (role != "mentee")[None, :] & (role[rows] != "mentor")[:, None]
        one = np.where(a_mentors & (gab > 0), w.mentor * gab + w.reverse * gba, 0.0)
        two = np.where(b_mentors & (gba > 0), w.mentor * gba + w.reverse * gab, 0.0)
        score = np.maximum(one, two)
    index = np.arange(rows.start, rows.stop)
    score[np.arange(index.shape[0]), index] = 0.0
    return score


def _check_sample(group: list[Person], config: MatchConfig, score: Matrix, rows: slice) -> None:
    rng = np.random.default_rng(rows.start)
    for r, b in zip(
        rng.integers(0, score.shape[0], 20), rng.integers(0, len(group), 20), strict=True
    ):
        a = rows.start + int(r)
        expected = pair_score(group[a], group[int(b)], config)
        if frozenset((group[a].id, group[int(b)].id)) not in config.forbidden:
            assert abs(expected - score[r, b]) <= TOLERANCE * (1 + expected), (a, b)


def blocking_pairs(result: MatchResult, group: list[Person], config: MatchConfig) -> int:
    """Unmatched pairs over all people where each has room or a weaker partner (locks count)."""
    assert not any(p.languages or p.group or p.utc_offset_minutes is not None for p in group)
    n = len(group)
    index = {p.id: i for i, p in enumerate(group)}
    cap = np.array([p.capacity for p in group])
    load = np.zeros(n, dtype=np.int64)
    worst = np.full(n, np.inf)
    matched = set()
    for pair in result.pairs:
        a, b = index[pair.a], index[pair.b]
        matched.add((min(a, b), max(a, b)))
        for z in (a, b):
            load[z] += 1
            worst[z] = min(worst[z], pair.score)
    threshold = np.where(load < cap, 0.0, worst) + TOLERANCE
    forbidden = [sorted(index[i] for i in pair) for pair in config.forbidden]
    level, mult = _dense(group, config)
    count = 0
    for lo in range(0, n, BLOCK):
        rows = slice(lo, min(lo + BLOCK, n))
        score = _scores(group, config, *_gains(level, mult, rows), rows)
        _check_sample(group, config, score, rows)
        for a, b in forbidden + [[b, a] for a, b in forbidden]:
            if lo <= a < rows.stop:
                score[a - lo, b] = 0.0
        blocks = (score > threshold[rows, None]) & (score > threshold[None, :])
        blocks &= np.arange(n)[None, :] > np.arange(rows.start, rows.stop)[:, None]
        for a, b in zip(*np.nonzero(blocks), strict=True):
            count += (lo + int(a), int(b)) not in matched
    return count


def full_scores(group: list[Person], config: MatchConfig) -> Matrix:
    """Every pair's score as a dense n × n matrix (small n only; roles apply, no other rule)."""
    assert not any(p.languages or p.group or p.utc_offset_minutes is not None for p in group)
    rows = slice(0, len(group))
    level, mult = _dense(group, config)
    score = _scores(group, config, *_gains(level, mult, rows), rows)
    _check_sample(group, config, score, rows)
    return score


def partner_scores(group: list[Person], config: MatchConfig) -> NDArray[np.float32]:
    """Every pair's score (roles apply; forbidden pairs are left to the caller), n × n, in
    float32 to keep n = 6,000 within ~150 MB."""
    assert not any(p.languages or p.group or p.utc_offset_minutes is not None for p in group)
    n = len(group)
    level, mult = _dense(group, config)
    out = np.zeros((n, n), dtype=np.float32)
    for lo in range(0, n, BLOCK):
        rows = slice(lo, min(lo + BLOCK, n))
        score = _scores(group, config, *_gains(level, mult, rows), rows)
        _check_sample(group, config, score, rows)
        out[rows] = score
    return out
