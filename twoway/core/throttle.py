"""Atomic rate limits: count an attempt and refuse when full, in one locked step.

A :class:`Limit` counts the rows of a ledger (any queryset with ``created_at``: login failures,
comment attempts, or the generic :class:`~twoway.core.models.ThrottleHit`) inside a sliding
window. :func:`reserve` locks a row per key (:class:`~twoway.core.models.ThrottleLock`), counts,
and records the attempt before it commits, so parallel requests queue behind each other instead
of all passing a check made before any of them was recorded. The caller then does the costly
part (check a password, send an email) outside the lock; a success may give its attempt back by
deleting the row it recorded.

The lock is a row lock (``SELECT … FOR UPDATE``) on PostgreSQL; on SQLite every writing
transaction starts ``IMMEDIATE`` (settings.py), which serialises them the same way.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, TypeVar

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import ngettext

from twoway.core.models import ThrottleHit, ThrottleLock

T = TypeVar("T")
# Ledger rows and idle locks older than this are deleted: no window may be longer.
KEEP = timedelta(days=1)


@dataclass(frozen=True)
class Limit:
    """At most ``limit`` rows of ``hits`` (one key's ledger rows) per ``window`` seconds."""

    key: str
    hits: QuerySet[Any]
    limit: int
    window: int


@dataclass(frozen=True)
class Rule:
    """A limit on the generic ledger: ``name`` plus a value (an email, an address) make a key."""

    name: str
    limit: int
    window: int

    def on(self, value: str | None) -> Limit | None:
        """This rule's limit for one value; None when the value is unknown (no address)."""
        if not value:
            return None
        key = f"{self.name}:{value}"
        return Limit(key, ThrottleHit.objects.filter(key=key), self.limit, self.window)


class Throttled(Exception):
    """A limit is full; ``retry_after`` seconds until one more attempt is allowed."""

    def __init__(self, retry_after: int) -> None:
        self.retry_after = retry_after
        self.minutes = max(1, math.ceil(retry_after / 60))
        super().__init__(
            ngettext(
                "Try again in %(count)s minute.", "Try again in %(count)s minutes.", self.minutes
            )
            % {"count": self.minutes}
        )


def reserve(limits: Sequence[Limit], record: Callable[[], T]) -> T:
    """Under a lock on every key, raise Throttled if any limit is full, else ``record()`` the
    attempt (the caller's ledger row) and return what it returns.

    Call it outside any transaction: the attempt must be committed (and the lock released)
    before the costly part starts, or parallel requests would wait for each other's passwords.
    """
    with transaction.atomic():
        _lock(sorted({limit.key for limit in limits}))
        wait = max((retry_after(limit) for limit in limits), default=0)
        if wait:
            raise Throttled(wait)
        return record()


def hit(*limits: Limit | None) -> None:
    """Count one attempt in the generic ledger against each known limit, or raise Throttled."""
    known = [limit for limit in limits if limit is not None]
    reserve(known, lambda: ThrottleHit.objects.bulk_create([ThrottleHit(key=x.key) for x in known]))
    prune()


def retry_after(limit: Limit) -> int:
    """Seconds until ``limit`` allows one more attempt; 0 when it allows one now."""
    since = timezone.now() - timedelta(seconds=limit.window)
    times = list(
        limit.hits.filter(created_at__gte=since)
        .order_by("-created_at")
        .values_list("created_at", flat=True)[: limit.limit]
    )
    if len(times) < limit.limit:
        return 0
    # Allowed again once the oldest of the last `limit` attempts leaves the window.
    free_at: datetime = times[-1] + timedelta(seconds=limit.window)
    return max(1, math.ceil((free_at - timezone.now()).total_seconds()))


def _lock(keys: list[str]) -> None:
    now = timezone.now()
    # Locked one by one in key order, so two requests sharing two keys cannot wait on each other.
    # The UPDATE takes the row lock; a key seen for the first time gets its row, then the lock.
    for key in keys:
        if not ThrottleLock.objects.filter(key=key).update(touched_at=now):
            ThrottleLock.objects.bulk_create([ThrottleLock(key=key)], ignore_conflicts=True)
            ThrottleLock.objects.filter(key=key).update(touched_at=now)


def prune() -> None:
    """Delete ledger rows and locks idle for longer than any window (outside any lock)."""
    since = timezone.now() - KEEP
    ThrottleHit.objects.filter(created_at__lt=since).delete()
    ThrottleLock.objects.filter(touched_at__lt=since).delete()
