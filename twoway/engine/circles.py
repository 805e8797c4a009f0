"""The engine's ``circles`` mode: small peer groups in which everyone learns and everyone teaches.

A circle holds ``size_min``–``size_max`` people (3–6 by default). Inside it every member can learn
something from someone else in the circle (positive ``gain`` in) and can teach someone in it
(positive ``gain`` out), and every pair inside it passes the hard constraints of
:func:`twoway.engine.scoring.conflict` (shared language, same group when excluded, forbidden
pairs). Roles are ignored: a circle is peer learning, so the config is read in peer mode.

Capacity: a person is in at most one circle per run; a capacity of 0 keeps them out.

Algorithm (never an n×n matrix):

1. **candidates**: for each person, the people who can teach one of their wants above their own
   level and the people who want one of their skills, a window of at most ``PER_SKILL`` per skill,
   placed by the person's seeded rank so that popular teachers aren't proposed to everyone.
2. **seeding**: the hardest people first (fewest candidates, seeded ties), each seeds a circle
   grown greedily from its members' candidates: the next member is the one that covers the most
   members still missing a teacher or a learner, then the most gain with the circle. Growth stops
   once everyone is covered and the circle reaches ``target_size``, or at ``size_max``. A circle
   that can't cover everyone drops its uncovered members; if it is still too small it dissolves.
3. **repair**: everyone left is offered a seat in a circle with room in which they learn and teach
   (adding a member never uncovers anyone).

Deterministic for a seed: the seed only orders ties.
"""

from __future__ import annotations

import heapq
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import numpy as np

from twoway.engine.explain import flows, label
from twoway.engine.model import (
    MAX_LEVEL,
    MIN_LEVEL,
    MatchConfig,
    Person,
    SkillFlow,
    Unmatched,
    Weights,
)
from twoway.engine.scoring import (
    balance,
    conflict,
    gain,
    harmonic,
    match_percent,
    priority_multiplier,
    timezone_factor,
)

# Candidates read per skill and direction; the window keeps the index linear in n.
PER_SKILL = 8
# Pool members fully evaluated at each growth step (best by quick score first).
SHORTLIST = 16
# Flows named per direction in a member's explanation.
WHY_FLOWS = 2


@dataclass(frozen=True, slots=True)
class CircleFlow:
    """One skill flowing from one member to another inside a circle."""

    teacher: str
    learner: str
    skill: str
    teacher_level: int
    learner_level: int
    priority: int


@dataclass(frozen=True, slots=True)
class CircleMember:
    """One member's place in a circle: what they learn, what they teach, in one line."""

    id: str
    gain_in: float
    gain_out: float
    learns: tuple[CircleFlow, ...]
    teaches: tuple[CircleFlow, ...]
    why: str


@dataclass(frozen=True, slots=True)
class Circle:
    """A formed circle. ``score`` = Σ over members of harmonic(best gain in, best gain out)."""

    members: tuple[str, ...]
    score: float
    percent: float
    balance: float
    roles: tuple[CircleMember, ...]

    @property
    def why(self) -> str:
        return " ".join(role.why for role in self.roles)


@dataclass(slots=True)
class CircleSummary:
    people: int = 0
    circled_people: int = 0
    circles: int = 0
    circled_share: float = 0.0
    mean_size: float = 0.0
    mean_score: float = 0.0
    mean_balance: float = 0.0
    seconds: float = 0.0


@dataclass(slots=True)
class CircleResult:
    circles: list[Circle]
    unmatched: list[Unmatched]
    summary: CircleSummary = field(default_factory=CircleSummary)


@dataclass(frozen=True, slots=True)
class Sizes:
    size_min: int
    size_max: int
    target: int


