"""Capacity (Profile.capacity = most active partnerships at once) holds on every accept."""

from typing import Any

import pytest

from twoway.core.errors import Refused
from twoway.notifications.models import Notification
from twoway.partnerships.models import Partnership, Request
from twoway.partnerships.requests import CAPACITY_REASON, request_accept, request_create
from twoway.partnerships.services import active_count, partnership_end
from twoway.partnerships.tests.helpers import partner, snapshot, swap_profiles
from twoway.people.tests.helpers import make_complete


@pytest.fixture
def dave(make_user: Any) -> Any:
    user = make_user("dave@example.com", first_name="Dave")
    make_complete(user, teaches={"Excel": 4}, learns={"Figma": 2})
    return user


def test_accepting_closes_the_full_members_other_open_requests(
    alice: Any, bob: Any, dave: Any
) -> None:
    swap_profiles(alice, bob)
    from_alice = request_create(sender=alice, receiver=bob, message="Hi Bob")
    from_dave = request_create(sender=dave, receiver=bob, message="Hi Bob, Dave here")
    request_accept(user=bob, request_id=from_alice.pk)
    from_dave.refresh_from_db()
    assert (from_dave.status, from_dave.decline_reason) == ("declined", CAPACITY_REASON)
    assert Notification.objects.filter(recipient=dave, kind="request_answered").exists()


def test_requests_of_members_with_room_stay_open(alice: Any, bob: Any, dave: Any) -> None:
    swap_profiles(alice, bob)
    make_complete(alice, capacity=2)
    partner(alice, bob)
    from_dave = request_create(sender=dave, receiver=alice, message="Hi Alice")
    from_dave.refresh_from_db()
    assert from_dave.status == Request.Status.OPEN


def test_a_full_receiver_cannot_accept_and_nothing_changes(alice: Any, bob: Any, dave: Any) -> None:
    swap_profiles(alice, bob)
    from_dave = request_create(sender=dave, receiver=bob, message="Hi Bob")
    # Bob accepts Alice elsewhere while Dave's request is open; capacity is counted at accept.
    Partnership.objects.create(member_low_id=alice.pk, member_high_id=bob.pk)
    before = snapshot()
    with pytest.raises(Refused, match="capacity is reached") as caught:
        request_accept(user=bob, request_id=from_dave.pk)
    assert caught.value.code == "capacity"
    assert snapshot() == before
    assert active_count(bob) == 1


def test_a_full_sender_cannot_be_accepted(alice: Any, bob: Any, dave: Any) -> None:
    swap_profiles(alice, bob)
    to_dave = request_create(sender=bob, receiver=dave, message="Hi Dave")
    Partnership.objects.create(member_low_id=alice.pk, member_high_id=bob.pk)
    with pytest.raises(Refused, match="Bob's capacity"):
        request_accept(user=dave, request_id=to_dave.pk)
    assert active_count(dave) == 0


def test_ending_a_partnership_frees_the_place(alice: Any, bob: Any, dave: Any) -> None:
    swap_profiles(alice, bob)
    partnership = partner(alice, bob)
    partnership_end(user=alice, partnership=partnership)
    again = request_create(sender=dave, receiver=bob, message="Now?")
    assert request_accept(user=bob, request_id=again.pk).is_active
