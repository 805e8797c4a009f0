"""Network and circles API: my network graph, who can help, introductions, circles.

Everything here is for signed-in members. Refusals: 404 when the caller may not know something
exists (someone else's network they may not see, a circle's private parts for non-members), 403
when it is someone else's move, 409 when the state forbids it, 422 for bad input. Members are named
by handle; no email ever leaves here.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils.translation import gettext
from ninja import Router, Status

from twoway.conversations import api as messages_api
from twoway.core.api import Id, ShortText, errors
from twoway.core.web import AuthedRequest
from twoway.network import circle_queue, circles, schemas, services
from twoway.network.graph import network_of
from twoway.network.models import CircleLearning
from twoway.network.schemas import (
    AnswerIn,
    CircleIn,
    CircleOut,
    HelpOut,
    IntroductionIn,
    IntroductionOut,
    IntroductionsOut,
    LearningIn,
    LearningOut,
    MeetingIn,
    MeetingOut,
    NetworkOut,
    QueueIn,
    QueueOut,
    VisibilityIn,
    VisibilityOut,
)
from twoway.people.models import Profile

router = Router(tags=["network"])
Created = Status[dict[str, Any]]


# --- Network ----------------------------------------------------------------------------------


@router.get("/network", response={200: NetworkOut, **errors(404)})
def network_get(request: AuthedRequest, depth: int = 2, of: ShortText = "") -> dict[str, Any]:
    """My network up to two steps (``depth`` 1 or 2), or a connection's (``of``=handle) when
    they share it with their connections."""
    user = request.user
    owner = user
    if of:
        profile = Profile.objects.select_related("user").filter(handle=of).first()
        if profile is None:
            raise Http404(gettext("This network is not shared with you."))
        owner = profile.user
    depth = min(max(depth, 1), 2)
    network = network_of(owner=owner, viewer=user, depth=depth)
    visibility = services.visibility_of(user=owner)
    return schemas.network_dict(network, depth=depth, visibility=visibility)


@router.get("/network/help", response={200: HelpOut, **errors()})
def network_help(request: AuthedRequest, skill: ShortText) -> dict[str, Any]:
    """Who within two steps teaches this skill: one step before two, then by level."""
    found, helpers = services.who_can_help(user=request.user, text=skill)
    return {"skill": found.name, "helpers": [schemas.helper_dict(h) for h in helpers]}


@router.get("/network/settings", response={200: VisibilityOut, **errors()})
def network_settings_get(request: AuthedRequest) -> dict[str, str]:
    return {"visibility": services.visibility_of(user=request.user)}


@router.put("/network/settings", response={200: VisibilityOut, **errors()})
def network_settings_put(request: AuthedRequest, payload: VisibilityIn) -> dict[str, str]:
    """Choose who sees my network: my connections, or only me."""
    row = services.visibility_set(user=request.user, visibility=payload.visibility)
    return {"visibility": row.visibility}


@router.get("/network/introductions", response={200: IntroductionsOut, **errors()})
def introductions_list(request: AuthedRequest) -> dict[str, Any]:
    found = services.introductions_for(user=request.user)
    return {k: [schemas.introduction_dict(i) for i in v] for k, v in found.items()}


@router.post("/network/introductions", response={201: IntroductionOut, **errors(404, 409)})
def introduction_create(request: AuthedRequest, payload: IntroductionIn) -> Created:
    """Ask a connection to introduce you to someone two steps away."""
    intro = services.introduction_request(
        requester=request.user,
        target_handle=payload.target,
        via_handle=payload.via,
        skill=payload.skill,
        message=payload.message,
    )
    return Status(201, schemas.introduction_dict(intro))


@router.post(
    "/network/introductions/{introduction_id}/answer",
    response={200: IntroductionOut, **errors(403, 404, 409)},
)
def introduction_answer(
    request: AuthedRequest, introduction_id: int, payload: AnswerIn
) -> dict[str, Any]:
    """The person in between forwards or declines."""
    intro = services.introduction_answer(
        user=request.user,
        introduction_id=introduction_id,
        action=payload.action,
        note=payload.note,
    )
    return schemas.introduction_dict(intro)


# --- Circles ----------------------------------------------------------------------------------


@router.get("/circles", response={200: list[CircleOut], **errors()})
def circles_list(request: AuthedRequest) -> list[dict[str, Any]]:
    """My circles and every open circle."""
    user = request.user
    return [schemas.circle_dict(c, user) for c in circles.circles_visible(user=user)]


@router.post("/circles", response={201: CircleOut, **errors()})
def circle_create(request: AuthedRequest, payload: CircleIn) -> Created:
    user = request.user
    circle = circles.circle_create(user=user, **payload.dict())
    return Status(201, schemas.circle_dict(circle, user))


@router.get("/circles/queue", response={200: QueueOut, **errors()})
def queue_get(request: AuthedRequest) -> dict[str, Any]:
    """My place in the circle queue, and the circle it last placed me in."""
    return schemas.queue_dict(circle_queue.queue_status(user=request.user))


@router.post("/circles/queue", response={201: QueueOut, **errors(409)})
def queue_join(request: AuthedRequest, payload: QueueIn) -> Created:
    """Ask to be placed in a circle (themes: skills it should be about; size: 3 to 6)."""
    user = request.user
    circle_queue.queue_join(user=user, themes=payload.themes, size=payload.size)
    return Status(201, schemas.queue_dict(circle_queue.queue_status(user=user)))


@router.delete("/circles/queue", response={200: QueueOut, **errors()})
def queue_leave(request: AuthedRequest) -> dict[str, Any]:
    """Leave the circle queue (nothing happens when I'm not waiting)."""
    circle_queue.queue_leave(user=request.user)
    return schemas.queue_dict(circle_queue.queue_status(user=request.user))


@router.get("/circles/{circle_id}", response={200: CircleOut, **errors(404)})
def circle_detail(request: AuthedRequest, circle_id: int) -> dict[str, Any]:
    user = request.user
    return schemas.circle_dict(circles.circle_get(user=user, circle_id=circle_id), user)


@router.post("/circles/{circle_id}/join", response={200: CircleOut, **errors(404, 409)})
def circle_join(request: AuthedRequest, circle_id: int) -> dict[str, Any]:
    user = request.user
    return schemas.circle_dict(circles.circle_join(user=user, circle_id=circle_id), user)


@router.post("/circles/{circle_id}/leave", response={200: CircleOut, **errors(404)})
def circle_leave(request: AuthedRequest, circle_id: int) -> dict[str, Any]:
    user = request.user
    circle = circles.circle_leave(user=user, circle_id=circle_id)
    return schemas.circle_dict(circle, user)


@router.get("/circles/{circle_id}/meetings", response={200: list[MeetingOut], **errors(404)})
def meetings_list(request: AuthedRequest, circle_id: int) -> list[dict[str, Any]]:
    circle = circles.circle_for_member(user=request.user, circle_id=circle_id)
    return [schemas.meeting_dict(m) for m in circle.meetings.select_related("circle")]


@router.post("/circles/{circle_id}/meetings", response={201: MeetingOut, **errors(404)})
def meeting_create(request: AuthedRequest, circle_id: int, payload: MeetingIn) -> Created:
    meeting = circles.meeting_add(
        user=request.user,
        circle_id=circle_id,
        day=payload.date,
        at=payload.time,
        tz=payload.timezone,
        duration_minutes=payload.duration_minutes,
        place=payload.place,
        agenda=payload.agenda,
    )
    return Status(201, schemas.meeting_dict(meeting))


@router.get("/circles/{circle_id}/learning", response={200: list[LearningOut], **errors(404)})
def learning_list(request: AuthedRequest, circle_id: int) -> list[dict[str, Any]]:
    circle = circles.circle_for_member(user=request.user, circle_id=circle_id)
    entries = CircleLearning.objects.filter(circle=circle).select_related(
        "author__profile", "learned_from__profile"
    )
    return [schemas.learning_dict(e) for e in entries.prefetch_related("skills")]


@router.post("/circles/{circle_id}/learning", response={201: LearningOut, **errors(404)})
def learning_create(request: AuthedRequest, circle_id: int, payload: LearningIn) -> Created:
    entry = circles.learning_add(
        user=request.user,
        circle_id=circle_id,
        learned_from=payload.learned_from,
        text=payload.text,
        skills=payload.skills,
    )
    return Status(201, schemas.learning_dict(entry))


# A circle's messages live in the conversations app; these two older paths stay for existing
# clients and answer exactly as /api/messages/circles/{id} does (docs/messages.md).


@router.get(
    "/circles/{circle_id}/messages",
    response={200: list[messages_api.MessageOut], **errors(404)},
    deprecated=True,
)
def messages_list(
    request: AuthedRequest, circle_id: Id, after: Id | None = None
) -> list[dict[str, Any]]:
    """The circle's latest messages: use ``GET /api/messages/circles/{id}``."""
    return messages_api.circle_messages(request, circle_id, after)


@router.post(
    "/circles/{circle_id}/messages",
    response={201: messages_api.MessageOut, **errors(404, 429)},
    deprecated=True,
)
def message_create(
    request: AuthedRequest, circle_id: Id, payload: messages_api.MessageIn
) -> Created:
    """Write to the circle: use ``POST /api/messages/circles/{id}``."""
    return messages_api.circle_message_post(request, circle_id, payload)
