"""Input a probe sent to make the site answer 500: each is now refused with a 4xx that says why.

Alice and Bob are partners; Priya manages programs. Every test runs on SQLite and, in CI, on
PostgreSQL (which refuses NUL characters in text outright).
"""

from __future__ import annotations

import json
import time
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from twoway.partnerships.models import AgendaItem, Session
from twoway.partnerships.tests.helpers import call, login, partner, swap_profiles
from twoway.people.models import Profile
from twoway.programs.models import Program
from twoway.programs.tests.helpers import program_for

pytestmark = pytest.mark.django_db
PROGRAM = {"name": "Spring cohort"}


@pytest.fixture
def alice_api(client: Client, alice: Any, bob: Any) -> Client:
    swap_profiles(alice, bob)
    return login(client, alice)


def _fields(body: Any) -> dict[str, str]:
    return {f["field"]: f["message"] for f in body["error"]["fields"]}


def test_a_3_mb_json_body_answers_413_in_the_api_error_shape(alice_api: Client) -> None:
    body = json.dumps({"bio": "x" * 3_000_000})
    response = alice_api.patch("/api/me", body, content_type="application/json")
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "too_large"
    assert response.json()["error"]["fields"] == []


@pytest.mark.parametrize("kind", ["json", "form"])
def test_the_api_itself_answers_413_for_what_reaches_it_past_the_guard(
    client: Client, priya: Any, settings: Any, kind: str
) -> None:
    """Without the request guard, ninja's own handlers keep the answer: 413 in the error shape."""
    settings.MIDDLEWARE = [
        m for m in settings.MIDDLEWARE if not m.endswith("RequestGuardMiddleware")
    ]
    program = program_for(priya)
    login(client, priya)
    if kind == "json":
        body = json.dumps({"bio": "x" * 3_000_000})
        response = client.patch("/api/me", body, content_type="application/json")
    else:
        data = {"file": SimpleUploadedFile("p.csv", b"email\n"), "email": "x" * 3_000_000}
        response = client.post(f"/api/programs/{program.pk}/imports", data)
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "too_large"


def test_a_form_upload_with_3_mb_of_fields_answers_413_in_the_error_shape(
    client: Client, priya: Any
) -> None:
    program = program_for(priya)
    upload = SimpleUploadedFile("p.csv", b"email\na@example.com\n")
    login(client, priya)
    data = {"file": upload, "email": "x" * 3_000_000}
    response = client.post(f"/api/programs/{program.pk}/imports", data)
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "too_large"


def test_a_3_mb_form_post_to_a_page_answers_a_plain_413(alice_api: Client) -> None:
    response = alice_api.post("/me/edit/", {"bio": "x" * 3_000_000})
    assert response.status_code == 413
    assert response["Content-Type"].startswith("text/plain")


@pytest.mark.parametrize("field", ["bio", "headline", "team"])
def test_a_nul_character_in_a_text_field_is_refused_naming_the_field(
    alice_api: Client, field: str
) -> None:
    status, body = call(alice_api, "patch", "/api/me", {field: "Ops\x00team"})
    assert status == 422
    assert "NUL" in _fields(body)[field]
    assert "\x00" not in getattr(Profile.objects.get(handle="alice"), field)


def test_a_lone_surrogate_in_a_bio_is_refused(alice_api: Client) -> None:
    body = '{"bio": "\\ud800x"}'  # valid JSON, but no UTF-8 can hold it
    response = alice_api.patch("/api/me", body, content_type="application/json")
    assert response.status_code == 422
    assert "surrogate" in _fields(response.json())["bio"]


def test_nan_or_infinity_in_a_program_weight_is_refused(client: Client, priya: Any) -> None:
    login(client, priya)
    for literal in ("NaN", "Infinity", "-Infinity"):
        body = '{"name": "Spring", "mentor_weight": ' + literal + "}"
        response = client.post("/api/programs", body, content_type="application/json")
        assert response.status_code == 422, literal
        assert set(_fields(response.json())) == {"mentor_weight"}
    assert not Program.objects.exists()


def test_a_weight_beyond_its_range_is_refused(client: Client, priya: Any) -> None:
    status, body = call(
        login(client, priya), "post", "/api/programs", {**PROGRAM, "timezone_weight": 2}
    )
    assert status == 422
    assert set(_fields(body)) == {"timezone_weight"}


