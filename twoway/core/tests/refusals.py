"""Helpers for driving the real API into its refusals (409 + code), shared by
``test_api_refusal_codes.py``.

State is set up with models, people services and earlier API calls only, never with the
partnerships services (their module names are changing): the tests name endpoints, not modules.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from django.db.models import Model
from django.test import Client
from django.urls import resolve

from twoway.people.tests.helpers import make_complete

Answer = tuple[int, Any]


def login(client: Client, user: Any) -> Client:
    """The client signed in as ``user`` (anyone signed in before is signed out).

    ``force_login`` skips hashing the password: the tests sign in a dozen times each.
    """
    client.logout()
    client.force_login(user)
    return client


def call(client: Client, method: str, url: str, body: Any = None) -> Answer:
    """An API call with a JSON body; returns (status, parsed body)."""
    response = getattr(client, method)(url, body, content_type="application/json")
    return response.status_code, (response.json() if response.content else None)


@functools.cache
def openapi_paths() -> dict[str, Any]:
    """The published schema's paths (it doesn't depend on the data, so it is read once)."""
    response = Client().get("/api/openapi.json")
    assert response.status_code == 200
    paths: dict[str, Any] = response.json()["paths"]
    return paths


def schema_path(url: str) -> str:
    """The schema's path for a URL:
    ``/api/circles/7/join`` → ``/api/circles/{circle_id}/join``."""
    route = resolve(url.split("?")[0]).route
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route)


def declared(method: str, url: str) -> set[str]:
    """The status codes the schema declares for the endpoint that answers ``url``."""
    return set(openapi_paths()[schema_path(url)][method]["responses"])


def refuse(client: Client, method: str, url: str, code: str, body: Any = None) -> str:
    """Call the endpoint and check it refuses with 409 and ``code`` in the site's error shape,
    and that its schema declares the 409. Returns the message shown to people."""
    status, answer = call(client, method, url, body)
    assert (status, (answer or {}).get("error", {}).get("code")) == (409, code), answer
    assert answer["error"]["fields"] == []
    assert answer["error"]["message"].strip()
    assert "409" in declared(method, url), f"{method.upper()} {url} doesn't declare its 409"
    return str(answer["error"]["message"])


def rows(*models: type[Model]) -> dict[str, list[dict[str, Any]]]:
    """Every row of the given models, field by field: what a refused action must leave as it was."""
    return {
        model._meta.label: list(model._default_manager.order_by("pk").values()) for model in models
    }


def swap_profiles(alice: Any, bob: Any, **fields: Any) -> None:
    """Alice teaches SQL and wants Figma; Bob teaches Figma and wants SQL."""
    make_complete(alice, teaches={"SQL": 4}, learns={"Figma": 3}, **fields)
    make_complete(bob, teaches={"Figma": 5}, learns={"SQL": 3}, **fields)


def ask(client: Client, sender: Any, receiver: str, message: str = "Shall we swap?") -> Answer:
    """``sender`` asks the member with handle ``receiver`` to partner, over the API."""
    body = {"receiver": receiver, "message": message, "learn_skills": []}
    return call(login(client, sender), "post", "/api/requests", body)


def partner_up(client: Client, sender: Any, receiver: Any) -> int:
    """``sender`` asks and ``receiver`` accepts, over the API; the partnership's id."""
    status, sent = ask(client, sender, receiver.profile.handle)
    assert status == 201, sent
    status, partnership = call(
        login(client, receiver), "post", f"/api/requests/{sent['id']}/accept"
    )
    assert status == 200, partnership
    return int(partnership["id"])
