"""A member's support network, read from partnerships and circles (nothing here is stored).

Two members are **connected** when they share a partnership (any status: active, completed or
ended early), or a circle in which both hold a seat now, or a circle meeting held while both
held seats (it is over, and it lies wholly inside both seats' joined_at..left_at). Leaving a
circle keeps only the people you met; joining and leaving an open circle connects you to nobody.
My network is everyone within two steps.

**Visibility.** Each member chooses "my connections" (default) or "only me". The edge between u
and v is visible to a viewer when the viewer is u or v, or when neither u nor v chose "only me".
So a member who chose "only me" still sees their own connections, appears in the networks of the
people they are directly connected to, but is never traversed: their connections stay hidden from
everyone else. Someone else's network page is shown only to its owner's direct connections, and
only when the owner chose "my connections"; anyone else gets 404.

**What flowed.** Each edge says, for each direction, which skills moved and how many learning
entries record it: partnership learning entries ("learned" by the learner, "shared" by the
teacher), goals (the owner learns from the partner), the request's focus (what the sender wanted
to learn and teach), and circle learning entries (author learned from a named member).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext

from twoway.network.models import CircleLearning, CircleMeeting, Membership, NetworkSettings
from twoway.partnerships.models import Goal, LearningEntry, Partnership, Request
from twoway.people.models import Profile

MAX_DEPTH = 2
Pair = tuple[int, int]


def pair(a: int, b: int) -> Pair:
    return (a, b) if a < b else (b, a)


@dataclass
class Flow:
    """What flowed one way along an edge: skills (most often first) and learning entries."""

    skills: Counter[str] = field(default_factory=Counter)
    entries: int = 0

    def skill_names(self) -> list[str]:
        return [name for name, _ in sorted(self.skills.items(), key=lambda kv: (-kv[1], kv[0]))]


@dataclass
class Edge:
    a: int
    b: int
    kinds: set[str] = field(default_factory=set)
    active: bool = False
    partnerships: list[int] = field(default_factory=list)
    circles: list[int] = field(default_factory=list)
    a_to_b: Flow = field(default_factory=Flow)
    b_to_a: Flow = field(default_factory=Flow)

    def flow(self, teacher: int, learner: int) -> Flow | None:
        if (teacher, learner) == (self.a, self.b):
            return self.a_to_b
        if (teacher, learner) == (self.b, self.a):
            return self.b_to_a
        return None


@dataclass
class Node:
    user_id: int
    handle: str
    name: str
    headline: str
    distance: int
    teaches: list[tuple[str, int]]


@dataclass
class Network:
    owner: int
    nodes: dict[int, Node]
    edges: dict[Pair, Edge]

    def neighbours(self, user_id: int) -> list[int]:
        return sorted(
            (e.b if e.a == user_id else e.a) for e in self.edges.values() if user_id in (e.a, e.b)
        )

    def vias(self, target: int) -> list[Node]:
        """The direct connections through whom a two-step member is reached, by name."""
        found = [
            self.nodes[n]
            for n in self.neighbours(target)
            if n in self.nodes and self.nodes[n].distance == 1
        ]
        return sorted(found, key=lambda n: (n.name, n.user_id))

    def ordered_nodes(self) -> list[Node]:
        return sorted(self.nodes.values(), key=lambda n: (n.distance, n.name, n.user_id))


def private_members(user_ids: Iterable[int]) -> set[int]:
    """Who among these chose "only me"."""
    return set(
        NetworkSettings.objects.filter(
            user_id__in=list(user_ids), visibility=NetworkSettings.Visibility.ME
        ).values_list("user_id", flat=True)
    )


def _links(user_ids: set[int]) -> dict[Pair, Edge]:
    """Every edge with at least one end in ``user_ids``."""
    edges: dict[Pair, Edge] = {}
    rows = Partnership.objects.filter(
        Q(member_low_id__in=user_ids) | Q(member_high_id__in=user_ids)
    ).values_list("id", "member_low_id", "member_high_id", "status")
    for pid, low, high, status in rows:
        edge = edges.setdefault((low, high), Edge(low, high))
        edge.kinds.add("partnership")
        edge.partnerships.append(pid)
        edge.active = edge.active or status == Partnership.Status.ACTIVE
    for (u, v), circle_ids in _circle_pairs(user_ids).items():
        edge = edges.setdefault((u, v), Edge(u, v))
        edge.kinds.add("circle")
        edge.circles.extend(sorted(circle_ids))
    return edges


@dataclass(frozen=True)
class Seat:
    user_id: int
    joined_at: datetime
    left_at: datetime | None

    def spans(self, meeting: tuple[datetime, datetime]) -> bool:
        starts, ends = meeting
        return self.joined_at <= starts and (self.left_at is None or ends <= self.left_at)


def _circle_pairs(user_ids: set[int]) -> dict[Pair, set[int]]:
    """Pairs linked by a circle, with at least one end in ``user_ids``: both seated now, or both
    seated from start to end of a meeting that is over. A seat alone, once left, links nobody."""
    mine = Membership.objects.filter(user_id__in=user_ids).values("circle_id")
    seats: dict[int, list[Seat]] = defaultdict(list)
    for circle_id, user_id, joined_at, left_at in Membership.objects.filter(
        circle_id__in=mine
    ).values_list("circle_id", "user_id", "joined_at", "left_at"):
        seats[circle_id].append(Seat(user_id, joined_at, left_at))
    met = _meetings_held({c for c, group in seats.items() if any(s.left_at for s in group)})
    found: dict[Pair, set[int]] = defaultdict(set)
    for circle_id, circle_seats in seats.items():
        groups = [{s.user_id for s in circle_seats if s.left_at is None}]
        groups += [{s.user_id for s in circle_seats if s.spans(m)} for m in met[circle_id]]
        for group in groups:
            for u in group & user_ids:
                for v in group - {u}:
                    found[pair(u, v)].add(circle_id)
    return found


def _meetings_held(circle_ids: set[int]) -> dict[int, list[tuple[datetime, datetime]]]:
    """Each circle's meetings that are over, as (start, end). Only circles with a past seat need
    them: while everyone is still seated, the seats alone link them."""
    met: dict[int, list[tuple[datetime, datetime]]] = defaultdict(list)
    if not circle_ids:
        return met
    now = timezone.now()
    for circle_id, starts, minutes in CircleMeeting.objects.filter(
        circle_id__in=circle_ids, starts_at__lte=now
    ).values_list("circle_id", "starts_at", "duration_minutes"):
        ends = starts + timedelta(minutes=minutes)
        if ends <= now:
            met[circle_id].append((starts, ends))
    return met


def _visible(edge: Edge, viewer: int, private: set[int]) -> bool:
    return viewer in (edge.a, edge.b) or not ({edge.a, edge.b} & private)


def _expand(
    frontier: set[int], seen: dict[int, int], viewer: int, distance: int
) -> tuple[set[int], dict[Pair, Edge]]:
    """One BFS step: the visible edges around ``frontier`` and the new people they reach."""
    found = _links(frontier)
    private = private_members({u for key in found for u in key})
    kept = {k: e for k, e in found.items() if _visible(e, viewer, private)}
    reached = set()
    for e in kept.values():
        for u in (e.a, e.b):
            if u not in seen:
                seen[u] = distance
                reached.add(u)
    return reached, kept


def is_connected(a: int, b: int) -> bool:
    """Whether two members share a partnership, a circle now, or a circle meeting they both had."""
    return pair(a, b) in _links({a})


def can_view(*, owner: int, viewer: int) -> bool:
    """Owners see their own network; direct connections see it unless the owner chose "me"."""
    if owner == viewer:
        return True
    if owner in private_members([owner]):
        return False
    return is_connected(owner, viewer)


def network_of(*, owner: Any, viewer: Any, depth: int = MAX_DEPTH) -> Network:
    """``owner``'s network as ``viewer`` may see it, up to ``depth`` (1 or 2) steps.

    Raises Http404 when the viewer may not see it: we never confirm who is connected to whom.
    """
    if not can_view(owner=owner.pk, viewer=viewer.pk):
        raise Http404(gettext("This network is not shared with you."))
    depth = min(max(depth, 1), MAX_DEPTH)
    seen = {owner.pk: 0}
    frontier, edges = {owner.pk}, {}
    for distance in range(1, depth + 1):
        frontier, kept = _expand(frontier, seen, viewer.pk, distance)
        edges.update(kept)
    edges = {k: e for k, e in edges.items() if e.a in seen and e.b in seen}
    _add_flows(edges)
    return Network(owner=owner.pk, nodes=_nodes(seen), edges=edges)


def _nodes(seen: dict[int, int]) -> dict[int, Node]:
    profiles = Profile.objects.filter(user_id__in=list(seen)).with_skills()
    return {
        p.user_id: Node(
            user_id=p.user_id,
            handle=p.handle,
            name=p.display_name,
            headline=p.headline,
            distance=seen[p.user_id],
            teaches=[(t.skill.name, t.level) for t in p.teaches.all()],
        )
        for p in profiles
    }


def _add_flows(edges: dict[Pair, Edge]) -> None:
    """Fill each edge's two flows from the partnerships' and circles' records."""
    by_partnership = {pid: e for e in edges.values() for pid in e.partnerships}
    _entries(by_partnership)
    _goals_and_focus(by_partnership)
    circles = {c for e in edges.values() for c in e.circles}
    rows = CircleLearning.objects.filter(circle_id__in=circles).values_list(
        "id", "author_id", "learned_from_id", "skills__name"
    )
    counted: set[int] = set()
    for entry_id, author, teacher, skill in rows:
        edge = edges.get(pair(author, teacher))
        flow = edge.flow(teacher, author) if edge else None
        if flow is not None:
            _count(flow, entry_id, skill, counted)


