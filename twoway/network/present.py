"""Networks, helpers and circles as plain dicts: what the API returns and the graph script reads.

Members are named by handle and display name only; no email ever appears here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.urls import reverse

from twoway.core.api import member
from twoway.network.graph import Edge, Flow, Network, Node, pair, private_members
from twoway.network.models import Circle, CircleLearning, CircleMeeting, CircleMessage, Introduction
from twoway.network.services import Helper

if TYPE_CHECKING:
    from twoway.accounts.models import User

TEACHES_SHOWN = 5


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


def message_dict(message: CircleMessage) -> dict[str, Any]:
    return {
        "id": message.pk,
        "author": member(message.author),
        "text": message.text,
        "created_at": message.created_at,
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
                    "active": edge.active,
                    "they_taught": gave.skill_names() if gave else [],
                    "they_learned": got.skill_names() if got else [],
                    "entries": (gave.entries if gave else 0) + (got.entries if got else 0),
                }
            )
        shares = node.distance == 1 and node.user_id not in private
        rows.append({"node": node, "links": links, "shares": shares})
    return rows
