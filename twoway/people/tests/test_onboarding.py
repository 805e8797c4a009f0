from typing import Any

from django.test import Client

from conftest import PASSWORD
from twoway.people.models import Skill


def _login(client: Client, user: Any) -> None:
    assert client.login(email=user.email, password=PASSWORD)


def test_onboarding_needs_a_signed_in_member(client: Client) -> None:
    response = client.get("/onboarding/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_a_new_member_walks_through_onboarding_to_a_complete_profile(
    client: Client, alice: Any
) -> None:
    _login(client, alice)
    basics = {
        "display_name": "Alice Liddell",
        "headline": "Data engineer curious about design",
        "timezone": "Europe/London",
        "languages": "English, French",
        "open_to_partners": "on",
        "capacity": "2",
    }
    assert client.post("/onboarding/", basics)["Location"] == "/onboarding/teach/"
    page = client.get("/onboarding/teach/")
    assert "What can you teach?" in page.content.decode()
    client.post("/me/teaches/", {"skill": "postgres", "level": "5", "note": ""})
    client.post("/me/learns/", {"skill": "figma", "priority": "3", "why": "Better demos"})
    finish = client.post("/onboarding/finish/")
    assert finish["Location"] == "/people/alice/"
    profile = client.get("/people/alice/").content.decode()
    assert "Your profile is ready" in profile
    assert "PostgreSQL" in profile and "Figma" in profile
    alice.profile.refresh_from_db()
    assert alice.profile.is_complete
    assert alice.profile.display_name == "Alice Liddell"
    assert alice.profile.capacity == 2


def test_finishing_too_early_sends_the_member_back_to_the_missing_step(
    client: Client, alice: Any
) -> None:
    _login(client, alice)
    client.post(
        "/onboarding/",
        {"display_name": "Alice", "timezone": "UTC", "languages": "English", "capacity": "1"},
    )
    response = client.post("/onboarding/finish/", follow=True)
    assert response.redirect_chain[-1][0] == "/onboarding/teach/"
    assert "Almost there: add a skill you can teach and a skill you want to learn." in (
        response.content.decode()
    )


def test_step_one_explains_bad_values_next_to_the_fields(client: Client, alice: Any) -> None:
    _login(client, alice)
    response = client.post(
        "/onboarding/",
        {"display_name": "", "timezone": "Mars/Base", "languages": "", "capacity": "9"},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Select a valid choice" in body
    assert "Ensure this value is less than or equal to 5." in body
    assert body.count('class="error"') >= 3


def test_adding_a_misspelt_skill_offers_the_catalogue_spelling_and_can_swap_it(
    client: Client, alice: Any
) -> None:
    _login(client, alice)
    response = client.post(
        "/me/learns/", {"skill": "Kubernets", "priority": "3"}, HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert "is new to our catalogue" in body
    assert "Did you mean <strong>Kubernetes</strong>?" in body
    client.post(
        "/me/learns/",
        {"skill": "Kubernetes", "priority": "3", "replace": "kubernets"},
        HTTP_HX_REQUEST="true",
    )
    assert [entry.skill.name for entry in alice.profile.learns.all()] == ["Kubernetes"]
    # Nobody else used the typo, so it leaves the catalogue again.
    assert not Skill.objects.filter(name="Kubernets").exists()
