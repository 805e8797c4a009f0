"""Error reports go to Sentry only when SENTRY_DSN is set: an error logged while a request runs
reaches the reporting service, tagged with the request's id; a malformed DSN stops start-up."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
import sentry_sdk

from twoway.core.tests.processes import ROOT, child_env

# Inside a request that comes through the proxy with its id, a view logs an error.
REQUEST = """
import logging
from django.http import HttpResponse
from django.test import RequestFactory
from twoway.core.request_id import RequestIdMiddleware

def view(request):
    logging.getLogger("twoway.programs").error("Match round 12 failed: solver gave up")
    return HttpResponse()

RequestIdMiddleware(view)(RequestFactory().get("/", HTTP_X_REQUEST_ID="req-priya-0042"))
import sentry_sdk; sentry_sdk.flush(timeout=10)
"""


class _Ingest(BaseHTTPRequestHandler):
    """Sentry's envelope endpoint, as far as a test needs it: keeps every body it receives."""

    received: list[bytes] = []

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        encoding = self.headers.get("Content-Encoding")
        if encoding == "gzip":
            body = gzip.decompress(body)
        elif encoding == "br":  # sentry-sdk's choice wherever the brotli module is installed
            import brotli

            body = brotli.decompress(body)
        self.received.append(body)
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def ingest() -> Iterator[tuple[int, list[bytes]]]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Ingest)
    _Ingest.received = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1], _Ingest.received
    server.shutdown()


def _events(bodies: list[bytes]) -> list[dict[str, Any]]:
    """The event items of the envelopes: a header line, then item header and payload pairs."""
    events = []
    for body in bodies:
        lines = body.split(b"\n")
        for header, payload in zip(lines[1::2], lines[2::2], strict=False):
            if json.loads(header).get("type") == "event":
                events.append(json.loads(payload))
    return events


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, capture_output=True, text=True,
        timeout=120, env=child_env(SQLITE_PATH=":memory:", **env),
    )  # fmt: skip


def test_nothing_is_reported_without_a_dsn() -> None:
    assert not sentry_sdk.get_client().is_active()


def test_an_error_in_a_request_reaches_the_reporting_service_with_its_request_id(
    ingest: tuple[int, list[bytes]],
) -> None:
    port, received = ingest
    result = _manage("shell", "-c", REQUEST, SENTRY_DSN=f"http://publickey@127.0.0.1:{port}/7",
                    SENTRY_ENVIRONMENT="staging")  # fmt: skip
    assert result.returncode == 0, result.stderr
    [event] = _events(received)
    assert event["logentry"]["message"] == "Match round 12 failed: solver gave up"
    assert event["level"] == "error"
    assert event["tags"]["request_id"] == "req-priya-0042"
    assert event["environment"] == "staging"
    assert "user" not in event  # no personal data


def test_a_malformed_dsn_stops_start_up_naming_the_variable() -> None:
    result = _manage("check", SENTRY_DSN="sentry please")
    assert result.returncode != 0
    assert "SENTRY_DSN is not a valid Sentry DSN" in result.stderr
