"""Scale-out: two app processes (gunicorn) and two workers (`twoway worker`) share PostgreSQL and
Redis behind a real load balancer (HAProxy) on 127.0.0.1, with DEBUG off.

The balancer sends a request to the app named in an ``X-Backend`` header (round robin without
one) and says which one served it in ``X-Served-By``. Through it:
- Bob signs in through app1; his session cookie is valid on app2 (sessions are database rows);
- Alice's failed logins count across both apps: the limit (3 here) is reached alternating them;
- Priya's match round, enqueued once, runs exactly once with two workers polling the queue; then
  thirty small tasks enqueued at once each run once, shared out between both workers (the
  workers claim with SELECT … FOR UPDATE SKIP LOCKED);
- a value one app process puts in the cache is read by the other (Redis, REDIS_URL);
- the balancer's request id comes back on the response.

It needs PostgreSQL (the PostgreSQL pass of .ci/run), Redis on 127.0.0.1:6379 (REDIS_TEST_URL to
change) and HAProxy (`scripts/bootstrap.sh haproxy`, run by `make install-dev`); without one of
them it is skipped, saying which.
"""

from __future__ import annotations

import json
import re
import secrets
import shutil
import urllib.parse
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import pytest
import redis
from django.db import connection
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from conftest import PASSWORD
from twoway.core.models import ThrottleHit, WorkerBeat
from twoway.core.tests.processes import (
    TWOWAY,
    Response,
    child_env,
    free_port,
    postgres_url,
    request,
    running,
    wait_for,
)
from twoway.core.tests.scale_probes import RUN_KEY, note_run
from twoway.programs.models import Round
from twoway.programs.rounds import round_start
from twoway.programs.tests.helpers import enrol, members, program_for

REDIS_URL = "redis://127.0.0.1:6379/0"
GUNICORN = str(Path(TWOWAY[0]).parent / "gunicorn")
HAPROXY_CONFIG = """
global
    maxconn 256
defaults
    mode http
    timeout connect 5s
    timeout client 120s
    timeout server 120s
frontend lb
    bind 127.0.0.1:{lb}
    option forwardfor
    unique-id-format %[uuid()]
    http-request set-header X-Request-ID %[unique-id] unless {{ req.hdr(x-request-id) -m found }}
    http-request set-header X-Forwarded-Proto https
    default_backend apps
backend apps
    balance roundrobin
    use-server app1 if {{ req.hdr(x-backend) -m str app1 }}
    use-server app2 if {{ req.hdr(x-backend) -m str app2 }}
    http-response set-header X-Served-By %[srv_name]
    server app1 127.0.0.1:{app1}
    server app2 127.0.0.1:{app2}
"""


def _missing_service() -> str:
    """Why this machine can't run the test, or "" when it can."""
    if connection.vendor != "postgresql":
        return "needs PostgreSQL (DATABASE_URL): it runs in the PostgreSQL pass of .ci/run"
    if shutil.which("haproxy") is None:
        return "needs HAProxy: run scripts/bootstrap.sh haproxy (make install-dev does)"
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.RedisError as exc:
        return f"needs Redis at {REDIS_URL} ({exc})"
    return ""


@dataclass
class Site:
    """The balancer's port, and where each process writes its log."""

    lb: int
    logs: Path

    def get(self, path: str, app: str = "", **headers: str) -> Response:
        return self.send("GET", path, app, **headers)

    def send(
        self, method: str, path: str, app: str = "", body: str = "", **headers: str
    ) -> Response:
        if app:
            headers["X-Backend"] = app
        response = request(self.lb, method, path, body, **headers)
        served = response.headers["X-Served-By"]
        if served is None:  # the balancer's own answer (502, 503) while the app isn't up yet
            assert response.status >= 500, response.status
        else:
            assert not app or served == app, f"{served} served, not {app}"
        return response

    def log_records(self, name: str) -> list[dict[str, Any]]:
        """A process's JSON log records (gunicorn's own lines are not JSON and are skipped)."""
        lines = (self.logs / f"{name}.log").read_text().splitlines()
        return [json.loads(line) for line in lines if line.startswith("{")]


@pytest.fixture
def site(transactional_db: None, tmp_path: Path) -> Iterator[Site]:
    missing = _missing_service()
    if missing:
        pytest.skip(missing)
    ports = {"lb": free_port(), "app1": free_port(), "app2": free_port()}
    # Production's own settings (TLS redirects, collected static files) are test_gunicorn_serves'
    # to check; here DEBUG is off and everything shared goes through PostgreSQL and Redis.
    env = child_env(
        DEBUG="false", SECRET_KEY=secrets.token_urlsafe(50), DATABASE_URL=postgres_url(),
        REDIS_URL=REDIS_URL, WEB_CONCURRENCY="1", LOGIN_MAX_FAILURES="3",
        TRUST_X_FORWARDED_FOR="true", LOG_FORMAT="json",
    )  # fmt: skip
    config = tmp_path / "haproxy.cfg"
    config.write_text(HAPROXY_CONFIG.format(**ports))
    app = [GUNICORN, "--config", "python:twoway.gunicorn_conf",
           "twoway.core.tests.scale_probes:application"]  # fmt: skip
    worker = [*TWOWAY, "worker", "--no-reload", "--interval", "0.2", "--worker-id"]
    with ExitStack() as stack:
        for name in ("app1", "app2"):
            stack.enter_context(
                running(app, tmp_path / f"{name}.log", {**env, "PORT": str(ports[name])})
            )
        for name in ("worker1", "worker2"):
            stack.enter_context(running([*worker, name], tmp_path / f"{name}.log", env))
        stack.enter_context(
            running(["haproxy", "-db", "-f", str(config)], tmp_path / "lb.log", env)
        )
        site = Site(ports["lb"], tmp_path)
        for name in ("app1", "app2"):
            wait_for(partial(_answers, site, name), 300, f"{name} to answer")
        wait_for(lambda: WorkerBeat.objects.count() == 2, 300, "both workers' heartbeats")
        yield site


