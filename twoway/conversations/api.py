"""Messages API: my threads, and each partnership's and circle's messages.

A thread is named by its owner: ``/messages/partnerships/{id}`` or ``/messages/circles/{id}``.
Outsiders (anyone but the two partners, anyone not in the circle now) get 404, as on the pages.
Posting to a completed or ended partnership answers 409 ``not_active``; more than
``POST_LIMIT`` messages a minute answers 429 ``rate_limited``. Reading the list changes nothing;
``…/read`` marks the thread read (and its notifications).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ninja import Router, Schema, Status
from ninja.errors import HttpError

from twoway.accounts.models import User
from twoway.conversations import services
from twoway.conversations.models import Message, Thread
from twoway.core.api import Id, MemberOut, Text, errors, member
from twoway.core.web import AuthedRequest

router = Router(tags=["messages"])


class MessageIn(Schema):
    text: Text


class MessageOut(Schema):
    id: int
    author: MemberOut
    text: str
    created_at: datetime
    mine: bool


class ThreadOut(Schema):
    kind: str
    owner_id: int
    title: str
    url: str
    unread: int
    can_post: bool
    last_message: MessageOut


class UnreadOut(Schema):
    unread: int


def _message(message: Message, viewer: User) -> dict[str, Any]:
    return {
        "id": message.pk,
        "author": member(message.author),
        "text": message.text,
        "created_at": message.created_at,
        "mine": message.author_id == viewer.pk,
    }


@router.get("/messages", response={200: list[ThreadOut], **errors()})
def threads_list(request: AuthedRequest) -> list[dict[str, Any]]:
    """My threads with messages, the most recent first, with how many I haven't read."""
    user = request.user
    return [
        {
            "kind": "partnership" if s.thread.partnership_id else "circle",
            "owner_id": s.thread.partnership_id or s.thread.circle_id,
            "title": s.title,
            "url": s.thread.get_absolute_url(),
            "unread": s.unread,
            "can_post": s.thread.is_open,
            "last_message": _message(s.last, user),
        }
        for s in services.threads_for(user=user)
    ]


def _list(request: AuthedRequest, thread: Thread, after: int | None) -> list[dict[str, Any]]:
    rows = services.messages_of(thread=thread, after=after or 0)
    return [_message(m, request.user) for m in rows]


def _post(request: AuthedRequest, thread: Thread, payload: MessageIn) -> Status[dict[str, Any]]:
    try:
        message = services.message_post(user=request.user, thread=thread, text=payload.text)
    except services.PostingTooFast as exc:
        raise HttpError(429, str(exc)) from None
    return Status(201, _message(message, request.user))


def _read(request: AuthedRequest, thread: Thread) -> dict[str, int]:
    services.thread_mark_read(user=request.user, thread=thread)
    return {"unread": services.unread_count(user=request.user, thread=thread)}


@router.get(
    "/messages/partnerships/{partnership_id}", response={200: list[MessageOut], **errors(404)}
)
def partnership_messages(
    request: AuthedRequest, partnership_id: Id, after: Id | None = None
) -> list[dict[str, Any]]:
    """The latest messages, oldest first; with ``after`` (a message id), the ones after it."""
    thread = services.thread_for_partnership(user=request.user, partnership_id=partnership_id)
    return _list(request, thread, after)


@router.post(
    "/messages/partnerships/{partnership_id}",
    response={201: MessageOut, **errors(404, 409, 429)},
)
def partnership_message_post(
    request: AuthedRequest, partnership_id: Id, payload: MessageIn
) -> Status[dict[str, Any]]:
    """Write to my partner; 409 ``not_active`` once the partnership has completed or ended."""
    thread = services.thread_for_partnership(user=request.user, partnership_id=partnership_id)
    return _post(request, thread, payload)


@router.post(
    "/messages/partnerships/{partnership_id}/read", response={200: UnreadOut, **errors(404)}
)
def partnership_read(request: AuthedRequest, partnership_id: Id) -> dict[str, int]:
    thread = services.thread_for_partnership(user=request.user, partnership_id=partnership_id)
    return _read(request, thread)


@router.get("/messages/circles/{circle_id}", response={200: list[MessageOut], **errors(404)})
def circle_messages(
    request: AuthedRequest, circle_id: Id, after: Id | None = None
) -> list[dict[str, Any]]:
    """The latest messages, oldest first; with ``after`` (a message id), the ones after it."""
    thread = services.thread_for_circle(user=request.user, circle_id=circle_id)
    return _list(request, thread, after)


@router.post("/messages/circles/{circle_id}", response={201: MessageOut, **errors(404, 429)})
def circle_message_post(
    request: AuthedRequest, circle_id: Id, payload: MessageIn
) -> Status[dict[str, Any]]:
    """Write to the circle's current members."""
    thread = services.thread_for_circle(user=request.user, circle_id=circle_id)
    return _post(request, thread, payload)


@router.post("/messages/circles/{circle_id}/read", response={200: UnreadOut, **errors(404)})
def circle_read(request: AuthedRequest, circle_id: Id) -> dict[str, int]:
    thread = services.thread_for_circle(user=request.user, circle_id=circle_id)
    return _read(request, thread)
