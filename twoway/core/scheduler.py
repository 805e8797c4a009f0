"""The periodic-job scheduler (nudges, reminders, expiry) on top of django-tasks, which has none.

Any app registers its jobs in its own ``<app>/periodic.py``, which the notifications app imports
at start-up (``autodiscover_modules("periodic")``)::

    from datetime import timedelta
    from twoway.core.scheduler import periodic

    @periodic("partnerships.no_recent_session", every=timedelta(days=1))
    def nudge_quiet_partnerships(now: datetime) -> None:
        ...  # call notify(..., dedupe_key=f"...:{period_key(timedelta(weeks=1), now)}")

One task, ``twoway.notifications.tasks.run_periodic_jobs``, runs every job that is due and then
queues itself again (with ``run_after``) for when the next job falls due, at least one and at most
``TICK_MAX`` minutes on. ``twoway run_periodic --schedule`` (called by ``make run`` and
``make worker``) starts that chain; it is harmless to call again, because a waiting tick is never
queued twice. Each job's next due time is a ``notifications.PeriodicJob`` row claimed with one
conditional UPDATE, so two ticks or two workers never run a job twice in a period. Jobs still pass
a ``dedupe_key`` to ``notify`` so a job that reruns (after a crash, or by hand) sends nothing twice.

The tick task and the ``PeriodicJob`` model stay in the notifications app: queued ticks name the
task by its path, and the rows live in that app's table.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TypeVar

from django.db import IntegrityError, transaction
from django.db.models import Min, Model, QuerySet
from django.utils import timezone

from twoway.notifications.models import PeriodicJob

logger = logging.getLogger(__name__)

JobFunc = Callable[[datetime], object]
TICK_MIN = timedelta(minutes=1)
TICK_MAX = timedelta(minutes=15)


@dataclass(frozen=True)
class Job:
    name: str
    func: JobFunc
    every: timedelta


_registry: dict[str, Job] = {}


def register_periodic(name: str, func: JobFunc, *, every: timedelta) -> None:
    """Run ``func(now)`` once every ``every``. Registering a name again replaces the job."""
    if every < TICK_MIN:
        raise ValueError(f"A periodic job runs at most once a minute; {name!r} asks for {every}.")
    _registry[name] = Job(name=name, func=func, every=every)


def periodic(name: str, *, every: timedelta) -> Callable[[JobFunc], JobFunc]:
    """Decorator form of :func:`register_periodic`."""

    def decorate(func: JobFunc) -> JobFunc:
        register_periodic(name, func, every=every)
        return func

    return decorate


def registered_jobs() -> dict[str, Job]:
    """The registered jobs by name (a copy)."""
    return dict(_registry)


def unregister_periodic(name: str) -> None:
    _registry.pop(name, None)


def period_key(every: timedelta, now: datetime | None = None) -> str:
    """A label for the period of length ``every`` that ``now`` falls in, for a ``dedupe_key``.

    Periods are counted from the Unix epoch, so every process agrees on them.
    """
    now = now or timezone.now()
    seconds = int(every.total_seconds())
    return f"{seconds}s#{int(now.timestamp()) // seconds}"


# Rows read at a time by in_batches: a job's memory stays flat however many rows it covers.
BATCH = 500

M = TypeVar("M", bound=Model)


def in_batches(rows: QuerySet[M], size: int | None = None) -> Iterator[list[M]]:
    """The rows in primary-key order, ``size`` (default BATCH) at a time, by keyset: each batch
    is one query starting after the last key seen, so prefetches run per batch."""
    size = size or BATCH
    last = None
    while True:
        page = rows.order_by("pk") if last is None else rows.filter(pk__gt=last).order_by("pk")
        batch = list(page[:size])
        if not batch:
            return
        yield batch
        last = batch[-1].pk


def run_due_jobs(*, now: datetime | None = None) -> list[str]:
    """Run every registered job whose time has come; returns the names that ran.

    A job that raises is logged and recorded on its ``PeriodicJob`` row; it runs again next period.
    """
    now = now or timezone.now()
    ran = []
    for job in list(_registry.values()):
        if _claim(job, now):
            _run(job, now)
            ran.append(job.name)
    return ran


def _claim(job: Job, now: datetime) -> bool:
    try:
        with transaction.atomic():
            PeriodicJob.objects.get_or_create(name=job.name, defaults={"next_run_at": now})
    except IntegrityError:
        pass  # another worker created the row first; the UPDATE below decides who runs
    due = PeriodicJob.objects.filter(name=job.name, next_run_at__lte=now)
    return due.update(next_run_at=now + job.every, last_started_at=now) == 1


def _run(job: Job, now: datetime) -> None:
    error = ""
    try:
        job.func(now)
    except Exception:
        logger.exception("Periodic job %s failed", job.name)
        error = traceback.format_exc()
    PeriodicJob.objects.filter(name=job.name).update(
        last_finished_at=timezone.now(), last_error=error
    )


def next_tick_at(*, now: datetime | None = None) -> datetime:
    """When the next tick should run: when the next job is due, within [TICK_MIN, TICK_MAX]."""
    now = now or timezone.now()
    due = PeriodicJob.objects.filter(name__in=_registry).aggregate(at=Min("next_run_at"))["at"]
    return min(max(due or now, now + TICK_MIN), now + TICK_MAX)


def schedule_tick(*, run_after: datetime | None = None) -> bool:
    """Queue the periodic tick unless one is already waiting; returns True when it queued one.

    Needs a backend that can defer tasks (the database backend). With any other backend this
    does nothing: run ``twoway run_periodic`` from cron instead.
    """
    from django_tasks_db.models import DBTaskResult

    from twoway.notifications.tasks import run_periodic_jobs

    if not run_periodic_jobs.get_backend().supports_defer:
        return False
    waiting = DBTaskResult.objects.filter(
        task_path=run_periodic_jobs.module_path, status="READY"
    ).exists()
    if waiting:
        return False
    tick = run_periodic_jobs.using(run_after=run_after) if run_after else run_periodic_jobs
    tick.enqueue()
    return True
