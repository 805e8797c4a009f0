"""Helpers for the partnership tests: complete profiles, a partnership, a snapshot of the state."""

from __future__ import annotations

from typing import Any

from django.test import Client

from conftest import PASSWORD
from twoway.partnerships import requests
from twoway.partnerships.models import (
    AgendaItem,
    Feedback,
    Goal,
    LearningEntry,
    LevelChange,
    Partnership,
    Request,
    RequestMessage,
    Session,
)
from twoway.people.tests.helpers import make_complete


def swap_profiles(alice: Any, bob: Any, **fields: Any) -> None:
    """Alice teaches SQL and wants Figma; Bob teaches Figma and wants SQL."""
    make_complete(alice, teaches={"SQL": 4}, learns={"Figma": 3}, **fields)
    make_complete(bob, teaches={"Figma": 5}, learns={"SQL": 3}, **fields)


def partner(alice: Any, bob: Any) -> Partnership:
    """Alice asks, Bob accepts: their active partnership."""
    request = requests.request_create(sender=alice, receiver=bob, message="Shall we swap?")
    return requests.request_accept(user=bob, request_id=request.pk)


def login(client: Client, user: Any) -> Client:
    assert client.login(email=user.email, password=PASSWORD)
    return client


def snapshot() -> tuple[Any, ...]:
    """Everything a refused action must leave as it was."""
    return (
        list(Request.objects.order_by("pk").values_list("pk", "status", "decline_reason")),
        list(Partnership.objects.order_by("pk").values_list("pk", "status", "feed_token")),
        list(Goal.objects.order_by("pk").values_list("pk", "progress", "done", "text")),
        list(Session.objects.order_by("pk").values_list("pk", "status", "sequence")),
        AgendaItem.objects.count(),
        RequestMessage.objects.count(),
        LearningEntry.objects.count(),
        list(Feedback.objects.order_by("pk").values_list("pk", "rating")),
        LevelChange.objects.count(),
    )


def call(client: Client, method: str, url: str, body: Any = None) -> tuple[int, Any]:
    """An API call with a JSON body; returns (status, parsed body)."""
    response = getattr(client, method)(url, body, content_type="application/json")
    return response.status_code, (response.json() if response.content else None)
