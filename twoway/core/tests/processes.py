"""Helpers for tests that start real processes (gunicorn, `twoway worker`, HAProxy) against the
test database: free ports, waiting, HTTP without redirects or cookie jars, and the environment
that points a child process at the test's own PostgreSQL database."""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.db import connection

from twoway.core.tests.live import _file_database

ROOT = Path(__file__).resolve().parents[3]
TWOWAY = [sys.executable, "-m", "twoway.cli"]
# Variables of the test process that must not leak into a child configured on purpose.
PRIVATE = ("DEBUG", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE", "DJANGO_SETTINGS_MODULE")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for(check: Callable[[], Any], seconds: float, what: str) -> Any:
    """Poll ``check`` until it returns something truthy; its value. Connection errors count as
    not yet."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            value = check()
            if value:
                return value
        except OSError:
            pass
        assert time.monotonic() < deadline, f"timed out after {seconds:.0f} s waiting for {what}"
        time.sleep(0.1)


def postgres_url() -> str:
    """A URL for the test's own PostgreSQL database, for child processes."""
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


@contextmanager
def shared_database(tmp_path: Path) -> Iterator[dict[str, str]]:
    """The variables that point a child process at the test's database: its PostgreSQL database,
    or on SQLite a file copy that the test's own connection moves to as well (tests/live.py).
    Needs a transactional test, so that both sides see each other's commits."""
    if connection.vendor == "postgresql":
        yield {"DATABASE_URL": postgres_url()}
        return
    path = tmp_path / "shared.sqlite3"
    with _file_database(path):
        yield {"SQLITE_PATH": str(path)}


def child_env(**extra: str) -> dict[str, str]:
    """This environment without the test process's own settings, plus ``extra``."""
    return {**{k: v for k, v in os.environ.items() if k not in PRIVATE}, **extra}


class Response:
    def __init__(self, status: int, headers: http.client.HTTPMessage, body: str) -> None:
        self.status, self.headers, self.body = status, headers, body

    def cookies(self) -> dict[str, str]:
        """The cookies this response sets, by name (attributes such as Secure ignored)."""
        pairs = (h.split(";", 1)[0].split("=", 1) for h in self.headers.get_all("Set-Cookie", []))
        return {name.strip(): value for name, value in pairs}


def request(port: int, method: str, path: str, body: str = "", **headers: str) -> Response:
    """One HTTP request to 127.0.0.1:``port``, following no redirect."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request(method, path, body=body.encode() or None, headers=headers)
        reply = conn.getresponse()
        return Response(reply.status, reply.headers, reply.read().decode())
    finally:
        conn.close()


@contextmanager
def running(args: list[str], log: Path, env: dict[str, str]) -> Iterator[subprocess.Popen[bytes]]:
    """Start ``args`` with its output in ``log``; on leaving, SIGTERM, then SIGKILL after 30 s."""
    with log.open("wb") as out:
        process = subprocess.Popen(args, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
        try:
            yield process
        finally:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
