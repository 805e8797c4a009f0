"""Asking for more information: a short thread both members add to, the request staying open."""

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from twoway.core.errors import Refused
from twoway.notifications.models import Notification
from twoway.partnerships.models import Request
from twoway.partnerships.requests import (
    request_accept,
    request_create,
    request_decline,
    request_message_add,
)
from twoway.partnerships.tests.helpers import snapshot, swap_profiles


@pytest.fixture
def request_(alice: Any, bob: Any) -> Request:
    swap_profiles(alice, bob)
    return request_create(sender=alice, receiver=bob, message="Shall we swap?")


def test_the_receiver_asks_and_the_sender_replies(alice: Any, bob: Any, request_: Request) -> None:
    request_message_add(user=bob, request_id=request_.pk, text="How often could you meet?")
    request_message_add(user=alice, request_id=request_.pk, text="Every two weeks.")
    request_.refresh_from_db()
    assert request_.status == "open"
    assert [m.text for m in request_.thread.all()] == [
        "How often could you meet?",
        "Every two weeks.",
    ]
    kinds = Notification.objects.filter(kind="request_info_asked")
    assert {n.recipient for n in kinds} == {alice, bob}


def test_asking_restarts_the_expiry(bob: Any, request_: Request) -> None:
    old = request_.expires_at
    request_message_add(user=bob, request_id=request_.pk, text="Tell me more?")
    request_.refresh_from_db()
    assert request_.expires_at > old


def test_the_request_can_still_be_accepted_after_questions(
    alice: Any, bob: Any, request_: Request
) -> None:
    request_message_add(user=bob, request_id=request_.pk, text="Tell me more?")
    assert request_accept(user=bob, request_id=request_.pk).is_active


def test_the_sender_cannot_start_the_thread(alice: Any, request_: Request) -> None:
    with pytest.raises(PermissionDenied, match="received the request"):
        request_message_add(user=alice, request_id=request_.pk, text="Any news?")
    assert request_.thread.count() == 0


def test_charlie_cannot_read_or_write_the_thread(charlie: Any, request_: Request) -> None:
    with pytest.raises(Http404):
        request_message_add(user=charlie, request_id=request_.pk, text="Hello")
    assert request_.thread.count() == 0


def test_a_closed_request_takes_no_more_messages(bob: Any, request_: Request) -> None:
    request_decline(user=bob, request_id=request_.pk)
    before = snapshot()
    with pytest.raises(Refused, match="no longer open"):
        request_message_add(user=bob, request_id=request_.pk, text="Wait")
    assert snapshot() == before