def check_circles(
    result: CircleResult,
    people: Sequence[Person],
    config: MatchConfig,
    *,
    size_min: int = 3,
    size_max: int = 6,
) -> list[str]:
    """Every broken guarantee, in words (empty when the result is valid)."""
    by_id = {p.id: p for p in people}
    peer = _peer(config)
    problems, seen = [], set()
    for circle in result.circles:
        if not size_min <= len(circle.members) <= size_max:
            problems.append(f"circle {circle.members} has {len(circle.members)} members")
        group = [by_id[pid] for pid in circle.members]
        for person in group:
            if person.id in seen:
                problems.append(f"{person.id} is in two circles")
            seen.add(person.id)
            if person.capacity <= 0:
                problems.append(f"{person.id} has capacity 0")
        problems += [f"{circle.members}: {m}" for m in _coverage_problems(group, peer)]
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                reason = conflict(a, b, peer)
                if reason:
                    problems.append(f"{a.id} and {b.id}: {reason}")
    left = {u.id for u in result.unmatched}
    problems += [f"{p.id} is lost" for p in people if p.id not in seen and p.id not in left]
    return problems


def _coverage_problems(group: Sequence[Person], config: MatchConfig) -> list[str]:
    out = []
    for person in group:
        others = [o for o in group if o.id != person.id]
        if not any(gain(o, person, config.weights) > 0 for o in others):
            out.append(f"{person.id} learns nothing")
        if not any(gain(person, o, config.weights) > 0 for o in others):
            out.append(f"{person.id} teaches nothing")
    return out


def _peer(config: MatchConfig) -> MatchConfig:
    return config if config.mode == "peer" else replace(config, mode="peer")


def _sizes(size_min: int, size_max: int, target: int) -> Sizes:
    if not 2 <= size_min <= size_max:
        raise ValueError(
            f"Circle sizes must satisfy 2 ≤ size_min ≤ size_max; got {size_min}–{size_max}."
        )
    return Sizes(size_min, size_max, min(max(target, size_min), size_max))


def form_circles(
    people: Sequence[Person],
    config: MatchConfig = MatchConfig(),  # noqa: B008 - frozen, so a shared default is safe
    *,
    size_min: int = 3,
    size_max: int = 6,
    target_size: int = 4,
    seed: int | None = None,
) -> CircleResult:
    """Group people into circles where everyone learns from someone and teaches someone.

    ``seed`` defaults to ``config.seed``. The same input and seed give the same circles. Raises
    ValueError on repeated ids or impossible sizes. See the module docstring for the algorithm.
    """
    started = time.perf_counter()
    sizes = _sizes(size_min, size_max, target_size)
    ids = [p.id for p in people]
    if len(set(ids)) != len(ids):
        raise ValueError("Every person needs a unique id; some ids repeat.")
    former = _Former(people, _peer(config), sizes, config.seed if seed is None else seed)
    groups = former.run()
    circles = [describe_circle([people[i] for i in g], former.config) for g in groups]
    unmatched = [former.reason(i) for i in range(len(people)) if former.circle_of[i] < 0]
    summary = _summary(len(people), circles)
    summary.seconds = time.perf_counter() - started
    return CircleResult(circles=circles, unmatched=unmatched, summary=summary)


