"""Charlie must never change Alice's profile, whatever route he tries."""

from typing import Any

import pytest
from django.test import Client
from django.urls import NoReverseMatch, reverse

from conftest import PASSWORD
from twoway.people.tests.helpers import make_complete


@pytest.fixture
def charlie_client(client: Client, charlie: Any) -> Client:
    assert client.login(email=charlie.email, password=PASSWORD)
    return client


def _snapshot(user: Any) -> tuple[Any, ...]:
    profile = type(user.profile).objects.get(pk=user.profile.pk)
    teaches = tuple(profile.teaches.values_list("skill__name", "level"))
    learns = tuple(profile.learns.values_list("skill__name", "priority"))
    return (profile.display_name, profile.headline, profile.bio, teaches, learns)


def test_no_edit_url_takes_another_members_handle_or_id() -> None:
    for name in ("people:edit", "people:teach_add", "people:learn_add"):
        with pytest.raises(NoReverseMatch):
            reverse(name, args=["alice"])


def test_charlies_edits_only_ever_touch_his_own_profile(
    charlie_client: Client, alice: Any, charlie: Any
) -> None:
    make_complete(alice, teaches={"SQL": 4}, learns={"Figma": 3}, headline="Alice's")
    before = _snapshot(alice)
    charlie_client.post("/me/edit/", {"display_name": "Hacked", "handle": "alice"})
    charlie_client.post("/me/teaches/sql/update/", {"level": "1"})
    charlie_client.post("/me/teaches/sql/remove/")
    charlie_client.post("/me/learns/figma/remove/")
    charlie_client.post("/me/teaches/", {"skill": "SQL", "level": "1", "replace": "sql"})
    assert _snapshot(alice) == before


def test_charlie_cannot_take_alices_handle(charlie_client: Client, alice: Any) -> None:
    form = {"display_name": "C", "handle": "alice", "timezone": "UTC", "languages": "English"}
    response = charlie_client.post("/me/edit/", {**form, "capacity": "1"})
    assert "Profile with this Handle already exists." in response.content.decode()


def test_the_api_refuses_charlie_patching_alices_profile(
    charlie_client: Client, alice: Any
) -> None:
    before = _snapshot(alice)
    response = charlie_client.patch(
        "/api/profiles/alice", {"headline": "Hacked"}, content_type="application/json"
    )
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "forbidden"
    assert _snapshot(alice) == before


def test_patching_an_unknown_handle_is_not_found(charlie_client: Client) -> None:
    response = charlie_client.patch(
        "/api/profiles/nobody", {"headline": "x"}, content_type="application/json"
    )
    assert response.status_code == 404


def test_the_api_refuses_anonymous_changes(client: Client, alice: Any) -> None:
    response = client.patch("/api/me", {"headline": "x"}, content_type="application/json")
    assert response.status_code == 401
    response = client.put("/api/me/teaches/SQL", {"level": 3}, content_type="application/json")
    assert response.status_code == 401
