"""`twoway worker`: django-tasks' `db_worker` (same options) that also writes a heartbeat.

The worker claims each task with ``SELECT … FOR UPDATE SKIP LOCKED`` (PostgreSQL), so any number
of them can share one queue without running a task twice (twoway/core/tests/test_scale_out.py).
While it runs, its :class:`~twoway.core.models.WorkerBeat` row is rewritten every few seconds;
/readyz fails when no worker has beaten within WORKER_HEARTBEAT_SECONDS. `twoway db_worker`
still works, without the heartbeat.
"""

from __future__ import annotations

import os
import socket
from datetime import timedelta
from typing import Any

from django.db import connection
from django.utils import timezone
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from twoway.core.models import WorkerBeat
from twoway.programs.worker import Heartbeat


class Command(DbWorkerCommand):
    help = "Run the background worker (django-tasks' db_worker) with a heartbeat for /readyz."

    def handle(self, *args: Any, **options: Any) -> None:
        if options["reload"] and os.environ.get(DJANGO_AUTORELOAD_ENV) != "true":
            # With --reload this process only watches the code; its child runs the tasks and beats.
            super().handle(*args, **options)
            return
        worker_id = options["worker_id"]
        beat_start(worker_id)
        try:
            with Heartbeat(WorkerBeat.objects.filter(pk=worker_id)):
                super().handle(*args, **options)
        finally:
            WorkerBeat.objects.filter(pk=worker_id).delete()
            connection.close()


def beat_start(worker_id: str) -> None:
    """Write this worker's first beat, and forget workers silent for a day (killed ones)."""
    now = timezone.now()
    WorkerBeat.objects.filter(heartbeat_at__lt=now - timedelta(days=1)).delete()
    WorkerBeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={"hostname": socket.gethostname()[:255], "pid": os.getpid(), "started_at": now,
                  "heartbeat_at": now},
    )  # fmt: skip
