"""Open requests expire after REQUEST_EXPIRY_DAYS: lazily on read and by the periodic job."""

from datetime import timedelta
from typing import Any

from django.utils import timezone

from twoway.core.scheduler import registered_jobs
from twoway.partnerships.models import Request
from twoway.partnerships.requests import request_create, request_get, requests_for
from twoway.partnerships.tests.helpers import swap_profiles


def _overdue(request: Request) -> None:
    Request.objects.filter(pk=request.pk).update(expires_at=timezone.now() - timedelta(minutes=1))


def test_reading_a_request_applies_its_expiry(alice: Any, bob: Any) -> None:
    swap_profiles(alice, bob)
    request = request_create(sender=alice, receiver=bob, message="Hi")
    _overdue(request)
    assert request_get(user=bob, request_id=request.pk).status == "expired"
    assert requests_for(user=bob)["received"] == []


def test_the_periodic_job_expires_requests_nobody_reads(alice: Any, bob: Any) -> None:
    swap_profiles(alice, bob)
    request = request_create(sender=alice, receiver=bob, message="Hi")
    _overdue(request)
    job = registered_jobs()["partnerships.expire_requests"]
    assert job.func(timezone.now()) == 1
    request.refresh_from_db()
    assert request.status == "expired"


def test_an_expired_request_lets_the_pair_ask_again(alice: Any, bob: Any) -> None:
    swap_profiles(alice, bob)
    _overdue(request_create(sender=alice, receiver=bob, message="Hi"))
    assert request_create(sender=bob, receiver=alice, message="Still keen?").status == "open"
