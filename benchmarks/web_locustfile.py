"""The locust side of the web load benchmark (run by ``web_load.py``, not by hand).

Environment: ``WEB_LOAD_FIXTURES`` (the JSON of :class:`benchmarks.web_endpoints.Fixtures`),
``WEB_LOAD_ENDPOINT`` (one endpoint's name: every user asks for it back to back, as wrk would)
or ``WEB_LOAD_RATE`` (mixed traffic: each user paces itself so that all together send that many
requests a second, spread over the endpoints by their weights).

Requests carry ``X-Forwarded-Proto: https`` as the reverse proxy in front of production does
(docs/deploy.md), and the session cookie as a header: the cookie is Secure, and a client's
cookie jar would not send it to plain http on 127.0.0.1.
"""

from __future__ import annotations

import itertools
import os
import random
import sys
from pathlib import Path
from typing import Any

from locust import FastHttpUser, constant, constant_throughput, task

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.web_endpoints import BY_NAME, ENDPOINTS, Endpoint, Fixtures  # noqa: E402

FIXTURES = Fixtures.read(Path(os.environ["WEB_LOAD_FIXTURES"]))
ONE = os.environ.get("WEB_LOAD_ENDPOINT", "")
RATE = float(os.environ.get("WEB_LOAD_RATE", "0"))
USERS = int(os.environ.get("WEB_LOAD_USERS", "1"))
_numbers = itertools.count()


class Member(FastHttpUser):
    wait_time = constant_throughput(RATE / USERS) if RATE else constant(0)

    def on_start(self) -> None:
        self.number = next(_numbers)
        self.n = self.number

    def headers(self, endpoint: Endpoint) -> dict[str, str]:
        headers = {"X-Forwarded-Proto": "https"}
        session = {
            "member": FIXTURES.sessions[self.number % len(FIXTURES.sessions)],
            "manager": FIXTURES.manager_session,
        }.get(endpoint.who)
        if session:
            headers["Cookie"] = f"sessionid={session}"
        return headers

    def ask(self, endpoint: Endpoint) -> None:
        self.n += 1
        path = endpoint.path(FIXTURES, self.n)
        with self.client.get(
            path,
            headers=self.headers(endpoint),
            name=endpoint.name,
            catch_response=True,
            allow_redirects=False,
        ) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code} for {path}")

    @task
    def one(self) -> Any:
        endpoint = BY_NAME[ONE] if ONE else _weighted()
        self.ask(endpoint)


_WEIGHTS = [endpoint.weight for endpoint in ENDPOINTS]


def _weighted() -> Endpoint:
    return random.choices(ENDPOINTS, _WEIGHTS)[0]  # noqa: S311 (load mix, not security)
