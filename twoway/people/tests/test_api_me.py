from typing import Any

import pytest
from django.test import Client

from conftest import PASSWORD


@pytest.fixture
def api(client: Client, alice: Any) -> Client:
    assert client.login(email=alice.email, password=PASSWORD)
    return client


def _json(client: Client, method: str, url: str, body: Any = None) -> Any:
    response = getattr(client, method)(url, body, content_type="application/json")
    return response.status_code, (response.json() if response.content else None)


def test_get_me_includes_my_own_email_and_what_is_missing(api: Client) -> None:
    status, body = _json(api, "get", "/api/me")
    assert status == 200
    assert body["email"] == "alice@example.com"
    assert body["handle"] == "alice"
    assert body["is_complete"] is False
    assert "a skill you can teach" in body["missing"]


def test_patch_me_changes_only_the_fields_sent(api: Client) -> None:
    status, body = _json(
        api, "patch", "/api/me", {"headline": "Analyst", "languages": ["english", "Spanish"]}
    )
    assert status == 200
    assert body["headline"] == "Analyst"
    assert body["languages"] == ["English", "Spanish"]
    assert body["display_name"] == "Alice"


def test_an_oversized_bio_is_refused_naming_the_field(api: Client) -> None:
    status, body = _json(api, "patch", "/api/me", {"bio": "x" * 2001})
    assert status == 422
    assert body["error"]["fields"] == [
        {"field": "bio", "message": "Ensure this value has at most 2000 characters (it has 2001)."}
    ]


def test_a_bad_timezone_or_capacity_is_refused_naming_the_field(api: Client) -> None:
    status, body = _json(api, "patch", "/api/me", {"timezone": "Moon/Base", "capacity": 9})
    assert status == 422
    assert {f["field"] for f in body["error"]["fields"]} == {"timezone", "capacity"}


def test_put_teaches_resolves_the_spelling_and_sets_the_level(api: Client) -> None:
    status, body = _json(api, "put", "/api/me/teaches/k8s", {"level": 4, "note": "CKA"})
    assert status == 200
    assert body["skill"]["name"] == "Kubernetes"
    assert (body["level"], body["note"], body["new_skill"]) == (4, "CKA", False)
    status, body = _json(api, "put", "/api/me/teaches/HTML/CSS", {"level": 2})
    assert status == 200 and body["skill"]["name"] == "HTML/CSS"


def test_put_teaches_with_an_invalid_level_is_a_422_naming_level(api: Client) -> None:
    status, body = _json(api, "put", "/api/me/teaches/SQL", {"level": 6})
    assert status == 422
    assert body["error"]["fields"] == [
        {"field": "level", "message": "Level must be between 1 and 5."}
    ]
    status, body = _json(api, "put", "/api/me/teaches/SQL", {"level": "high"})
    assert status == 422 and body["error"]["fields"][0]["field"] == "level"


def test_put_learns_creates_an_unknown_skill_and_suggests_a_spelling(api: Client) -> None:
    status, body = _json(api, "put", "/api/me/learns/Kubernets", {"priority": 3, "why": "Ops"})
    assert status == 200
    assert body["new_skill"] is True
    assert body["skill"]["name"] == "Kubernets"
    assert body["suggestion"]["name"] == "Kubernetes"
    assert body["priority_label"] == "high"


def test_put_learns_with_an_invalid_priority_is_a_422_naming_priority(api: Client) -> None:
    status, body = _json(api, "put", "/api/me/learns/SQL", {"priority": 0})
    assert status == 422
    assert body["error"]["fields"][0]["field"] == "priority"


def test_delete_removes_a_skill_and_a_second_delete_is_not_found(api: Client) -> None:
    _json(api, "put", "/api/me/learns/Go", {"priority": 2})
    status, _ = _json(api, "delete", "/api/me/learns/golang")
    assert status == 204
    status, body = _json(api, "delete", "/api/me/learns/golang")
    assert status == 404 and body["error"]["code"] == "not_found"
    status, _ = _json(api, "delete", "/api/me/teaches/no-such-skill-anywhere")
    assert status == 404


def test_patching_my_own_profile_by_handle_works(api: Client) -> None:
    status, body = _json(api, "patch", "/api/profiles/alice", {"team": "Data"})
    assert status == 200 and body["team"] == "Data"