def test_a_number_too_big_for_its_column_is_refused(alice_api: Client) -> None:
    status, body = call(alice_api, "patch", "/api/me", {"capacity": 10**20})
    assert status == 422
    assert set(_fields(body)) == {"capacity"}


def test_an_id_too_big_for_the_database_is_refused(client: Client, priya: Any) -> None:
    program = program_for(priya)
    url = f"/api/programs/{program.pk}/rules"
    status, body = call(login(client, priya), "post", url, {"a": 2**64, "b": 1, "kind": "lock"})
    assert status == 422
    assert set(_fields(body)) == {"a"}


def _session_body(**changes: Any) -> dict[str, Any]:
    return {"date": "2030-05-04", "time": "10:00", "timezone": "Europe/London", **changes}


def test_a_session_in_the_year_9999_at_utc_plus_14_is_refused(
    alice_api: Client, alice: Any, bob: Any
) -> None:
    partnership = partner(alice, bob)
    body = _session_body(date="9999-12-31", time="23:00", timezone="Pacific/Kiritimati")
    status, answer = call(alice_api, "post", f"/api/partnerships/{partnership.pk}/sessions", body)
    assert status == 422
    assert "between 1900 and 2200" in _fields(answer)["date"]
    assert not Session.objects.exists()


def test_the_session_form_refuses_the_year_9999_too(
    alice_api: Client, alice: Any, bob: Any
) -> None:
    partnership = partner(alice, bob)
    data = {"day": "9999-12-31", "at": "23:00", "tz": "Pacific/Kiritimati",
            "duration_minutes": 60}  # fmt: skip
    response = alice_api.post(f"/partnerships/{partnership.pk}/sessions/", data)
    assert response.status_code in (200, 302)
    assert not Session.objects.exists()


def test_ten_thousand_agenda_items_are_refused_at_once(
    alice_api: Client, alice: Any, bob: Any
) -> None:
    partnership = partner(alice, bob)
    body = _session_body(agenda=[f"Item {i}" for i in range(10_000)])
    started = time.monotonic()
    status, answer = call(alice_api, "post", f"/api/partnerships/{partnership.pk}/sessions", body)
    assert status == 422
    assert "agenda" in _fields(answer)
    assert time.monotonic() - started < 2
    assert not AgendaItem.objects.exists()


def test_the_session_form_holds_an_agenda_to_30_items(
    alice_api: Client, alice: Any, bob: Any
) -> None:
    partnership = partner(alice, bob)
    data = {"day": "2030-05-04", "at": "10:00", "tz": "Europe/London", "duration_minutes": 60,
            "agenda": "\n".join(f"Item {i}" for i in range(31))}  # fmt: skip
    alice_api.post(f"/partnerships/{partnership.pk}/sessions/", data)
    assert not Session.objects.exists()


@pytest.mark.parametrize(
    "url", ["/api/profiles?team=Ops%00", "/api/skills?q=a%00b", "/api/people%00/x"]
)
def test_a_nul_in_an_api_address_answers_400_in_the_error_shape(
    alice_api: Client, url: str
) -> None:
    response = alice_api.get(url)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "bad_request"


def test_a_nul_in_a_page_address_answers_a_plain_400(alice_api: Client) -> None:
    response = alice_api.get("/people/?q=Ops%00")
    assert response.status_code == 400


def test_a_nul_in_a_field_a_view_reads_itself_answers_400(
    client: Client, alice: Any, bob: Any
) -> None:
    swap_profiles(alice, bob)
    from twoway.partnerships import requests

    asked = requests.request_create(sender=alice, receiver=bob, message="Shall we swap?")
    response = login(client, bob).post(
        f"/partnerships/requests/{asked.pk}/decline/", {"reason": "Busy\x00"}
    )
    assert response.status_code == 400
    asked.refresh_from_db()
    assert asked.status == asked.Status.OPEN


def test_form_fields_cannot_carry_a_lone_surrogate(alice_api: Client) -> None:
    """A form's bytes that encode a lone surrogate (ED A0 80) decode to replacement characters,
    which every database stores: the edit page saves rather than failing."""
    body = (
        "display_name=Alice&handle=alice&headline=Ops%ED%A0%80"
        "&timezone=UTC&languages=English&capacity=1"
    )
    alice_api.post("/me/edit/", body, content_type="application/x-www-form-urlencoded")
    assert Profile.objects.get(handle="alice").headline == "Ops\ufffd\ufffd\ufffd"