class _Former:
    """The working state of one run: candidates, assignments and the circles being grown."""

    def __init__(
        self, people: Sequence[Person], config: MatchConfig, sizes: Sizes, seed: int
    ) -> None:
        self.people = people
        self.config = config
        self.sizes = sizes
        n = len(people)
        self.rank = np.random.default_rng(seed).permutation(n).tolist()
        self.circle_of = [-1] * n
        self.groups: list[list[int]] = []
        self.near: dict[int, dict[int, float]] = {}
        self.teachers_of, self.learners_of = _candidates(people, self.rank, config.weights)

    def run(self) -> list[list[int]]:
        n = len(self.people)
        order = sorted(
            range(n),
            key=lambda i: (len(self.teachers_of[i]) + len(self.learners_of[i]), self.rank[i]),
        )
        for i in order:
            if self.circle_of[i] < 0 and self._open(i):
                group = self._grow(i)
                if group:
                    self._keep(group)
        for i in order:
            if self.circle_of[i] < 0 and self._open(i):
                self._seat(i)
        return [sorted(g, key=lambda i: self.people[i].id) for g in self.groups]

    def _open(self, i: int) -> bool:
        return (
            self.people[i].capacity > 0 and bool(self.teachers_of[i]) and bool(self.learners_of[i])
        )

    def _keep(self, group: list[int]) -> None:
        for i in group:
            self.circle_of[i] = len(self.groups)
        self.groups.append(group)

    def _neighbours(self, i: int) -> dict[int, float]:
        """Candidates around i with the gain each way (what the index read); cached."""
        cached = self.near.get(i)
        if cached is not None:
            return cached
        out: dict[int, float] = defaultdict(float)
        for j, g in self.teachers_of[i].items():
            out[j] += g
        for j, g in self.learners_of[i].items():
            out[j] += g
        self.near[i] = out
        return out

    def _grow(self, seed: int) -> list[int] | None:
        members = [seed]
        pool: dict[int, float] = defaultdict(float)
        self._absorb(pool, seed, members)
        while len(members) < self.sizes.size_max:
            needs = self._needs(members)
            if not needs and len(members) >= self.sizes.target:
                break
            pick = self._pick(pool, members, needs)
            if pick is None:
                break
            members.append(pick)
            self._absorb(pool, pick, members)
        return self._settle(members)

    def _absorb(self, pool: dict[int, float], new: int, members: list[int]) -> None:
        pool.pop(new, None)
        for j, g in self._neighbours(new).items():
            if j not in members and self.circle_of[j] < 0 and self.people[j].capacity > 0:
                pool[j] += g

    def _needs(self, members: list[int]) -> list[tuple[int, str]]:
        """Members still missing a teacher ("in") or a learner ("out") inside the circle."""
        w = self.config.weights
        out = []
        for m in members:
            pm, others = self.people[m], [self.people[o] for o in members if o != m]
            if not any(gain(o, pm, w) > 0 for o in others):
                out.append((m, "in"))
            if not any(gain(pm, o, w) > 0 for o in others):
                out.append((m, "out"))
        return out

    def _fits(self, x: int, members: list[int]) -> bool:
        px = self.people[x]
        return all(conflict(px, self.people[m], self.config) is None for m in members)

    def _pick(
        self, pool: dict[int, float], members: list[int], needs: list[tuple[int, str]]
    ) -> int | None:
        """The best compatible newcomer: covers the most open needs, then brings the most gain."""
        w = self.config.weights
        shortlist = heapq.nsmallest(SHORTLIST, pool, key=lambda j: (-pool[j], self.rank[j]))
        best: tuple[int, float, int] | None = None
        chosen = None
        for x in shortlist:
            if self.circle_of[x] >= 0 or not self._fits(x, members):
                continue
            px = self.people[x]
            fixed = sum(
                1
                for m, side in needs
                if (gain(px, self.people[m], w) if side == "in" else gain(self.people[m], px, w))
                > 0
            )
            factor = min(timezone_factor(px, self.people[m], self.config) for m in members)
            key = (fixed, pool[x] * factor, -self.rank[x])
            if best is None or key > best:
                best, chosen = key, x
        return chosen

    def _settle(self, members: list[int]) -> list[int] | None:
        """Drop uncovered members (never the seed) until everyone is covered, or give up."""
        seed = members[0]
        while True:
            needs = self._needs(members)
            if not needs:
                return members if len(members) >= self.sizes.size_min else None
            if any(m == seed for m, _ in needs):
                return None
            dropping = {m for m, _ in needs}
            members = [m for m in members if m not in dropping]
            if len(members) < self.sizes.size_min:
                return None

    def _seat(self, i: int) -> None:
        """Put a leftover person into the best circle with room where they learn and teach."""
        w, pi = self.config.weights, self.people[i]
        best: tuple[float, int] | None = None
        for c in sorted({self.circle_of[j] for j in self._neighbours(i) if self.circle_of[j] >= 0}):
            group = self.groups[c]
            if len(group) >= self.sizes.size_max or not self._fits(i, group):
                continue
            g_in = max(gain(self.people[m], pi, w) for m in group)
            g_out = max(gain(pi, self.people[m], w) for m in group)
            value = harmonic(g_in, g_out)
            if value > 0 and (best is None or value > best[0]):
                best = (value, c)
        if best is not None:
            self.groups[best[1]].append(i)
            self.circle_of[i] = best[1]

    def reason(self, i: int) -> Unmatched:
        """Why person i is in no circle, the most basic reason first."""
        pid = self.people[i].id
        if self.people[i].capacity <= 0:
            return Unmatched(pid, "capacity", "Their capacity is 0, so they join no circle.")
        if not self.teachers_of[i]:
            return Unmatched(
                pid,
                "nobody_teaches_their_wants",
                "Nobody here teaches what they want to learn above their own level yet.",
            )
        if not self.learners_of[i]:
            return Unmatched(
                pid, "nobody_wants_their_skills", "Nobody here wants to learn what they teach yet."
            )
        near = self._neighbours(i)
        if all(conflict(self.people[i], self.people[j], self.config) for j in near):
            return Unmatched(
                pid,
                "constraints",
                "Everyone who fits is ruled out by a constraint (language, group or a blocked "
                "pair).",
            )
        return Unmatched(
            pid,
            "no_two_way_partner",
            f"No circle of {self.sizes.size_min}–{self.sizes.size_max} could be formed in which "
            "they and everyone else both learn and teach.",
        )


