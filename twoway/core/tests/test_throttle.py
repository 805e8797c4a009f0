"""The throttle counts attempts in a sliding window and records one only when it is allowed.

Its behaviour under parallel requests is tested where it is used: thirty logins at once
(accounts/tests/test_concurrent_logins.py) and twenty replies at once
(posts/tests/test_concurrent_replies.py).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from twoway.core import throttle
from twoway.core.models import ThrottleHit, ThrottleLock
from twoway.core.throttle import Rule, Throttled

pytestmark = pytest.mark.django_db

THREE_A_MINUTE = Rule("test:email", limit=3, window=60)


def _age(seconds: int) -> None:
    ThrottleHit.objects.update(created_at=timezone.now() - timedelta(seconds=seconds))


def test_it_allows_the_limit_then_refuses_with_the_wait() -> None:
    for _ in range(3):
        throttle.hit(THREE_A_MINUTE.on("alice@example.com"))
    with pytest.raises(Throttled) as refused:
        throttle.hit(THREE_A_MINUTE.on("alice@example.com"))
    assert 59 <= refused.value.retry_after <= 60
    assert str(refused.value) == "Try again in 1 minute."
    assert ThrottleHit.objects.count() == 3  # a refused attempt is not recorded


def test_each_value_has_its_own_count() -> None:
    for _ in range(3):
        throttle.hit(THREE_A_MINUTE.on("alice@example.com"))
    throttle.hit(THREE_A_MINUTE.on("bob@example.com"))


def test_one_full_limit_refuses_the_attempt_for_all_its_limits() -> None:
    per_ip = Rule("test:ip", limit=10, window=60)
    for _ in range(3):
        throttle.hit(THREE_A_MINUTE.on("alice@example.com"), per_ip.on("203.0.113.7"))
    with pytest.raises(Throttled):
        throttle.hit(THREE_A_MINUTE.on("alice@example.com"), per_ip.on("203.0.113.7"))
    assert ThrottleHit.objects.filter(key="test:ip:203.0.113.7").count() == 3


def test_an_unknown_value_is_not_limited() -> None:
    assert THREE_A_MINUTE.on(None) is None
    for _ in range(5):
        throttle.hit(THREE_A_MINUTE.on(""))
    assert not ThrottleHit.objects.exists()


def test_attempts_leave_the_window_one_by_one() -> None:
    for _ in range(3):
        throttle.hit(THREE_A_MINUTE.on("alice@example.com"))
    _age(61)
    throttle.hit(THREE_A_MINUTE.on("alice@example.com"))
    assert ThrottleHit.objects.count() == 4


def test_the_caller_records_its_own_row_and_gets_it_back() -> None:
    limit = THREE_A_MINUTE.on("alice@example.com")
    assert limit is not None
    row = throttle.reserve([limit], lambda: ThrottleHit.objects.create(key=limit.key))
    assert ThrottleHit.objects.get() == row


def test_rows_and_locks_idle_for_a_day_are_pruned(settings: Any) -> None:
    throttle.hit(THREE_A_MINUTE.on("alice@example.com"))
    _age(2 * 86400)
    ThrottleLock.objects.update(touched_at=timezone.now() - timedelta(days=2))
    throttle.hit(THREE_A_MINUTE.on("bob@example.com"))
    bob = ["test:email:bob@example.com"]
    assert list(ThrottleHit.objects.values_list("key", flat=True)) == bob
    assert list(ThrottleLock.objects.values_list("key", flat=True)) == bob
