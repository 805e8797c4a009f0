"""Asking someone to partner: a message, a focus both ways, and every refusal."""

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from twoway.core.errors import Refused
from twoway.notifications.models import Notification
from twoway.partnerships.models import Request
from twoway.partnerships.requests import request_create, request_withdraw
from twoway.partnerships.tests.helpers import partner, snapshot, swap_profiles
from twoway.people.services import profile_ensure, profile_update


@pytest.fixture
def pair(alice: Any, bob: Any) -> None:
    swap_profiles(alice, bob)


def test_a_request_carries_a_message_and_a_focus_both_ways(
    alice: Any, bob: Any, pair: None
) -> None:
    request = request_create(
        sender=alice, receiver=bob, message="Hi Bob!", learn_skills=["Figma"], teach_skills=["sql"]
    )
    assert request.status == Request.Status.OPEN
    assert [s.name for s in request.learn_skills.all()] == ["Figma"]
    assert [s.name for s in request.teach_skills.all()] == ["SQL"]
    assert (request.member_low_id, request.member_high_id) == (alice.pk, bob.pk)
    assert request.partner_of(alice) == bob


def test_the_receiver_is_notified(alice: Any, bob: Any, pair: None) -> None:
    request = request_create(sender=alice, receiver=bob, message="Hi Bob!")
    note = Notification.objects.get(recipient=bob)
    assert note.kind == "request_received"
    assert note.url == request.get_absolute_url()
    assert "Alice" in note.title


def test_it_expires_after_the_configured_number_of_days(
    alice: Any, bob: Any, pair: None, settings: Any
) -> None:
    settings.REQUEST_EXPIRY_DAYS = 3
    request = request_create(sender=alice, receiver=bob, message="Hi")
    assert (request.expires_at - request.created_at).days == 3


def test_a_second_open_request_for_the_pair_is_refused_in_either_direction(
    alice: Any, bob: Any, pair: None
) -> None:
    request_create(sender=alice, receiver=bob, message="Hi Bob")
    before = snapshot()
    for sender, receiver in ((alice, bob), (bob, alice)):
        with pytest.raises(Refused, match="already an open request") as caught:
            request_create(sender=sender, receiver=receiver, message="Again")
        assert caught.value.code == "duplicate_request"
    assert snapshot() == before


def test_a_new_request_is_fine_once_the_old_one_is_withdrawn(
    alice: Any, bob: Any, pair: None
) -> None:
    first = request_create(sender=alice, receiver=bob, message="Hi Bob")
    request_withdraw(user=alice, request_id=first.pk)
    assert request_create(sender=bob, receiver=alice, message="My turn").status == "open"


def test_it_refuses_a_request_between_current_partners(alice: Any, bob: Any, pair: None) -> None:
    partner(alice, bob)
    before = snapshot()
    with pytest.raises(Refused, match="already partners"):
        request_create(sender=bob, receiver=alice, message="Again?")
    assert snapshot() == before


def test_it_refuses_a_request_to_yourself(alice: Any, pair: None) -> None:
    with pytest.raises(ValidationError, match="yourself"):
        request_create(sender=alice, receiver=alice, message="Me?")
    assert Request.objects.count() == 0


def test_it_refuses_a_member_not_open_to_partners(alice: Any, bob: Any, pair: None) -> None:
    profile_update(profile=profile_ensure(user=bob), open_to_partners=False)
    with pytest.raises(Refused, match="not taking new partners"):
        request_create(sender=alice, receiver=bob, message="Hi")
    assert Request.objects.count() == 0


def test_it_refuses_an_unverified_sender(make_user: Any, bob: Any, pair: None) -> None:
    dana = make_user("dana@example.com", verified=False, first_name="Dana")
    with pytest.raises(PermissionDenied, match="Verify your email"):
        request_create(sender=dana, receiver=bob, message="Hi")
    assert Request.objects.count() == 0


def test_it_refuses_an_empty_message_or_an_unknown_skill(alice: Any, bob: Any, pair: None) -> None:
    with pytest.raises(ValidationError) as caught:
        request_create(sender=alice, receiver=bob, message="   ")
    assert "message" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        request_create(sender=alice, receiver=bob, message="Hi", learn_skills=["Qwzxv"])
    assert "learn_skills" in caught.value.message_dict
    assert Request.objects.count() == 0