def _window(items: list[int], start: int, size: int, skip: int) -> list[int]:
    """``size`` items from ``start`` on (wrapping), leaving out ``skip``."""
    if len(items) <= size + 1:
        return [j for j in items if j != skip][:size]
    picked = (items[(start + k) % len(items)] for k in range(size + 1))
    return [j for j in picked if j != skip][:size]


def _by_level(
    people: Sequence[Person], rank: list[int]
) -> tuple[dict[tuple[str, int], list[int]], dict[tuple[str, int], list[int]]]:
    """(skill, L) → teachers at level ≥ L, and (skill, L) → learners whose own level is < L.

    Each list is in seeded rank order; five lists per skill keep every lookup a slice, not a scan.
    """
    teach: dict[tuple[str, int], list[int]] = defaultdict(list)
    want: dict[tuple[str, int], list[int]] = defaultdict(list)
    for i in sorted(range(len(people)), key=lambda i: rank[i]):
        p = people[i]
        for s, level in p.teaches.items():
            for floor in range(MIN_LEVEL, min(level, MAX_LEVEL) + 1):
                teach[(s, floor)].append(i)
        for s in p.learns:
            own = p.teaches.get(s, 0)
            for ceiling in range(max(own + 1, MIN_LEVEL), MAX_LEVEL + 1):
                want[(s, ceiling)].append(i)
    return teach, want


def _candidates(
    people: Sequence[Person], rank: list[int], weights: Weights
) -> tuple[list[dict[int, float]], list[dict[int, float]]]:
    """For each person: who can teach them (with that gain) and who they can teach.

    Each person reads, per skill, a window of ``PER_SKILL`` entries placed by its seeded rank, so
    equally good partners are spread over everyone. Cost: n × skills × PER_SKILL.
    """
    teach, want = _by_level(people, rank)
    n = len(people)
    teachers_of: list[dict[int, float]] = [{} for _ in range(n)]
    learners_of: list[dict[int, float]] = [{} for _ in range(n)]
    for i, p in enumerate(people):
        for s, priority in p.learns.items():
            own = p.teaches.get(s, 0)
            if own >= MAX_LEVEL:
                continue
            for j in _window(teach.get((s, own + 1), []), rank[i], PER_SKILL, i):
                value = (people[j].teaches[s] - own) * priority_multiplier(priority, weights)
                teachers_of[i][j] = teachers_of[i].get(j, 0.0) + value
                learners_of[j].setdefault(i, value)
        for s, level in p.teaches.items():
            for j in _window(want.get((s, min(level, MAX_LEVEL)), []), rank[i], PER_SKILL, i):
                step = level - people[j].teaches.get(s, 0)
                value = step * priority_multiplier(people[j].learns[s], weights)
                learners_of[i][j] = learners_of[i].get(j, 0.0) + value
                teachers_of[j].setdefault(i, value)
    return teachers_of, learners_of


