"""Property-based fuzzing of the whole API: schemathesis reads /api/openapi.json, generates valid
and invalid requests for every operation, and sends them over real HTTP to a live server with a
signed-in member's token. Whatever the input, the answer is never a server error (5xx).

Each operation gets valid and invalid input (schemathesis' positive and negative modes), each
twice: with generated path parameters (mostly unknown ids: 404s), and with the ids of rows that
exist and that Priya may touch, so the services run deep. Every 500 is reported with the request
that caused it (as a curl command) and the server's traceback. Generation is derandomized, so a
run is repeatable.
"""

from __future__ import annotations

import contextlib
import traceback
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import hypothesis
import pytest
import schemathesis
from django.core.signals import got_request_exception
from hypothesis import HealthCheck, Phase
from schemathesis import GenerationMode
from schemathesis.core.result import Ok

from twoway.accounts.models import ApiToken
from twoway.core.tests.world import World, build_world

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]
EXAMPLES = 5  # per operation, mode and kind of path parameters: about 1,500 cases in all
MIN_CASES = 1000


@dataclass
class Fuzzer:
    base: str
    token: str
    cases: int = 0
    failures: list[str] = field(default_factory=list)
    tracebacks: list[str] = field(default_factory=list)

    def send(self, case: Any) -> None:
        self.cases += 1
        headers = {"Authorization": f"Bearer {self.token}"}
        self.tracebacks.clear()
        response = case.call(base_url=self.base, headers=headers, timeout=60)
        if response.status_code >= 500:
            self.failures.append(
                f"{response.status_code} from {case.as_curl_command(headers=headers)}\n"
                + "".join(self.tracebacks)[-3000:]
            )

    def run(self, strategy: Any) -> None:
        @hypothesis.settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            derandomize=True,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @hypothesis.given(case=strategy)
        def fuzz(case: Any) -> None:
            self.send(case)

        # Negative cases need something to make invalid: with the path fixed, some have nothing.
        with contextlib.suppress(hypothesis.errors.Unsatisfiable):
            fuzz()


@pytest.fixture
def server_errors(fuzzer: Fuzzer) -> Iterator[None]:
    """The live server runs in this process: keep each 500's traceback for the report."""

    def keep(sender: Any, request: Any = None, **kwargs: Any) -> None:
        fuzzer.tracebacks.append(traceback.format_exc())

    got_request_exception.connect(keep)
    yield
    got_request_exception.disconnect(keep)


@pytest.fixture
def world(priya: Any, bob: Any, charlie: Any) -> World:
    return build_world(priya, bob, charlie)


@pytest.fixture
def fuzzer(live_server: Any, world: World) -> Fuzzer:
    _, secret = ApiToken.objects.issue(user=world.member, name="fuzzer")
    return Fuzzer(base=live_server.url, token=secret)


def _strategies(operation: Any, known: dict[str, Any]) -> Iterator[Any]:
    fixed = {k: v for k, v in known.items() if k in _path_names(operation)}
    for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
        for path_parameters in ({}, fixed) if fixed else ({},):
            yield operation.as_strategy(mode, path_parameters=path_parameters)


def _path_names(operation: Any) -> set[str]:
    return {p.name for p in operation.path_parameters}


def test_no_generated_request_makes_the_api_answer_a_server_error(
    fuzzer: Fuzzer, world: World, server_errors: None
) -> None:
    schema = schemathesis.openapi.from_url(f"{fuzzer.base}/api/openapi.json")
    for result in schema.get_all_operations():
        assert isinstance(result, Ok), result  # the schema describes every operation soundly
        operation = result.ok()
        for strategy in _strategies(operation, world.path_parameters(operation.path)):
            fuzzer.run(strategy)
    assert not fuzzer.failures, f"{len(fuzzer.failures)} server errors:\n\n" + "\n\n".join(
        fuzzer.failures[:20]
    )
    assert fuzzer.cases >= MIN_CASES, f"only {fuzzer.cases} cases"
