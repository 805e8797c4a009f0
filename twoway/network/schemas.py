"""The network app's output shapes: networks, helpers, introductions and circles as plain dicts.

The API returns them (the ``*In``/``*Out`` schemas at the end of this module check their shape), the
page's graph script reads the network one from the API, and :func:`list_rows` gives the network
page's accessible list. Members are named by handle and display name only; no email ever appears
here.
"""

from __future__ import annotations

from datetime import datetime, time
from typing import TYPE_CHECKING, Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from ninja import Field, Schema

from twoway.core.api import LIST_MAX, MemberOut, SaneDate, ShortText, SmallInt, Text, member
from twoway.network.graph import Edge, Flow, Network, Node, pair, private_members
from twoway.network.models import Circle, CircleLearning, CircleMeeting, Introduction
from twoway.network.services import Helper

if TYPE_CHECKING:
    from twoway.accounts.models import User
    from twoway.network.circle_queue import QueueStatus

TEACHES_SHOWN = 5
# How the network page's list names the ways two people are connected (graph.py's edge kinds).
KIND_LABELS = {"partnership": _("partnership"), "circle": _("circle")}


def node_dict(node: Node, owner: int) -> dict[str, Any]:
    return {
        "handle": node.handle,
        "display_name": node.name,
        "headline": node.headline,
        "distance": node.distance,
        "me": node.user_id == owner,
        "url": reverse("people:profile", args=[node.handle]),
        "teaches": [{"skill": s, "level": lv} for s, lv in node.teaches[:TEACHES_SHOWN]],
    }


def flow_dict(flow: Flow) -> dict[str, Any]:
    return {"skills": flow.skill_names(), "entries": flow.entries}


def edge_dict(edge: Edge, handles: dict[int, str]) -> dict[str, Any]:
    return {
        "source": handles[edge.a],
        "target": handles[edge.b],
        "kinds": sorted(edge.kinds),
        "active": edge.active,
        "source_to_target": flow_dict(edge.a_to_b),
        "target_to_source": flow_dict(edge.b_to_a),
    }


def network_dict(network: Network, *, depth: int, visibility: str) -> dict[str, Any]:
    nodes = network.ordered_nodes()
    handles = {n.user_id: n.handle for n in nodes}
    edges = [
        edge_dict(e, handles)
        for _, e in sorted(network.edges.items())
        if e.a in handles and e.b in handles
    ]
    return {
        "owner": handles.get(network.owner, ""),
        "depth": depth,
        "visibility": visibility,
        "nodes": [node_dict(n, network.owner) for n in nodes],
        "edges": edges,
    }


def helper_dict(helper: Helper) -> dict[str, Any]:
    node = helper.node
    return {
        "member": {
            "handle": node.handle,
            "display_name": node.name,
            "url": reverse("people:profile", args=[node.handle]),
        },
        "headline": node.headline,
        "distance": node.distance,
        "level": helper.level,
        "vias": [
            {
                "handle": v.handle,
                "display_name": v.name,
                "url": reverse("people:profile", args=[v.handle]),
            }
            for v in helper.vias
        ],
    }


def introduction_dict(intro: Introduction) -> dict[str, Any]:
    return {
        "id": intro.pk,
        "requester": member(intro.requester),
        "via": member(intro.via),
        "target": member(intro.target),
        "skill": intro.skill.name,
        "message": intro.message,
        "status": intro.status,
        "note": intro.note,
        "created_at": intro.created_at,
        "answered_at": intro.answered_at,
    }


def circle_dict(circle: Circle, user: User) -> dict[str, Any]:
    members = [m.user for m in circle.current().select_related("user__profile")]
    return {
        "id": circle.pk,
        "name": circle.name,
        "theme": circle.theme,
        "skill": circle.skill.name if circle.skill else None,
        "capacity": circle.capacity,
        "status": circle.status,
        "source": circle.source,
        "url": circle.get_absolute_url(),
        "members": [member(u) for u in members],
        "is_member": any(u.pk == user.pk for u in members),
        "why": circle.why.splitlines() if circle.why else [],
    }


def meeting_dict(meeting: CircleMeeting) -> dict[str, Any]:
    return {
        "id": meeting.pk,
        "starts_at": meeting.starts_at,
        "local_start": meeting.local_start.isoformat(),
        "timezone": meeting.timezone,
        "duration_minutes": meeting.duration_minutes,
        "place": meeting.place,
        "agenda": meeting.agenda,
        "calendar_url": reverse("network:meeting_ics", args=[meeting.pk]),
    }


def learning_dict(entry: CircleLearning) -> dict[str, Any]:
    return {
        "id": entry.pk,
        "author": member(entry.author),
        "learned_from": member(entry.learned_from),
        "skills": [s.name for s in entry.skills.all()],
        "text": entry.text,
        "created_at": entry.created_at,
    }


