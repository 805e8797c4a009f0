"""Accepting, declining and withdrawing a request, and every illegal move."""

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from twoway.core.errors import Refused
from twoway.notifications.models import Notification
from twoway.partnerships.models import Partnership, Request
from twoway.partnerships.requests import (
    request_accept,
    request_create,
    request_decline,
    request_withdraw,
)
from twoway.partnerships.tests.helpers import snapshot, swap_profiles


@pytest.fixture
def request_(alice: Any, bob: Any) -> Request:
    swap_profiles(alice, bob)
    return request_create(sender=alice, receiver=bob, message="Shall we swap SQL for Figma?")


def test_accepting_makes_a_symmetric_partnership(alice: Any, bob: Any, request_: Request) -> None:
    partnership = request_accept(user=bob, request_id=request_.pk)
    assert partnership.status == Partnership.Status.ACTIVE
    assert {partnership.member_low_id, partnership.member_high_id} == {alice.pk, bob.pk}
    assert partnership.partner_of(alice) == bob and partnership.partner_of(bob) == alice
    request_.refresh_from_db()
    assert request_.status == "accepted" and request_.partnership == partnership
    note = Notification.objects.get(recipient=alice, kind="request_answered")
    assert "accepted" in note.title


def test_declining_keeps_the_reason_and_tells_the_sender(
    alice: Any, bob: Any, request_: Request
) -> None:
    request_decline(user=bob, request_id=request_.pk, reason="No time this quarter")
    request_.refresh_from_db()
    assert (request_.status, request_.decline_reason) == ("declined", "No time this quarter")
    assert "No time this quarter" in Notification.objects.get(recipient=alice).body
    assert not Partnership.objects.exists()


def test_declining_twice_is_refused(bob: Any, request_: Request) -> None:
    request_decline(user=bob, request_id=request_.pk)
    before = snapshot()
    with pytest.raises(Refused, match="already declined"):
        request_decline(user=bob, request_id=request_.pk, reason="again")
    assert snapshot() == before


def test_accepting_a_withdrawn_request_is_refused(alice: Any, bob: Any, request_: Request) -> None:
    request_withdraw(user=alice, request_id=request_.pk)
    before = snapshot()
    with pytest.raises(Refused, match="already withdrawn"):
        request_accept(user=bob, request_id=request_.pk)
    assert snapshot() == before
    assert not Partnership.objects.exists()


def test_accepting_an_expired_request_is_refused(bob: Any, request_: Request) -> None:
    Request.objects.filter(pk=request_.pk).update(expires_at=timezone.now() - timedelta(hours=1))
    with pytest.raises(Refused, match="expired"):
        request_accept(user=bob, request_id=request_.pk)
    request_.refresh_from_db()
    assert request_.status == "expired"
    assert not Partnership.objects.exists()


def test_the_sender_cannot_accept_or_decline_their_own_request(
    alice: Any, request_: Request
) -> None:
    before = snapshot()
    with pytest.raises(PermissionDenied):
        request_accept(user=alice, request_id=request_.pk)
    with pytest.raises(PermissionDenied):
        request_decline(user=alice, request_id=request_.pk)
    assert snapshot() == before


def test_the_receiver_cannot_withdraw_it(bob: Any, request_: Request) -> None:
    before = snapshot()
    with pytest.raises(PermissionDenied):
        request_withdraw(user=bob, request_id=request_.pk)
    assert snapshot() == before


def test_charlie_cannot_touch_it_and_learns_nothing(charlie: Any, request_: Request) -> None:
    before = snapshot()
    for action in (request_accept, request_decline, request_withdraw):
        with pytest.raises(Http404):
            action(user=charlie, request_id=request_.pk)
    assert snapshot() == before


def test_withdrawing_tells_the_receiver(alice: Any, bob: Any, request_: Request) -> None:
    request_withdraw(user=alice, request_id=request_.pk)
    assert Notification.objects.filter(recipient=bob, kind="request_answered").exists()
