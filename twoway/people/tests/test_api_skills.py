from typing import Any

import pytest
from django.test import Client

from conftest import PASSWORD


@pytest.fixture
def api(client: Client, alice: Any) -> Client:
    assert client.login(email=alice.email, password=PASSWORD)
    return client


def test_normalise_maps_an_alias_to_the_canonical_name(api: Client) -> None:
    body = api.get("/api/skills/normalise", {"text": "public-speaking"}).json()
    assert body["name"] == "Public speaking"
    assert body["known"] is True and body["suggestion"] is None


def test_normalise_offers_a_suggestion_and_creates_nothing(api: Client) -> None:
    from twoway.people.models import Skill

    before = Skill.objects.count()
    body = api.get("/api/skills/normalise", {"text": "Javascrpt"}).json()
    assert body["known"] is False and body["skill"] is None
    assert body["suggestion"]["name"] == "JavaScript"
    assert Skill.objects.count() == before


def test_normalise_needs_text(api: Client) -> None:
    response = api.get("/api/skills/normalise")
    assert response.status_code == 422
    assert response.json()["error"]["fields"][0]["field"] == "text"


def test_catalogue_search_matches_names_and_aliases(api: Client) -> None:
    names = [s["name"] for s in api.get("/api/skills", {"q": "postgres"}).json()]
    assert names == ["PostgreSQL"]
    names = [s["name"] for s in api.get("/api/skills", {"q": "k8s"}).json()]
    assert names == ["Kubernetes"]
    assert len(api.get("/api/skills", {"limit": 5}).json()) == 5
