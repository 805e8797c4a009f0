"""A live server for concurrency tests, and HTTP helpers to drive it from threads.

pytest-django's ``live_server`` hands its threads the test's own connection when the test
database is in-memory SQLite, so parallel requests there are not parallel transactions. This
server leaves every request thread to open its own connection, on SQLite as on PostgreSQL.
On SQLite the test then runs on a copy of the test database in a file: connections to a shared
in-memory database lock whole tables and fail at once ("database table is locked") instead of
waiting, while a file behaves as in production (IMMEDIATE transactions queue for the lock).
"""

from __future__ import annotations

import sqlite3
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher
from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.core.servers.basehttp import ThreadedWSGIServer
from django.db import connections
from django.db.backends.sqlite3.base import DatabaseWrapper as SQLite
from django.test.testcases import LiveServerThread

CSRF = "a" * 32  # any well-formed token passes when the cookie and the form agree


@pytest.fixture
def parallel_server(transactional_db: None, tmp_path: Path) -> Iterator[str]:
    """The base URL of a live server whose request threads use their own connections."""
    with _file_database(tmp_path / "parallel.sqlite3"):
        thread = _ServerThread("127.0.0.1", StaticFilesHandler, connections_override={})
        thread.daemon = True
        thread.start()
        thread.is_ready.wait()
        if thread.error:
            raise thread.error
        yield f"http://127.0.0.1:{thread.port}"
        thread.terminate()


class _Server(ThreadedWSGIServer):
    request_queue_size = 64  # with Django's 10, most of thirty connections at once are refused


class _ServerThread(LiveServerThread):
    server_class = _Server


@contextmanager
def _file_database(path: Path) -> Iterator[None]:
    """On in-memory SQLite, move every connection opened inside to a file copy of the test
    database (the memory one is kept open, untouched, and restored after); elsewhere, nothing."""
    connection = connections["default"]
    if not isinstance(connection, SQLite) or not connection.is_in_memory_db():
        yield
        return
    connection.ensure_connection()
    memory, name = connection.connection, connection.settings_dict["NAME"]
    with sqlite3.connect(path) as copy:
        memory.backup(copy)
    copy.close()
    connection.connection = None  # the next query here opens the file; `memory` keeps the db
    connection.settings_dict["NAME"] = str(path)
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict["NAME"] = name
        connection.connection = memory


def post_form(url: str, data: dict[str, str]) -> tuple[int, str]:
    """POST a form as a browser would (with a CSRF cookie); the status and the page."""
    body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": CSRF}).encode()
    request = urllib.request.Request(url, data=body, method="POST")
    request.add_header("Cookie", f"csrftoken={CSRF}")
    request.add_header("Content-Type", "application/x-www-form-urlencoded")
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(request, timeout=60) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


class CountingHasher(MD5PasswordHasher):
    """Counts password checks, each as slow as a real hash, so a test can see how many guesses
    were evaluated. Set it first in PASSWORD_HASHERS (members made then are hashed with it)."""

    algorithm = "counting_md5"
    checks = 0
    _lock = threading.Lock()

    def verify(self, password: str, encoded: str) -> bool:
        with CountingHasher._lock:
            CountingHasher.checks += 1
        threading.Event().wait(0.05)  # a real Argon2 check takes about this long
        return super().verify(password, encoded)