def _count(flow: Flow, entry_id: int, skill: str | None, counted: set[int]) -> None:
    if entry_id not in counted:
        counted.add(entry_id)
        flow.entries += 1
    if skill:
        flow.skills[skill] += 1


def _other(edge: Edge, user_id: int) -> int:
    return edge.b if user_id == edge.a else edge.a


def _entries(by_partnership: dict[int, Edge]) -> None:
    rows = LearningEntry.objects.filter(partnership_id__in=list(by_partnership)).values_list(
        "id", "partnership_id", "author_id", "kind", "skills__name"
    )
    counted: set[int] = set()
    for entry_id, pid, author, kind, skill in rows:
        edge = by_partnership[pid]
        other = _other(edge, author)
        learned = kind == LearningEntry.Kind.LEARNED
        flow = edge.flow(other, author) if learned else edge.flow(author, other)
        if flow is not None:
            _count(flow, entry_id, skill, counted)


def _goals_and_focus(by_partnership: dict[int, Edge]) -> None:
    pids = list(by_partnership)
    for pid, owner, skill in Goal.objects.filter(
        partnership_id__in=pids, skill__isnull=False
    ).values_list("partnership_id", "owner_id", "skill__name"):
        edge = by_partnership[pid]
        flow = edge.flow(_other(edge, owner), owner)
        if flow is not None:
            flow.skills[skill] += 1
    requests = Request.objects.filter(partnership_id__in=pids)
    for field_name, learns in (("learn_skills__name", True), ("teach_skills__name", False)):
        for pid, sender, skill in requests.filter(**{f"{field_name}__isnull": False}).values_list(
            "partnership_id", "sender_id", field_name
        ):
            edge = by_partnership[pid]
            other = _other(edge, sender)
            flow = edge.flow(other, sender) if learns else edge.flow(sender, other)
            if flow is not None:
                flow.skills[skill] += 1
