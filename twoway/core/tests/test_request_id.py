"""Every response carries a request id, taken from the proxy's X-Request-ID or made afresh, and
every log record written while the request runs carries the same id; production logs are JSON."""

from __future__ import annotations

import io
import json
import logging
import logging.config
import os
import secrets
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def json_log() -> Iterator[io.StringIO]:
    """Records from every logger, formatted as settings.LOGGING's json formatter does."""
    out = io.StringIO()
    config: Any = {
        **settings.LOGGING,
        "handlers": {
            "capture": {
                "class": "logging.StreamHandler",
                "stream": out,
                "formatter": "json",
                "filters": ["request_id"],
            }
        },
        "root": {"handlers": ["capture"], "level": "INFO"},
    }
    logging.config.dictConfig(config)
    try:
        yield out
    finally:
        logging.config.dictConfig(settings.LOGGING)


def _records(out: io.StringIO) -> list[dict[str, Any]]:
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_every_response_gets_a_fresh_request_id(client: Client, db: None) -> None:
    first, second = client.get("/healthz"), client.get("/healthz")
    ids = [first["X-Request-ID"], second["X-Request-ID"]]
    assert ids[0] != ids[1]
    assert all(len(i) == 32 and int(i, 16) >= 0 for i in ids)


def test_the_proxys_request_id_comes_back_on_the_response(client: Client, db: None) -> None:
    response = client.get("/healthz", headers={"X-Request-ID": "nginx-5f2a9c1e7b"})
    assert response["X-Request-ID"] == "nginx-5f2a9c1e7b"


@pytest.mark.parametrize(
    "sent", ["short", "two words here", "line\nbreak-injected", "x" * 129, "quote\"'<>"]
)
def test_charlies_made_up_request_id_is_replaced_by_a_fresh_one(
    client: Client, db: None, sent: str
) -> None:
    response = client.get("/healthz", headers={"X-Request-ID": sent})
    assert response["X-Request-ID"] != sent
    assert len(response["X-Request-ID"]) == 32


def test_a_failed_login_is_logged_with_the_request_id_of_its_request(
    client: Client, alice: Any, json_log: io.StringIO
) -> None:
    logging.getLogger("twoway.test").info("before any request")
    response = client.post(
        "/accounts/login/",
        {"username": "alice@example.com", "password": "not her password"},
        headers={"X-Request-ID": "req-alice-0001"},
    )
    assert response["X-Request-ID"] == "req-alice-0001"
    records = _records(json_log)
    failed = [r for r in records if r["message"].startswith("Failed login for alice@")]
    assert len(failed) == 1
    assert failed[0]["request_id"] == "req-alice-0001"
    assert failed[0]["level"] == "INFO"
    assert failed[0]["logger"] == "twoway.accounts.services"
    assert records[0] == {**records[0], "message": "before any request", "request_id": "-"}


def _production_env(**extra: str) -> dict[str, str]:
    drop = ("DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE", "LOG_FORMAT", "DATABASE_URL", "SENTRY_DSN")
    env = {k: v for k, v in os.environ.items() if k not in drop}
    return {
        **env, "SQLITE_PATH": ":memory:", "TWOWAY_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(50), "ALLOWED_HOSTS": "twoway.example",
        "SITE_URL": "https://twoway.example", **extra,
    }  # fmt: skip


def _log_line(env: dict[str, str]) -> str:
    code = "import logging; logging.getLogger('twoway.test').warning('worker %s started', 7)"
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return result.stderr.strip().splitlines()[-1]


def test_production_logs_one_json_object_per_line_by_default() -> None:
    record = json.loads(_log_line(_production_env()))
    assert record["message"] == "worker 7 started"
    assert (record["level"], record["logger"], record["request_id"]) == (
        "WARNING",
        "twoway.test",
        "-",
    )
    assert record["timestamp"].endswith("+00:00")


def test_log_format_text_gives_readable_lines_in_production() -> None:
    line = _log_line(_production_env(LOG_FORMAT="text"))
    assert line.endswith("WARNING twoway.test [-] worker 7 started")


def test_an_unknown_log_format_stops_start_up_naming_the_variable() -> None:
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, capture_output=True, text=True,
        env=_production_env(LOG_FORMAT="yaml"), timeout=120,
    )  # fmt: skip
    assert result.returncode != 0
    assert "LOG_FORMAT must be json or text, not 'yaml'." in result.stderr
