"""What the programs app's background jobs (match rounds, imports) share: a heartbeat while they
run, and closing the task of a worker that died.

A job's worker writes ``heartbeat_at`` on its row as it goes (each progress write, and from a
:class:`Heartbeat` thread every few seconds in between, so a long stretch inside the engine with
no progress callback still beats). When the worker process is killed, the beats stop; a running
job silent for ``WORKER_HEARTBEAT_SECONDS`` is queued again as a new attempt by the periodic job
(``programs/periodic.py``) or as soon as someone opens it. See
:class:`twoway.programs.models.BackgroundWork`.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable
from types import TracebackType
from typing import TYPE_CHECKING, Any, TypeVar

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.db.models import QuerySet
from django.utils import timezone

if TYPE_CHECKING:
    from twoway.programs.models import BackgroundWork

logger = logging.getLogger(__name__)
LOST_MESSAGE = "The worker running this stopped (killed or restarted); it was queued again."
J = TypeVar("J", bound="BackgroundWork")


def beat_every() -> float:
    """Seconds between heartbeats: several per allowed silence, so one slow write is no death."""
    return max(settings.WORKER_HEARTBEAT_SECONDS / 6, 0.2)


class Heartbeat:
    """A daemon thread writing ``heartbeat_at`` on ``rows`` every :func:`beat_every` seconds.

    Use as a context manager around the work. The thread has its own database connection, closed
    when it stops; a write that fails (the database is busy) is skipped: the next one comes soon.
    """

    def __init__(self, rows: QuerySet[Any]) -> None:
        self.rows = rows
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, name="heartbeat", daemon=True)

    def __enter__(self) -> Heartbeat:
        self.thread.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.stop.set()
        self.thread.join()

    def _run(self) -> None:
        wrote = False
        try:
            while not self.stop.wait(beat_every()):
                wrote = True
                try:
                    self.rows.update(heartbeat_at=timezone.now())
                except DatabaseError:
                    logger.warning("Heartbeat write failed; trying again", exc_info=True)
        finally:
            if wrote:
                connection.close()  # this thread's own connection


def task_abandon(task: Any, args: list[Any]) -> int:
    """Mark the queued run of ``task(*args)`` that is still "running" as failed: its worker died.

    Only the database backend keeps task rows; with any other backend this does nothing.
    """
    if not task.get_backend().supports_defer:
        return 0
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    rows = DBTaskResult.objects.filter(
        task_path=task.module_path, status=TaskResultStatus.RUNNING, args_kwargs__args=args
    )
    return rows.update(
        status=TaskResultStatus.FAILED,
        finished_at=timezone.now(),
        exception_class_path="twoway.programs.worker.WorkerLost",
        traceback=LOST_MESSAGE,
    )


def revive(job: J, task: Any, requeue: Callable[[J], J]) -> J:
    """Queue ``job`` again as a new attempt (``requeue``, called locked) if its worker died: no
    heartbeat for too long. Its dead task is marked failed; a live job is returned as it is."""
    if not job.looks_stuck:
        return job
    with transaction.atomic():
        locked: J = type(job)._default_manager.select_for_update().get(pk=job.pk)
        if not locked.looks_stuck:
            return locked
        logger.warning("%s %s lost its worker (attempt %s); queued again",
                       type(locked).__name__, locked.pk, locked.attempt)  # fmt: skip
        task_abandon(task, [locked.pk, locked.attempt])
        return requeue(locked)


def revive_lost(jobs: Iterable[J], revive_one: Callable[[J], J]) -> int:
    """Queue again every job of ``jobs`` whose worker died; returns how many (periodic jobs)."""
    return sum(revive_one(job).attempt != job.attempt for job in jobs)
