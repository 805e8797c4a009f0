"""Rows the throttle (twoway/core/throttle.py) keeps: a lock per key and a generic ledger; and
the background workers' heartbeats (WorkerBeat)."""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class ThrottleLock(models.Model):
    """One row per throttled key. A throttle locks it while it counts and records an attempt,
    so two requests for one key take turns instead of both passing the same count."""

    key = models.CharField(max_length=300, primary_key=True)
    touched_at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self) -> str:
        return self.key


class ThrottleHit(models.Model):
    """One counted attempt, for surfaces that keep no log of their own (sign-up, password reset).

    Login failures and comment attempts are their apps' own rows; the throttle counts those.
    """

    key = models.CharField(max_length=300)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        indexes = [models.Index(fields=["key", "created_at"], name="core_throttlehit_key_at")]

    def __str__(self) -> str:
        return f"{self.key} at {self.created_at:%Y-%m-%d %H:%M}"


class WorkerBeat(models.Model):
    """One row per running `twoway worker` process, written every few seconds while it runs
    (twoway/core/management/commands/worker.py) and deleted when it stops: /readyz looks for a
    recent one. A row left by a killed worker simply stops being recent."""

    worker_id = models.CharField(max_length=64, primary_key=True)
    hostname = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField(default=timezone.now)
    heartbeat_at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self) -> str:
        return f"{self.worker_id} on {self.hostname} (pid {self.pid})"


class Stamp(models.Model):
    """A named version of something pages cache (twoway/core/stamps.py): a random number that a
    change to it replaces, in the change's own transaction. A cached page's key holds the
    versions it was rendered at, so every process stops serving it at the next request."""

    key = models.CharField(max_length=100, primary_key=True)
    version = models.BigIntegerField()

    def __str__(self) -> str:
        return f"{self.key} at {self.version}"
