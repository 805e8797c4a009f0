"""The engine's plain data: people in, pairs and reasons out.

Skills are canonical names (see :mod:`twoway.engine.skills`). A person's own level in a skill is
their teaching level in it (0 when they don't list it), so wanting what you already know as well as
your partner brings no gain.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

Mode = Literal["peer", "mentor-mentee"]
Objective = Literal["welfare", "stable"]
Role = Literal["either", "mentor", "mentee"]

MIN_LEVEL, MAX_LEVEL, DEFAULT_LEVEL = 1, 5, 3
MIN_PRIORITY, MAX_PRIORITY, DEFAULT_PRIORITY = 1, 3, 2


@dataclass(frozen=True, slots=True)
class Person:
    """One participant. ``teaches`` maps skill → level 1–5; ``learns`` maps skill → priority 1–3."""

    id: str
    teaches: Mapping[str, int]
    learns: Mapping[str, int]
    name: str = ""
    capacity: int = 1
    role: Role = "either"
    group: str = ""
    # Minutes east of UTC; None when unknown (then timezone never penalises).
    utc_offset_minutes: int | None = None
    languages: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Weights:
    """How the score is built. Defaults suit a peer program; programs may tune them."""

    # Multiplier on a priority-p want: priority 3 (high) counts three times priority 1.
    priority: tuple[float, float, float] = (1.0, 2.0, 3.0)
    # mentor–mentee mode: score = mentor·gain(mentor→mentee) + reverse·gain(mentee→mentor).
    mentor: float = 1.0
    reverse: float = 0.5
    # Soft timezone factor: the score is multiplied by 1 - timezone·(hours apart beyond the overlap
    # window)/12, floored at ``timezone_floor``.
    timezone: float = 0.5
    timezone_floor: float = 0.25


@dataclass(frozen=True, slots=True)
class MatchConfig:
    mode: Mode = "peer"
    objective: Objective = "welfare"
    weights: Weights = field(default_factory=Weights)
    exclude_same_group: bool = False
    require_shared_language: bool = True
    # Hours of working-day overlap wanted; pairs further apart are penalised (soft).
    min_overlap_hours: float = 4.0
    # Pairs (as frozensets of two ids) that may not be matched: blocked, existing or past.
    forbidden: frozenset[frozenset[str]] = frozenset()
    # Pairs that must be in the result (a program manager's locks); they use capacity first.
    locked: frozenset[frozenset[str]] = frozenset()
    # Candidates kept per person during candidate generation.
    top_k: int = 20
    seed: int = 0
    # Stable objective: prove (and repair until) no blocking pair over ALL pairs whatever the
    # size. Without it the proof runs up to stable.PROOF_LIMIT people; it is quadratic (about
    # 1 minute at 50,000 people on 2 cores, see docs/engine.md).
    prove_stable: bool = False


@dataclass(frozen=True, slots=True)
class SkillFlow:
    """One skill flowing from a teacher to a learner, with why it counts."""

    skill: str
    teacher_level: int
    learner_level: int
    priority: int


@dataclass(frozen=True, slots=True)
class Pair:
    a: str
    b: str
    score: float
    gain_ab: float
    gain_ba: float
    balance: float
    a_teaches_b: tuple[SkillFlow, ...]
    b_teaches_a: tuple[SkillFlow, ...]
    why: str
    locked: bool = False
    # The score on a 0–100 scale for people (see docs/engine.md, "Match percent").
    percent: float = 0.0
    # In mentor–mentee mode, the id of the side that mentors (a or b); empty in peer mode.
    mentor: str = ""


UnmatchedReason = Literal[
    "nobody_teaches_their_wants",
    "nobody_wants_their_skills",
    "no_two_way_partner",
    "constraints",
    "capacity",
    "traded_off",
]


@dataclass(frozen=True, slots=True)
class Unmatched:
    id: str
    reason: UnmatchedReason
    detail: str


@dataclass(slots=True)
class Summary:
    people: int = 0
    matched_people: int = 0
    # People with at least one partner they could be paired with (both ways, constraints
    # allowing), and the share of them matched: what "everyone who can be matched" means.
    matchable_people: int = 0
    coverage: float = 0.0
    pairs: int = 0
    matched_share: float = 0.0
    mean_score: float = 0.0
    mean_balance: float = 0.0
    total_weight: float = 0.0
    # A bound proven over ``bound_graph``: "full" (every pair of people) or "candidates" (the
    # pairs the run searched: candidates, pairs added from outside them, and the fill's).
    upper_bound: float = 0.0
    gap: float = 0.0
    # A bound over every pair of people, always: the same as upper_bound when bound_graph is
    # "full"; else a loose one from each person's best conceivable score (see match._loose_bound).
    all_pairs_bound: float = 0.0
    all_pairs_gap: float = 0.0
    # Unmatched pairs who would both rather be together. Counted over ``blocking_graph``:
    # "full" (every compatible pair; the stable objective, 0 unless a lock forces one) or
    # "candidates" (the candidate graph only; the welfare objective, and the stable one above
    # stable.PROOF_LIMIT people without prove_stable: the full-graph search would take hours).
    blocking_pairs: int = 0
    blocking_graph: str = ""
    candidate_edges: int = 0
    # Pairs from outside the candidate graph added to the graph solved: by the stable repair (to
    # make it stable on all pairs) or by welfare pricing (pairs with positive reduced cost).
    repair_edges: int = 0
    # Pairs added after the solve between people who both still had room (see engine.fill).
    filled_pairs: int = 0
    stage_seconds: dict[str, float] = field(default_factory=dict)
    # How the run was solved: "exact" (MIP optimum on the candidate graph), "lp-rounding",
    # "greedy+local-search" or "greedy" (stable objective).
    solver: str = ""
    # "exact" when every person's true top-k was found, "buckets" for the sampled index at scale.
    candidate_method: str = ""
    # What the upper bound is: "lp" (LP relaxation on the candidate graph) or "dual" (any dual
    # feasible point of that LP, improved by coordinate descent).
    bound_method: str = ""
    # Which pairs the bound covers: "full" (every pair of people: small runs, where pairs outside
    # the candidates are priced in, see pricing.py) or "candidates" (the candidate graph only).
    bound_graph: str = ""


@dataclass(slots=True)
class MatchResult:
    pairs: list[Pair]
    unmatched: list[Unmatched]
    summary: Summary
