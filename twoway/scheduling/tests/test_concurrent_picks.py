"""Bob picks two of Alice's times at the same moment (a double click, two tabs): one session.

The requests run through a live server whose threads use their own database connections: on
PostgreSQL the proposal's row lock serialises them; on SQLite, IMMEDIATE transactions do. The
loser finds the proposal answered.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any

import pytest
from django.test import Client

from conftest import PASSWORD
from twoway.core.tests.live import CSRF, parallel_server
from twoway.core.tests.race import race
from twoway.notifications.models import Kind, Notification
from twoway.partnerships.models import Session
from twoway.scheduling.models import Proposal
from twoway.scheduling.services import proposal_send, slots_find

from .helpers import berlin_and_new_york, free_most_days

pytestmark = pytest.mark.django_db(transaction=True)

__all__ = ["parallel_server"]  # the fixture, imported for pytest


def _session(user: Any) -> str:
    client = Client()
    assert client.login(email=user.email, password=PASSWORD)
    return client.cookies["sessionid"].value


def _post(url: str, session: str, body: dict[str, Any]) -> tuple[int, Any]:
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST")
    request.add_header("Content-Type", "application/json")
    request.add_header("Cookie", f"sessionid={session}; csrftoken={CSRF}")
    request.add_header("X-CSRFToken", CSRF)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


def test_two_picks_at_once_make_one_session(parallel_server: str, alice: Any, bob: Any) -> None:
    pair = berlin_and_new_york(alice, bob)
    free_most_days(alice, bob)
    found = slots_find(user=alice, partnership=pair).offered
    proposal = proposal_send(user=alice, partnership=pair, starts=found[:2])
    first, second = (s.pk for s in proposal.slots.all())
    laptop, phone = _session(bob), _session(bob)
    url = f"{parallel_server}/api/proposals/{proposal.pk}/pick"
    results = race(
        lambda: _post(url, laptop, {"slot": first}),
        lambda: _post(url, phone, {"slot": second}),
    )
    assert sorted(status for status, _ in results) == [200, 409], results
    refusal = next(body for status, body in results if status == 409)
    assert refusal["error"]["code"] == "proposal_closed"
    session = Session.objects.get()
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.PICKED and proposal.session == session
    picked = Notification.objects.filter(recipient=alice, kind=Kind.TIME_PROPOSED)
    assert picked.count() == 1
