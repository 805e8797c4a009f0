"""Readiness checks beyond django-health-check's own (database, cache): every migration applied,
a background worker alive (its heartbeat), and the workers keeping up with their queue. The views
that run them are in views.py."""

from __future__ import annotations

import dataclasses
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import connections
from django.db.migrations.executor import MigrationExecutor
from django.db.models import Q, QuerySet
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max
from health_check.base import HealthCheck
from health_check.exceptions import ServiceUnavailable

from twoway.core.models import WorkerBeat


@dataclasses.dataclass
class MigrationsApplied(HealthCheck):  # type: ignore[misc]  # the library has no types
    """Fails while the code has migrations the database lacks: a new release whose `migrate`
    has not run yet would fail on the first query that touches a new column."""

    alias: str = "default"

    def run(self) -> None:
        connection = connections[self.alias]
        try:
            executor = MigrationExecutor(connection)
            plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
        finally:
            connection.close()  # this runs in a worker thread: leave no connection behind it
        if plan:
            raise ServiceUnavailable(f"{len(plan)} migration(s) not applied: run `twoway migrate`")


@dataclasses.dataclass
class TaskWorkerKeepingUp(HealthCheck):  # type: ignore[misc]
    """Fails when a task has waited longer than TASK_QUEUE_MAX_WAIT_SECONDS to start: no
    `twoway worker` is running, or it is far behind."""

    def run(self) -> None:
        try:
            waiting = overdue_tasks().count()
        finally:
            connections["default"].close()
        if waiting:
            raise ServiceUnavailable(
                f"{waiting} task(s) waiting longer than {settings.TASK_QUEUE_MAX_WAIT_SECONDS}s: "
                "is `twoway worker` running?"
            )


def overdue_tasks() -> QuerySet[DBTaskResult[Any, Any]]:
    """Tasks ready to run since before the allowed wait (a task with no delay waits from when
    it was enqueued, a delayed one from its run_after)."""
    cutoff = timezone.now() - timedelta(seconds=settings.TASK_QUEUE_MAX_WAIT_SECONDS)
    return DBTaskResult.objects.ready().filter(
        Q(run_after=get_date_max(), enqueued_at__lt=cutoff) | Q(run_after__lt=cutoff)
    )


@dataclasses.dataclass
class WorkerAlive(HealthCheck):  # type: ignore[misc]
    """Fails when no `twoway worker` has written its heartbeat within WORKER_HEARTBEAT_SECONDS:
    none runs (or they all hang), so emails, match rounds and imports would wait."""

    def run(self) -> None:
        try:
            alive = live_workers().count()
        finally:
            connections["default"].close()
        if not alive:
            raise ServiceUnavailable(
                f"no worker heartbeat in the last {settings.WORKER_HEARTBEAT_SECONDS}s: "
                "start `twoway worker`"
            )


def live_workers() -> QuerySet[WorkerBeat]:
    """Workers whose last heartbeat is recent enough to count them running."""
    since = timezone.now() - timedelta(seconds=settings.WORKER_HEARTBEAT_SECONDS)
    return WorkerBeat.objects.filter(heartbeat_at__gte=since)