def _member(person: Person, group: Sequence[Person], config: MatchConfig) -> CircleMember:
    learns, teaches = [], []
    g_in = g_out = 0.0
    for other in group:
        if other.id == person.id:
            continue
        learns += [_flow(other, person, f) for f in flows(other, person, config)]
        teaches += [_flow(person, other, f) for f in flows(person, other, config)]
        g_in += gain(other, person, config.weights)
        g_out += gain(person, other, config.weights)
    learns.sort(key=lambda f: (-_value(f, config), f.skill, f.teacher))
    teaches.sort(key=lambda f: (-_value(f, config), f.skill, f.learner))
    return CircleMember(
        id=person.id,
        gain_in=g_in,
        gain_out=g_out,
        learns=tuple(learns),
        teaches=tuple(teaches),
        why=_member_why(person, group, learns, teaches),
    )


def _flow(teacher: Person, learner: Person, f: SkillFlow) -> CircleFlow:
    return CircleFlow(teacher.id, learner.id, f.skill, f.teacher_level, f.learner_level, f.priority)


def _value(flow: CircleFlow, config: MatchConfig) -> float:
    step = flow.teacher_level - flow.learner_level
    return priority_multiplier(flow.priority, config.weights) * step


def _member_why(
    person: Person, group: Sequence[Person], learns: list[CircleFlow], teaches: list[CircleFlow]
) -> str:
    """'Ana learns Figma from Sam; teaches SQL to Lee.'"""
    names = {p.id: label(p) for p in group}
    got = ", ".join(f"{f.skill} from {names[f.teacher]}" for f in _distinct(learns, "teacher"))
    gave = ", ".join(f"{f.skill} to {names[f.learner]}" for f in _distinct(teaches, "learner"))
    return f"{label(person)} learns {got or 'nothing yet'}; teaches {gave or 'nothing yet'}."


def _distinct(items: list[CircleFlow], who: str) -> list[CircleFlow]:
    """The best flow per other member, the most valuable first, at most WHY_FLOWS."""
    seen, out = set(), []
    for f in items:
        other = getattr(f, who)
        if other not in seen:
            seen.add(other)
            out.append(f)
    return out[:WHY_FLOWS]


def describe_circle(group: Sequence[Person], config: MatchConfig) -> Circle:
    """Score, balance and explanations for any group of people (formed or proposed by hand).

    score = Σ over members of harmonic(best gain in, best gain out), times the weakest pair's
    timezone factor; balance = the mean over members of balance(total gain in, total gain out).
    """
    peer = _peer(config)
    roles = tuple(_member(p, group, peer) for p in group)
    w = peer.weights
    total = 0.0
    for p in group:
        others = [o for o in group if o.id != p.id]
        best_in = max((gain(o, p, w) for o in others), default=0.0)
        best_out = max((gain(p, o, w) for o in others), default=0.0)
        total += harmonic(best_in, best_out)
    factor = min(
        (timezone_factor(a, b, peer) for i, a in enumerate(group) for b in group[i + 1 :]),
        default=1.0,
    )
    score = total * factor
    mean = score / len(group) if group else 0.0
    bal = float(np.mean([balance(r.gain_in, r.gain_out) for r in roles])) if roles else 0.0
    return Circle(
        members=tuple(p.id for p in group),
        score=score,
        percent=match_percent(mean),
        balance=bal,
        roles=roles,
    )


def _summary(people: int, circles: list[Circle]) -> CircleSummary:
    circled = sum(len(c.members) for c in circles)
    count = len(circles)
    return CircleSummary(
        people=people,
        circled_people=circled,
        circles=count,
        circled_share=circled / people if people else 0.0,
        mean_size=circled / count if count else 0.0,
        mean_score=sum(c.score for c in circles) / count if count else 0.0,
        mean_balance=sum(c.balance for c in circles) / count if count else 0.0,
    )
