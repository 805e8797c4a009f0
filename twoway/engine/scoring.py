"""Scoring two people: directed gains, the pair score, compatibility and the match percent.

These are the readable reference functions on :class:`Person`. The solver scores millions of
pairs through the compiled twins in :mod:`twoway.engine.kernels`; tests check both agree.
"""

from __future__ import annotations

import math

from twoway.engine.model import MAX_PRIORITY, MIN_PRIORITY, MatchConfig, Person, Weights

# A working day: two people overlap by WORKDAY_HOURS minus the hours between their clocks.
WORKDAY_HOURS = 8.0
# Match percent = 100·(1 − exp(−score / PERCENT_SCALE)): one skill each way at a two-level step
# and normal priority (score 4) reads 55%, a strong multi-skill pair (score ≥ 12) reads above 90%.
PERCENT_SCALE = 5.0


def priority_multiplier(priority: int, weights: Weights) -> float:
    """The weight of a want of this priority (clamped to 1–3)."""
    clamped = min(max(priority, MIN_PRIORITY), MAX_PRIORITY)
    return weights.priority[clamped - 1]


def gain(a: Person, b: Person, weights: Weights) -> float:
    """What a can teach b: Σ over skills b wants of priority·(a's level − b's own level)⁺.

    b's own level in a skill is b's teaching level in it (0 when b doesn't teach it), so teaching
    b something b already knows as well brings nothing.
    """
    total = 0.0
    for skill, priority in b.learns.items():
        step = a.teaches.get(skill, 0) - b.teaches.get(skill, 0)
        if step > 0:
            total += priority_multiplier(priority, weights) * step
    return total


def harmonic(x: float, y: float) -> float:
    """The harmonic mean of two gains: near 0 whenever either is near 0."""
    return 2.0 * x * y / (x + y) if x > 0 and y > 0 else 0.0


def balance(gain_ab: float, gain_ba: float) -> float:
    """min/max of the two gains: 1 when learning flows evenly, 0 when it flows one way."""
    high = max(gain_ab, gain_ba)
    return min(gain_ab, gain_ba) / high if high > 0 else 0.0


def match_percent(score: float) -> float:
    """The score on a 0–100 scale for people, rounded to one decimal."""
    return round(100.0 * (1.0 - math.exp(-max(score, 0.0) / PERCENT_SCALE)), 1)


def timezone_factor(a: Person, b: Person, config: MatchConfig) -> float:
    """The soft timezone factor in [timezone_floor, 1]; 1 when either offset is unknown."""
    if a.utc_offset_minutes is None or b.utc_offset_minutes is None:
        return 1.0
    hours = abs(a.utc_offset_minutes - b.utc_offset_minutes) / 60.0 % 24.0
    hours = min(hours, 24.0 - hours)
    excess = hours - (WORKDAY_HOURS - config.min_overlap_hours)
    if excess <= 0:
        return 1.0
    weights = config.weights
    return max(weights.timezone_floor, 1.0 - weights.timezone * excess / 12.0)


def conflict(a: Person, b: Person, config: MatchConfig) -> str | None:
    """The hard constraint that keeps a and b apart, in words, or None when they may meet.

    People who list no languages are compatible with everyone: we don't know, so we don't refuse.
    """
    if a.id == b.id:
        return "the same person"
    if frozenset((a.id, b.id)) in config.forbidden:
        return "a blocked, current or past pair"
    if config.exclude_same_group and a.group and a.group == b.group:
        return f"both in group {a.group}"
    if (
        config.require_shared_language
        and a.languages
        and b.languages
        and not a.languages & b.languages
    ):
        return "no shared language"
    if config.mode == "mentor-mentee" and mentor_side(a, b, config) is None:
        return "roles don't fit (two mentors or two mentees)"
    return None


def can_mentor(mentor: Person, mentee: Person) -> bool:
    """Whether roles allow this orientation. "either" may take either side."""
    return mentor.role != "mentee" and mentee.role != "mentor"


def oriented_score(mentor: Person, mentee: Person, weights: Weights) -> float:
    """mentor·gain(mentor→mentee) + reverse·gain(mentee→mentor); 0 unless the mentor teaches."""
    forward = gain(mentor, mentee, weights)
    return _oriented(forward, gain(mentee, mentor, weights) if forward > 0 else 0.0, weights)


def _oriented(forward: float, back: float, weights: Weights) -> float:
    """The oriented score from its two gains: 0 unless the mentor teaches something."""
    return weights.mentor * forward + weights.reverse * back if forward > 0 else 0.0


def mentor_side(a: Person, b: Person, config: MatchConfig) -> Person | None:
    """Who mentors in this pair: the allowed orientation with the higher score (a on ties).

    None when roles don't allow either orientation. Used in mentor–mentee mode only.
    """
    options = [(m, e) for m, e in ((a, b), (b, a)) if can_mentor(m, e)]
    if not options:
        return None
    best = max(options, key=lambda pair: oriented_score(pair[0], pair[1], config.weights))
    return best[0]


def raw_score(a: Person, b: Person, config: MatchConfig) -> float:
    """The pair's score before the timezone factor, ignoring hard constraints."""
    weights = config.weights
    return score_from_gains(a, b, gain(a, b, weights), gain(b, a, weights), config)


def score_from_gains(a: Person, b: Person, g_ab: float, g_ba: float, config: MatchConfig) -> float:
    """:func:`raw_score` from the two directed gains, when the caller has them already."""
    if config.mode == "peer":
        return harmonic(g_ab, g_ba)
    scores = [
        _oriented(forward, back, config.weights)
        for mentor, mentee, forward, back in ((a, b, g_ab, g_ba), (b, a, g_ba, g_ab))
        if can_mentor(mentor, mentee)
    ]
    return max(scores, default=0.0)


def weight_from_gains(a: Person, b: Person, g_ab: float, g_ba: float, config: MatchConfig) -> float:
    """The pair's score with the timezone factor, from the two gains (hard constraints apart)."""
    raw = score_from_gains(a, b, g_ab, g_ba, config)
    return raw * timezone_factor(a, b, config) if raw > 0 else 0.0


def pair_score(a: Person, b: Person, config: MatchConfig) -> float:
    """The pair's weight in the matching: 0 when a hard constraint keeps them apart.

    Peer mode: the harmonic mean of the two gains. Mentor–mentee mode: the better allowed
    orientation of mentor·gain(mentor→mentee) + reverse·gain(mentee→mentor). Both are then
    multiplied by the timezone factor.
    """
    if conflict(a, b, config) is not None:
        return 0.0
    return raw_score(a, b, config) * timezone_factor(a, b, config)