def _answers(site: Site, app: str) -> bool:
    return site.get("/healthz", app).status == 200


def _csrf(site: Site) -> dict[str, str]:
    """A CSRF cookie and its form token, as a browser gets them from the login page."""
    page = site.get("/accounts/login/", "app1")
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.body)
    assert match, "the login page has a CSRF token"
    return {"cookie": page.cookies()["csrftoken"], "token": match.group(1)}


def _log_in(site: Site, app: str, email: str, password: str, csrf: dict[str, str]) -> Response:
    body = urllib.parse.urlencode(
        {"username": email, "password": password, "csrfmiddlewaretoken": csrf["token"]}
    )
    # https: gunicorn takes the scheme from the balancer's X-Forwarded-Proto (it trusts 127.0.0.1).
    return site.send(
        "POST", "/accounts/login/", app, body,
        Cookie=f"csrftoken={csrf['cookie']}", Origin=f"https://127.0.0.1:{site.lb}",
        **{"Content-Type": "application/x-www-form-urlencoded"},
    )  # fmt: skip


@pytest.mark.slow
def test_two_apps_and_two_workers_share_sessions_limits_tasks_and_the_cache(
    site: Site, alice: Any, bob: Any, priya: Any
) -> None:
    csrf = _csrf(site)

    # Bob signs in through app1; app2 knows him by the same cookie.
    signed_in = _log_in(site, "app1", "bob@example.com", PASSWORD, csrf)
    assert signed_in.status == 302
    session = signed_in.cookies()["sessionid"]
    assert "Welcome back" not in site.get("/", "app2").body  # a visitor there
    home = site.get("/", "app2", Cookie=f"sessionid={session}")
    assert home.status == 200 and "Welcome back" in home.body and "Log out" in home.body

    # Alice's failures count on both apps: three, alternating, and then even her password waits.
    for app in ("app1", "app2", "app1"):
        failed = _log_in(site, app, "alice@example.com", "not her password", csrf)
        assert failed.status == 200 and "don&#x27;t match" in failed.body
    refused = _log_in(site, "app2", "alice@example.com", PASSWORD, csrf)
    assert refused.status == 200 and "Too many failed attempts" in refused.body

    # Priya's round, enqueued once, with both workers polling; then thirty small tasks at once.
    program = program_for(priya)
    enrol(program, members(40))
    round_id = round_start(user=priya, program=program).pk
    waiting = DBTaskResult.objects.filter(
        status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING]
    )
    wait_for(lambda: not waiting.exists(), 180, "the round to finish")
    probes = [note_run.enqueue(n).id for n in range(30)]
    wait_for(lambda: not waiting.exists(), 180, "the small tasks to finish")
    round_ = Round.objects.get(pk=round_id)
    assert (round_.status, round_.attempt) == (Round.Status.PROPOSED, 1), round_.error
    round_task = DBTaskResult.objects.get(task_path="twoway.programs.tasks.run_round")
    assert round_task.status == TaskResultStatus.SUCCESSFUL and len(round_task.worker_ids) == 1
    running_line = f"Task id={round_task.pk} path={round_task.task_path} state=RUNNING"
    started = [
        r for name in ("worker1", "worker2") for r in site.log_records(name)
        if r["message"] == running_line
    ]  # fmt: skip
    assert len(started) == 1, "the round ran exactly once"
    runs = ThrottleHit.objects.filter(key__startswith=RUN_KEY).values_list("key", flat=True)
    assert sorted(runs) == sorted(f"{RUN_KEY}{n}" for n in range(30)), "each task ran once"
    takers = DBTaskResult.objects.filter(pk__in=probes).values_list("worker_ids", flat=True)
    assert all(len(ids) == 1 for ids in takers)
    assert {ids[0] for ids in takers} == {"worker1", "worker2"}, "both workers took tasks"

    # The cache: written through app1, read through app2.
    key = f"scale-out-{secrets.token_hex(4)}"
    assert site.send("PUT", f"/__cache__/{key}", "app1", "shared by all").status == 200
    read = site.get(f"/__cache__/{key}", "app2")
    assert (read.status, read.body) == (200, "shared by all")
    assert site.get(f"/__cache__/{key}", "app1").headers["X-Pid"] != read.headers["X-Pid"]

    # The balancer's request id reaches the app and comes back.
    assert re.fullmatch(r"[0-9a-f-]{36}", site.get("/healthz").headers["X-Request-ID"])