def list_rows(network: Network) -> list[dict[str, Any]]:
    """The network as rows for the accessible list: who, how far, through whom, what flowed, and
    whether a direct connection shares their own network.

    For a direct connection the flows are between them and the owner; for a two-step member,
    between them and the connection(s) in between.
    """
    rows = []
    direct = [n.user_id for n in network.nodes.values() if n.distance == 1]
    private = private_members(direct)
    for node in network.ordered_nodes():
        if node.user_id == network.owner:
            continue
        near = (
            [network.owner]
            if node.distance == 1
            else [v.user_id for v in network.vias(node.user_id)]
        )
        links = []
        for other in near:
            edge = network.edges.get(pair(node.user_id, other))
            if edge is None:
                continue
            gave, got = edge.flow(node.user_id, other), edge.flow(other, node.user_id)
            links.append(
                {
                    "with": network.nodes[other].name if other in network.nodes else "",
                    "kinds": sorted(edge.kinds),
                    "kind_labels": [str(KIND_LABELS.get(k, k)) for k in sorted(edge.kinds)],
                    "active": edge.active,
                    "they_taught": gave.skill_names() if gave else [],
                    "they_learned": got.skill_names() if got else [],
                    "entries": (gave.entries if gave else 0) + (got.entries if got else 0),
                }
            )
        shares = node.distance == 1 and node.user_id not in private
        rows.append({"node": node, "links": links, "shares": shares})
    return rows


# --- API schemas ----------------------------------------------------------------------------


class SkillLevelOut(Schema):
    skill: str
    level: int


class NodeOut(Schema):
    handle: str
    display_name: str
    headline: str
    distance: int = Field(description="Steps from the network's owner: 0, 1 or 2.")
    me: bool = Field(description="True for the network's owner.")
    url: str
    teaches: list[SkillLevelOut]


class FlowOut(Schema):
    skills: list[str] = Field(description="Skills that flowed this way, most often first.")
    entries: int = Field(description="Learning entries recording learning this way.")


class EdgeOut(Schema):
    source: str = Field(description="Handle of one end.")
    target: str = Field(description="Handle of the other end.")
    kinds: list[str] = Field(description='"partnership" and/or "circle".')
    active: bool = Field(description="True while a partnership between them is active.")
    source_to_target: FlowOut
    target_to_source: FlowOut


class NetworkOut(Schema):
    owner: str
    depth: int
    visibility: str = Field(description='The owner\'s choice: "connections" or "me".')
    nodes: list[NodeOut]
    edges: list[EdgeOut]


class HelperOut(Schema):
    member: MemberOut
    headline: str
    distance: int
    level: int = Field(description="Their teaching level in the skill, 1–5.")
    vias: list[MemberOut] = Field(description="For two-step people: who can introduce you.")


class HelpOut(Schema):
    skill: str
    helpers: list[HelperOut]


class VisibilityIn(Schema):
    visibility: ShortText = Field(description='"connections" (default) or "me".')


class VisibilityOut(Schema):
    visibility: str


class IntroductionIn(Schema):
    target: ShortText = Field(description="Handle of the person two steps away.")
    via: ShortText = Field(description="Handle of your connection who knows them.")
    skill: ShortText
    message: Text


class AnswerIn(Schema):
    action: ShortText = Field(description='"forward" or "decline".')
    note: ShortText = ""


class IntroductionOut(Schema):
    id: int
    requester: MemberOut
    via: MemberOut
    target: MemberOut
    skill: str
    message: str
    status: str
    note: str
    created_at: datetime
    answered_at: datetime | None


class IntroductionsOut(Schema):
    to_answer: list[IntroductionOut]
    sent: list[IntroductionOut]
    received: list[IntroductionOut]


class CircleIn(Schema):
    name: ShortText
    theme: ShortText = ""
    skill: ShortText = ""
    capacity: SmallInt = 6


class CircleOut(Schema):
    id: int
    name: str
    theme: str
    skill: str | None
    capacity: int
    status: str
    source: str
    url: str
    members: list[MemberOut]
    is_member: bool
    why: list[str]


class MeetingIn(Schema):
    date: SaneDate
    time: time
    timezone: ShortText = "UTC"
    duration_minutes: SmallInt = 60
    place: ShortText = ""
    agenda: Text = ""


class MeetingOut(Schema):
    id: int
    starts_at: datetime
    local_start: str
    timezone: str
    duration_minutes: int
    place: str
    agenda: str
    calendar_url: str


class LearningIn(Schema):
    learned_from: ShortText = Field(description="Handle of the circle member you learned from.")
    text: Text
    skills: list[ShortText] = Field([], max_length=LIST_MAX)


class LearningOut(Schema):
    id: int
    author: MemberOut
    learned_from: MemberOut
    skills: list[str]
    text: str
    created_at: datetime


def queue_dict(status: QueueStatus) -> dict[str, Any]:
    """The caller's own place in the circle queue (never anyone else's)."""
    wait, placed = status.wait, status.placed
    circle = placed.circle if placed is not None else None
    return {
        "waiting": wait is not None,
        "since": wait.created_at if wait else None,
        "themes": [s.name for s in wait.themes.all()] if wait else [],
        "size": wait.size if wait else None,
        "tried_at": wait.tried_at if wait else None,
        "reason": wait.reason if wait else "",
        "detail": status.detail,
        "placed_in": (
            {"id": circle.pk, "name": circle.name, "url": circle.get_absolute_url()}
            if circle
            else None
        ),
    }


class QueueIn(Schema):
    themes: list[ShortText] = Field([], max_length=LIST_MAX, description="Skill names.")
    size: int | None = Field(None, description="Preferred circle size, 3 to 6.")


class PlacedOut(Schema):
    id: int
    name: str
    url: str


class QueueOut(Schema):
    waiting: bool
    since: datetime | None
    themes: list[str]
    size: int | None
    tried_at: datetime | None = Field(description="When the job last tried to place me.")
    reason: str = Field(description="Why the last try could not place me (a code).")
    detail: str
    placed_in: PlacedOut | None = Field(description="The circle the queue last placed me in.")
