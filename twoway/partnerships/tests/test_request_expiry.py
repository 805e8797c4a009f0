"""Open requests expire after REQUEST_EXPIRY_DAYS: every read shows an overdue request as
expired at once, without writing; the hourly job stores it so.

Alice asks Bob; her request goes past its expiry before anyone answers.
"""

from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from twoway.core.errors import Refused
from twoway.core.scheduler import registered_jobs
from twoway.network.tests.helpers import call
from twoway.partnerships.models import Request
from twoway.partnerships.requests import (
    request_accept,
    request_create,
    request_get,
    requests_for,
)
from twoway.partnerships.suggestions import suggestions_for
from twoway.partnerships.tests.helpers import login, swap_profiles


def _overdue(request: Request) -> None:
    Request.objects.filter(pk=request.pk).update(expires_at=timezone.now() - timedelta(minutes=1))


def _stored_status(request: Request) -> str:
    return str(Request.objects.filter(pk=request.pk).values_list("status", flat=True).get())


@pytest.fixture
def overdue(alice: Any, bob: Any) -> Request:
    swap_profiles(alice, bob)
    request = request_create(sender=alice, receiver=bob, message="Hi")
    _overdue(request)
    return request


def test_reading_an_overdue_request_shows_it_expired_without_writing(
    bob: Any, overdue: Request
) -> None:
    with CaptureQueriesContext(connection) as captured:
        found = request_get(user=bob, request_id=overdue.pk)
        listed = requests_for(user=bob)
    assert (found.status, found.answered_at) == ("expired", found.expires_at)
    assert listed["received"] == [] and [r.status for r in listed["closed"]] == ["expired"]
    assert not [q for q in captured.captured_queries if not q["sql"].startswith("SELECT")]
    assert _stored_status(overdue) == "open"


def test_every_page_and_the_api_show_an_overdue_request_as_expired(
    client: Client, bob: Any, overdue: Request
) -> None:
    login(client, bob)
    home, partnerships = client.get("/").content.decode(), client.get("/partnerships/")
    assert "answer by" not in home
    assert "No requests waiting for you." in partnerships.content.decode()
    assert "Expired" in client.get(overdue.get_absolute_url()).content.decode()
    assert call(client, "get", f"/api/requests/{overdue.pk}")[1]["status"] == "expired"
    assert call(client, "get", "/api/requests")[1]["received"] == []
    assert _stored_status(overdue) == "open"


def test_an_overdue_request_can_no_longer_be_accepted(bob: Any, overdue: Request) -> None:
    with pytest.raises(Refused) as refused:
        request_accept(user=bob, request_id=overdue.pk)
    assert refused.value.code == "expired"


def test_suggestions_no_longer_mark_the_pair_as_waiting(
    alice: Any, bob: Any, overdue: Request
) -> None:
    waiting = [s.pending for s in suggestions_for(user=alice).items if s.profile.user == bob]
    assert waiting == [False]


def test_the_periodic_job_expires_requests_nobody_reads(alice: Any, bob: Any) -> None:
    swap_profiles(alice, bob)
    request = request_create(sender=alice, receiver=bob, message="Hi")
    _overdue(request)
    job = registered_jobs()["partnerships.expire_requests"]
    assert job.func(timezone.now()) == 1
    stored = Request.objects.values("status", "answered_at", "expires_at").get(pk=request.pk)
    assert (stored["status"], stored["answered_at"]) == ("expired", stored["expires_at"])


def test_an_expired_request_lets_the_pair_ask_again(alice: Any, bob: Any) -> None:
    swap_profiles(alice, bob)
    _overdue(request_create(sender=alice, receiver=bob, message="Hi"))
    assert request_create(sender=bob, receiver=alice, message="Still keen?").status == "open"
