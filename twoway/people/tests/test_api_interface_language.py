"""The profile API reads and writes the language Twoway speaks to a member."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from conftest import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(client: Client, alice: Any) -> Client:
    assert client.login(email=alice.email, password=PASSWORD)
    return client


def _patch(client: Client, body: Any) -> Any:
    return client.patch("/api/me", body, content_type="application/json")


def test_a_member_chooses_german_through_the_api_and_reads_it_back(api: Client, alice: Any) -> None:
    assert api.get("/api/me").json()["interface_language"] == ""
    answer = _patch(api, {"interface_language": "de"})
    assert answer.status_code == 200 and answer.json()["interface_language"] == "de"
    alice.profile.refresh_from_db()
    assert alice.profile.interface_language == "de"
    assert api.get("/api/me").json()["missing"][0] == "eine Sprache, die du sprichst"


def test_an_empty_or_null_language_goes_back_to_the_browsers_choice(
    api: Client, alice: Any
) -> None:
    _patch(api, {"interface_language": "fr"})
    assert _patch(api, {"interface_language": None}).json()["interface_language"] == ""
    _patch(api, {"interface_language": "es"})
    assert _patch(api, {"interface_language": ""}).json()["interface_language"] == ""


def test_a_language_twoway_does_not_speak_is_refused_naming_the_field(api: Client) -> None:
    answer = _patch(api, {"interface_language": "xx"})
    assert answer.status_code == 422
    assert answer.json()["error"]["fields"] == [
        {"field": "interface_language", "message": "Choose one of the languages Twoway speaks."}
    ]


def test_api_refusals_speak_the_members_language_while_codes_stay_english(
    api: Client,
) -> None:
    _patch(api, {"interface_language": "de"})
    answer = _patch(api, {"timezone": "Moon/Base"})
    assert answer.status_code == 422
    field = answer.json()["error"]["fields"][0]
    assert field["field"] == "timezone"
    assert field["message"].startswith("Moon/Base ist keine bekannte Zeitzone.")
    gone = api.delete("/api/me/teaches/Underwater%20weaving")
    assert gone.status_code == 404
    assert gone.json()["error"]["message"] == "Es gibt keine Fähigkeit namens „Underwater weaving“."
