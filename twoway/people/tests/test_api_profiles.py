from typing import Any

import pytest
from django.test import Client

from conftest import PASSWORD
from twoway.people.tests.helpers import make_complete


@pytest.fixture
def bob_api(client: Client, bob: Any) -> Client:
    assert client.login(email=bob.email, password=PASSWORD)
    return client


def test_get_a_profile_by_handle(bob_api: Client, alice: Any) -> None:
    make_complete(alice, teaches={"SQL": 4}, learns={"Figma": 3}, team="Data")
    body = bob_api.get("/api/profiles/alice").json()
    assert body["display_name"] == "Alice"
    assert [t["skill"]["name"] for t in body["teaches"]] == ["SQL"]
    assert body["learns"][0]["priority_label"] == "high"
    assert "email" not in body


def test_an_unknown_handle_is_a_404_in_the_error_shape(bob_api: Client) -> None:
    response = bob_api.get("/api/profiles/nobody")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_search_filters_and_reports_how_skills_resolved(
    bob_api: Client, alice: Any, charlie: Any
) -> None:
    make_complete(alice, teaches={"Kubernetes": 4}, learns={"SQL": 2}, team="Ops")
    make_complete(charlie, teaches={"SQL": 4}, learns={"Figma": 2}, team="Data")
    body = bob_api.get("/api/profiles", {"teaches": "k8s"}).json()
    assert [p["handle"] for p in body["items"]] == ["alice"]
    assert body["teaches"]["name"] == "Kubernetes" and body["teaches"]["known"] is True
    body = bob_api.get("/api/profiles", {"learns": "sql", "team": "ops"}).json()
    assert [p["handle"] for p in body["items"]] == ["alice"]
    body = bob_api.get("/api/profiles").json()
    assert (body["count"], body["page"], body["pages"]) == (2, 1, 1)


def test_the_api_needs_a_signed_in_member(client: Client) -> None:
    response = client.get("/api/profiles")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthenticated"
