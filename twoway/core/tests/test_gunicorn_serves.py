"""The production server as `make serve` starts it: gunicorn with twoway/gunicorn_conf.py, in
production settings, on a migrated SQLite file with collected static files, answers readiness
and the home page."""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from twoway.gunicorn_conf import default_workers

ROOT = Path(__file__).resolve().parents[3]
BIN = Path(sys.executable).parent


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _production_env(tmp_path: Path, port: int) -> dict[str, str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DEBUG", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE", "DJANGO_SETTINGS_MODULE")
    }
    return {
        **clean,
        "TWOWAY_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": f"http://127.0.0.1:{port}",
        "SQLITE_PATH": str(tmp_path / "twoway.sqlite3"),
        "STATIC_ROOT": str(tmp_path / "static"),
        "PORT": str(port),
        "WEB_CONCURRENCY": "2",
    }


def _get(url: str, **headers: str) -> tuple[int, bytes]:
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def _wait_until_ready(base: str, server: subprocess.Popen[bytes]) -> tuple[int, bytes]:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert server.poll() is None, "gunicorn exited before it answered"
        try:
            return _get(f"{base}/health/?format=json")
        except OSError:
            time.sleep(0.2)
    raise AssertionError("gunicorn did not answer within 60 seconds")


@pytest.mark.slow
def test_gunicorn_serves_readiness_and_the_home_page_in_production(tmp_path: Path) -> None:
    port = _free_port()
    env = _production_env(tmp_path, port)
    twoway = str(BIN / "twoway")
    setup = [
        subprocess.Popen([twoway, *args], cwd=ROOT, env=env, stdout=subprocess.DEVNULL)
        for args in (["migrate", "--no-input"], ["collectstatic", "--no-input"])
    ]
    assert [step.wait(timeout=120) for step in setup] == [0, 0]
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "--config", "python:twoway.gunicorn_conf", "twoway.wsgi"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        assert _wait_until_ready(base, server)[0] == 200
        # As the reverse proxy would send it: the site itself redirects plain HTTP to HTTPS.
        status, page = _get(f"{base}/", **{"X-Forwarded-Proto": "https"})
        assert status == 200
        assert b"two-way street" in page
    finally:
        server.send_signal(signal.SIGTERM)
        log = server.communicate(timeout=40)[0].decode()
    assert server.returncode == 0, log
    assert '"GET / HTTP/1.1" 200' in log  # the access log goes to stdout
    assert "Shutting down: Master" in log  # graceful


def test_workers_default_to_twice_the_cores_plus_one_capped_at_eight() -> None:
    assert [default_workers(cores) for cores in (None, 1, 2, 3, 16)] == [3, 3, 5, 7, 8]
