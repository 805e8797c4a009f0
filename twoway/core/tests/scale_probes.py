"""What test_scale_out.py runs inside the app processes and the workers, beside the real app.

- ``application``: the app exactly as gunicorn serves it, plus ``/__cache__/<key>``, where PUT
  stores the body in Django's cache and GET answers what the cache holds (404 when nothing), so
  the test can write through one app process and read through the other. Only that test starts
  gunicorn with this module.
- ``note_run``: a task that records each time it runs as a row, so a task run twice shows, and
  holds its worker until the other worker has claimed one too.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable
from typing import Any

from django.core.cache import cache
from django_tasks import task

from twoway.wsgi import application as app  # sets Django up: import models after it

PREFIX = "/__cache__/"
RUN_KEY = "scale-out-run:"


def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
    path = environ["PATH_INFO"]
    if not path.startswith(PREFIX):
        return app(environ, start_response)
    key = path.removeprefix(PREFIX)
    if environ["REQUEST_METHOD"] == "PUT":
        body = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
        cache.set(key, body.decode(), 300)
    value = cache.get(key)
    status = "404 Not Found" if value is None else "200 OK"
    start_response(status, [("Content-Type", "text/plain"), ("X-Pid", str(os.getpid()))])
    return [(value or "").encode()]


@task()
def note_run(number: int) -> int:
    """One row per run (in the throttle's generic ledger). The first runs wait until a second
    worker has claimed one of these tasks too, so both workers surely take from the queue at
    once, whatever the machine's load (at most a minute)."""
    from twoway.core.models import ThrottleHit

    ThrottleHit.objects.create(key=f"{RUN_KEY}{number}")
    deadline = time.monotonic() + 60
    while len(_claimers()) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    return os.getpid()


def _claimers() -> set[str]:
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    claimed = DBTaskResult.objects.filter(task_path=note_run.module_path).exclude(
        status=TaskResultStatus.READY
    )
    return {worker for ids in claimed.values_list("worker_ids", flat=True) for worker in ids}
