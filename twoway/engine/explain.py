"""Explanations: what flows each way in a pair, in one line, and why someone stayed unmatched."""

from __future__ import annotations

from twoway.engine.model import MAX_PRIORITY, MIN_PRIORITY, MatchConfig, Pair, Person, SkillFlow
from twoway.engine.scoring import (
    balance,
    conflict,
    match_percent,
    mentor_side,
    priority_multiplier,
    weight_from_gains,
)

# Skills named per direction in the one-line explanation; the rest are counted.
WHY_SKILLS = 3


def flows(teacher: Person, learner: Person, config: MatchConfig) -> tuple[SkillFlow, ...]:
    """Skills the teacher can teach the learner, the most valuable first."""
    return flows_and_gain(teacher, learner, config)[0]


def flows_and_gain(
    teacher: Person, learner: Person, config: MatchConfig
) -> tuple[tuple[SkillFlow, ...], float]:
    """:func:`flows`, and the teacher's gain to the learner (:func:`scoring.gain`: the same sum,
    in the same order, so the same float)."""
    found = []
    total = 0.0
    weights = config.weights
    for skill, priority in learner.learns.items():
        level, own = teacher.teaches.get(skill, 0), learner.teaches.get(skill, 0)
        if level > own:
            value = priority_multiplier(priority, weights) * (level - own)
            total += value
            found.append((-value, skill, SkillFlow(skill, level, own, priority)))
    found.sort(key=lambda item: (item[0], item[1]))
    return tuple(item[2] for item in found), total


def _flow_words(flow: SkillFlow) -> str:
    note = ""
    if flow.priority >= MAX_PRIORITY:
        note = ", high priority"
    elif flow.priority <= MIN_PRIORITY:
        note = ", low priority"
    return f"{flow.skill} ({flow.teacher_level} vs {flow.learner_level}{note})"


def _direction(teacher: str, learner: str, items: tuple[SkillFlow, ...]) -> str:
    if not items:
        return f"{teacher} has nothing {learner} wants yet"
    named = ", ".join(_flow_words(f) for f in items[:WHY_SKILLS])
    more = len(items) - WHY_SKILLS
    return f"{teacher} teaches {learner} {named}" + (f" and {more} more" if more > 0 else "")


def label(person: Person) -> str:
    return person.name or person.id


def why(a: Person, b: Person, ab: tuple[SkillFlow, ...], ba: tuple[SkillFlow, ...]) -> str:
    """'A teaches B SQL (4 vs 1, high priority); B teaches A Figma (5 vs 0)'."""
    return f"{_direction(label(a), label(b), ab)}; {_direction(label(b), label(a), ba)}"


def explain_pair(a: Person, b: Person, config: MatchConfig, *, locked: bool = False) -> Pair:
    """Everything a person needs to judge a pair: flows both ways, score, balance, the why.

    Works for any two people. A hard constraint sets the score to 0 and is named in ``why``,
    unless the pair is locked (a program manager's decision stands).
    """
    ab, g_ab = flows_and_gain(a, b, config)
    ba, g_ba = flows_and_gain(b, a, config)
    reason = None if locked else conflict(a, b, config)
    score = 0.0 if reason else weight_from_gains(a, b, g_ab, g_ba, config)
    text = why(a, b, ab, ba) if reason is None else f"Can't be matched: {reason}."
    mentor = ""
    if config.mode == "mentor-mentee":
        side = mentor_side(a, b, config)
        mentor = side.id if side is not None else ""
    return Pair(
        a=a.id,
        b=b.id,
        score=score,
        gain_ab=g_ab,
        gain_ba=g_ba,
        balance=balance(g_ab, g_ba),
        a_teaches_b=ab,
        b_teaches_a=ba,
        why=text,
        locked=locked,
        percent=match_percent(score),
        mentor=mentor,
    )
