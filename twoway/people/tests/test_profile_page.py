from typing import Any

import pytest
from django.test import Client

from conftest import PASSWORD
from twoway.people.tests.helpers import make_complete


@pytest.fixture
def bob_client(client: Client, bob: Any) -> Client:
    assert client.login(email=bob.email, password=PASSWORD)
    return client


def test_a_profile_shows_what_they_can_teach_beside_what_they_want_to_learn(
    bob_client: Client, alice: Any
) -> None:
    make_complete(
        alice,
        teaches={"SQL": 4},
        learns={"Figma": 3},
        headline="Analyst",
        team="Data",
        timezone="Europe/Paris",
        languages="English, French",
    )
    body = bob_client.get("/people/alice/").content.decode()
    assert 'class="two-way"' in body
    assert "Can teach" in body and "Wants to learn" in body
    assert body.index("SQL") < body.index("Figma")
    assert "4/5" in body and "priority high" in body
    assert "Team Data" in body and "Europe/Paris" in body and "English, French" in body
    assert "Edit my profile" not in body


def test_me_leads_to_my_own_profile_with_a_prompt_while_incomplete(
    bob_client: Client, bob: Any
) -> None:
    response = bob_client.get("/me/", follow=True)
    assert response.redirect_chain[-1][0] == "/people/bob/"
    body = response.content.decode()
    assert "Your profile isn't complete yet." in body
    assert "Edit my profile" in body


def test_an_unknown_handle_is_not_found(bob_client: Client) -> None:
    assert bob_client.get("/people/nobody-here/").status_code == 404


def test_profiles_are_for_signed_in_members(client: Client, alice: Any) -> None:
    response = client.get("/people/alice/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_editing_saves_my_own_profile(bob_client: Client, bob: Any) -> None:
    form = {
        "display_name": "Bob B.",
        "handle": "bob-b",
        "headline": "Designer",
        "timezone": "America/New_York",
        "languages": "English",
        "capacity": "3",
        "team": "Design",
        "bio": "Hello",
    }
    response = bob_client.post("/me/edit/", form)
    assert response["Location"] == "/people/bob-b/"
    bob.profile.refresh_from_db()
    assert (bob.profile.team, bob.profile.capacity) == ("Design", 3)


def test_an_oversized_bio_is_refused_with_a_clear_message(bob_client: Client) -> None:
    form = {"display_name": "Bob", "handle": "bob", "timezone": "UTC", "languages": "English"}
    response = bob_client.post("/me/edit/", {**form, "capacity": "1", "bio": "x" * 2001})
    assert response.status_code == 200
    assert "Ensure this value has at most 2000 characters (it has 2001)." in (
        response.content.decode()
    )


def test_htmx_adds_updates_and_removes_skills_on_my_lists(bob_client: Client, bob: Any) -> None:
    htmx = {"HX-Request": "true"}
    added = bob_client.post("/me/teaches/", {"skill": "k8s", "level": "3"}, headers=htmx)
    assert 'id="panel-teach"' in added.content.decode() and "Kubernetes" in added.content.decode()
    bob_client.post("/me/teaches/kubernetes/update/", {"level": "5"}, headers=htmx)
    assert bob.profile.teaches.get().level == 5
    refused = bob_client.post("/me/teaches/kubernetes/update/", {"level": "8"}, headers=htmx)
    assert "Level must be between 1 and 5." in refused.content.decode()
    assert bob.profile.teaches.get().level == 5
    bob_client.post("/me/teaches/kubernetes/remove/", headers=htmx)
    assert not bob.profile.teaches.exists()


def test_an_invalid_level_is_explained_without_javascript_too(bob_client: Client) -> None:
    response = bob_client.post(
        "/me/teaches/", {"skill": "SQL", "level": "7", "next": "/me/edit/"}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/me/edit/"
    assert "Level must be between 1 and 5." in response.content.decode()


def test_autocomplete_offers_catalogue_skills(bob_client: Client) -> None:
    body = bob_client.get("/skills/options/", {"skill": "kube"}).content.decode()
    assert '<option value="Kubernetes">' in body
