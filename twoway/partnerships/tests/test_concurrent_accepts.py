"""Two accepts at the same moment never break capacity or make a pair's partnership twice.

The threads use their own database connections and really run at once. On PostgreSQL the
profiles' row locks (taken in id order) serialise them; on SQLite, IMMEDIATE transactions do.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any

import pytest
from django.test import Client

from conftest import PASSWORD
from twoway.core.errors import Refused
from twoway.core.tests.live import parallel_server
from twoway.core.tests.race import race
from twoway.partnerships.models import Partnership, Request
from twoway.partnerships.requests import request_accept, request_create
from twoway.partnerships.services import active_count
from twoway.partnerships.tests.helpers import swap_profiles
from twoway.people.tests.helpers import make_complete

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def dave(make_user: Any) -> Any:
    user = make_user("dave@example.com", first_name="Dave")
    make_complete(user, teaches={"Excel": 4}, learns={"Figma": 2})
    return user


__all__ = ["parallel_server"]  # the fixture, imported for pytest


def test_bob_with_capacity_one_accepts_two_requests_at_once_and_gets_one(
    alice: Any, bob: Any, dave: Any
) -> None:
    swap_profiles(alice, bob)
    one = request_create(sender=alice, receiver=bob, message="Hi Bob")
    two = request_create(sender=dave, receiver=bob, message="Hi Bob, Dave here")
    results = race(
        lambda: request_accept(user=bob, request_id=one.pk),
        lambda: request_accept(user=bob, request_id=two.pk),
    )
    won = [r for r in results if isinstance(r, Partnership)]
    lost = [r for r in results if isinstance(r, Refused)]
    assert len(won) == 1 and len(lost) == 1, results
    assert active_count(bob) == 1
    assert Request.objects.filter(status="accepted").count() == 1


def test_the_same_request_accepted_twice_at_once_makes_one_partnership(
    alice: Any, bob: Any
) -> None:
    swap_profiles(alice, bob)
    make_complete(bob, capacity=3)
    make_complete(alice, capacity=3)
    one = request_create(sender=alice, receiver=bob, message="Hi Bob")
    results = race(
        lambda: request_accept(user=bob, request_id=one.pk),
        lambda: request_accept(user=bob, request_id=one.pk),
    )
    assert sum(isinstance(r, Partnership) for r in results) == 1, results
    assert sum(isinstance(r, Refused) for r in results) == 1, results
    assert Partnership.objects.for_pair(alice, bob).count() == 1


CSRF = "a" * 32  # any well-formed token works when the cookie and the header agree


def _session(user: Any) -> str:
    """A fresh signed-in session for the member (one per browser), as its cookie value."""
    client = Client()
    assert client.login(email=user.email, password=PASSWORD)
    return client.cookies["sessionid"].value


def _post(url: str, session: str) -> tuple[int, Any]:
    request = urllib.request.Request(url, data=b"{}", method="POST")
    request.add_header("Content-Type", "application/json")
    request.add_header("Cookie", f"sessionid={session}; csrftoken={CSRF}")
    request.add_header("X-CSRFToken", CSRF)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


def test_two_simultaneous_http_accepts_through_the_live_server_leave_one_partnership(
    parallel_server: str, alice: Any, bob: Any, dave: Any
) -> None:
    swap_profiles(alice, bob)
    one = request_create(sender=alice, receiver=bob, message="Hi Bob")
    two = request_create(sender=dave, receiver=bob, message="Hi Bob, Dave here")
    laptop, phone = _session(bob), _session(bob)
    base = f"{parallel_server}/api/requests"
    results = race(
        lambda: _post(f"{base}/{one.pk}/accept", laptop),
        lambda: _post(f"{base}/{two.pk}/accept", phone),
    )
    codes = sorted(status for status, _ in results)
    assert codes == [200, 409], results
    refusal = next(body for status, body in results if status == 409)
    # The loser either meets the full capacity, or (when the winner's transaction also declined
    # the other open requests to Bob) finds its request already declined for capacity.
    assert refusal["error"]["code"] in ("capacity", "not_open")
    assert "capacity" in refusal["error"]["message"]
    assert active_count(bob) == 1
