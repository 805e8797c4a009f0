"""Why someone is left without a partner, in plain words."""

from __future__ import annotations

from twoway.engine.model import MatchConfig, Unmatched
from twoway.engine.population import ROLE_CODES, Population

ROLES = {code: name for name, code in ROLE_CODES.items()}


def _someone_teaches_a_want(pop: Population, p: int) -> bool:
    """Whether anyone else teaches one of p's wants above p's own level."""
    for j in range(pop.want_skill.shape[1]):
        s = int(pop.want_skill[p, j])
        if s < 0:
            break
        for q in range(int(pop.teachers_ptr[s]), int(pop.teachers_ptr[s + 1])):
            if int(pop.teachers_level[q]) <= int(pop.want_own[p, j]):
                break  # sorted by level: nobody further down teaches above p
            if int(pop.teachers[q]) != p:
                return True
    return False


def _someone_wants_a_skill(pop: Population, p: int) -> bool:
    """Whether anyone else wants one of p's skills and knows it less well than p."""
    for i in range(pop.teach_skill.shape[1]):
        s = int(pop.teach_skill[p, i])
        if s < 0:
            break
        level = int(pop.teach_level[p, i])
        for q in range(int(pop.learners_ptr[s]), int(pop.learners_ptr[s + 1])):
            if int(pop.learners[q]) != p and int(pop.learners_own[q]) < level:
                return True
    return False


DETAILS = {
    "constraints": (
        "Everyone who fits is ruled out by a constraint (language, group or a blocked pair)."
    ),
    "capacity": "Everyone who fits them is already taken by partners they score at least as high.",
    "taken": "Everyone who fits them already has as many partners as they can take.",
    "traded_off": (
        "Everyone who fits them is taken. Some would score them higher than a partner they have, "
        "but pairing them would break a pair worth more to the group."
    ),
}


def unmatched_reason(pop: Population, p: int, kind: str, config: MatchConfig) -> Unmatched:
    """The first reason that applies, from the most basic (skills) to the last (taken).

    ``kind`` is what the scan over all of p's possible partners saw (see :mod:`fill`).
    """
    pid = pop.ids[p]
    if pop.capacity[p] <= 0:
        return Unmatched(pid, "capacity", "Their capacity is 0, so they take no partner.")
    taught, wanted = _someone_teaches_a_want(pop, p), _someone_wants_a_skill(pop, p)
    # Peer partners need both; in mentor–mentee mode a mentor needs only a learner, a mentee
    # only a teacher, and someone who may take either side needs one of the two.
    role = ROLES[int(pop.role[p])] if config.mode == "mentor-mentee" else "peer"
    if not taught and (role in ("peer", "mentee") or (role == "either" and not wanted)):
        return Unmatched(
            pid,
            "nobody_teaches_their_wants",
            "Nobody here teaches what they want to learn above their own level yet.",
        )
    if not wanted and role in ("peer", "mentor"):
        return Unmatched(
            pid, "nobody_wants_their_skills", "Nobody here wants to learn what they teach yet."
        )
    if kind == "no_two_way_partner":
        detail = (
            "No mentor or mentee here fits their role and skills."
            if config.mode == "mentor-mentee"
            else "Nobody who teaches what they want also wants what they teach."
        )
        return Unmatched(pid, "no_two_way_partner", detail)
    return Unmatched(pid, kind, DETAILS[kind])  # type: ignore[arg-type]
