"""Gunicorn's settings for `make serve` (docs/deploy.md): ``gunicorn -c python:twoway.gunicorn_conf
twoway.wsgi``. Every value comes from an environment variable with a default for one machine
behind a reverse proxy."""

from __future__ import annotations

import os
from typing import Any


def default_workers(cores: int | None) -> int:
    """Gunicorn's rule of thumb, 2 × cores + 1, capped at 8: past that, SQLite's single writer
    and the memory of each worker (numpy, scipy, numba) cost more than the extra workers give."""
    return min(2 * (cores or 1) + 1, 8)


bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY") or default_workers(os.cpu_count()))
# A request still running after this many seconds is killed with its worker; a match round
# runs in the background worker, never inside a request.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
# On SIGTERM (a deploy, a restart) the workers finish their requests for up to this long.
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
# Behind a proxy that keeps connections open to the app; longer than nginx's default of none.
keepalive = 5
# gunicorn 27's control socket (for `gunicornc`) is one path per user: two servers on a machine
# (or a test beside a running one) would take it from each other, and nothing here uses it.
control_socket_disable = True
accesslog = "-"
errorlog = "-"
# The client address as the proxy passed it, then the usual common-log fields, the duration and
# the request id (the proxy's X-Request-ID or the app's own, as the response carries it).
access_log_format = (
    '%({x-forwarded-for}i)s %(h)s "%(r)s" %(s)s %(b)s %(M)sms "%(a)s" %({x-request-id}o)s'
)


def child_exit(server: Any, worker: Any) -> None:
    """With PROMETHEUS_MULTIPROC_DIR set, /metrics adds up every worker's numbers; a worker that
    exits must be marked so its live gauges stop counting."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)  # type: ignore[no-untyped-call]
