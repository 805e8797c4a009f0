"""The requests API: every transition, and each refusal with its status and the error shape."""

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from twoway.partnerships.models import Partnership, Request
from twoway.partnerships.tests.helpers import call, login, snapshot, swap_profiles
from twoway.people.tests.helpers import make_complete


@pytest.fixture
def alice_api(client: Client, alice: Any, bob: Any) -> Client:
    swap_profiles(alice, bob)
    return login(client, alice)


def _send(client: Client, **extra: Any) -> tuple[int, Any]:
    body = {"receiver": "bob", "message": "Hi Bob", "learn_skills": ["Figma"], **extra}
    return call(client, "post", "/api/requests", body)


def _as(client: Client, user: Any) -> Client:
    client.logout()
    return login(client, user)


def test_alice_sends_and_bob_accepts(alice_api: Client, bob: Any) -> None:
    status, sent = _send(alice_api, teach_skills=["SQL"])
    assert status == 201
    assert sent["sender"]["handle"] == "alice" and sent["receiver"]["handle"] == "bob"
    assert (sent["learn_skills"], sent["teach_skills"], sent["status"]) == (
        ["Figma"],
        ["SQL"],
        "open",
    )
    assert "email" not in str(sent)
    status, partnership = call(_as(alice_api, bob), "post", f"/api/requests/{sent['id']}/accept")
    assert status == 200
    assert {m["handle"] for m in partnership["members"]} == {"alice", "bob"}
    assert call(alice_api, "get", "/api/partnerships")[1][0]["id"] == partnership["id"]


def test_a_duplicate_request_is_409_and_changes_nothing(alice_api: Client) -> None:
    _send(alice_api)
    before = snapshot()
    status, body = _send(alice_api)
    assert status == 409
    assert body["error"]["code"] == "duplicate_request"
    assert "already an open request" in body["error"]["message"]
    assert snapshot() == before


def test_a_request_to_yourself_is_422_and_to_nobody_404(alice_api: Client) -> None:
    status, body = _send(alice_api, receiver="alice")
    assert status == 422 and body["error"]["fields"][0]["field"] == "receiver"
    assert _send(alice_api, receiver="nobody-here")[0] == 404
    assert not Request.objects.exists()


def test_an_unverified_sender_gets_403(client: Client, make_user: Any, bob: Any) -> None:
    dana = make_user("dana@example.com", verified=False, first_name="Dana")
    make_complete(dana)
    make_complete(bob)
    status, body = _send(login(client, dana))
    assert status == 403 and body["error"]["code"] == "forbidden"
    assert not Request.objects.exists()


def test_alice_cannot_accept_her_own_request(alice_api: Client) -> None:
    _, sent = _send(alice_api)
    before = snapshot()
    status, body = call(alice_api, "post", f"/api/requests/{sent['id']}/accept")
    assert status == 403 and body["error"]["code"] == "forbidden"
    assert snapshot() == before


def test_accepting_a_withdrawn_request_is_409(alice_api: Client, bob: Any) -> None:
    _, sent = _send(alice_api)
    assert (
        call(alice_api, "post", f"/api/requests/{sent['id']}/withdraw")[1]["status"] == "withdrawn"
    )
    before = snapshot()
    status, body = call(_as(alice_api, bob), "post", f"/api/requests/{sent['id']}/accept")
    assert status == 409 and "withdrawn" in body["error"]["message"]
    assert snapshot() == before


def test_accepting_an_expired_request_is_409(alice_api: Client, bob: Any) -> None:
    _, sent = _send(alice_api)
    Request.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    status, body = call(_as(alice_api, bob), "post", f"/api/requests/{sent['id']}/accept")
    assert status == 409 and "expired" in body["error"]["message"]
    assert not Partnership.objects.exists()


def test_declining_twice_is_409(alice_api: Client, bob: Any) -> None:
    _, sent = _send(alice_api)
    bob_api = _as(alice_api, bob)
    status, declined = call(
        bob_api, "post", f"/api/requests/{sent['id']}/decline", {"reason": "Busy"}
    )
    assert (status, declined["status"], declined["decline_reason"]) == (200, "declined", "Busy")
    before = snapshot()
    status, body = call(bob_api, "post", f"/api/requests/{sent['id']}/decline", {"reason": "Again"})
    assert status == 409 and body["error"]["code"] == "not_open"
    assert snapshot() == before


def test_the_info_thread_through_the_api(alice_api: Client, bob: Any, alice: Any) -> None:
    _, sent = _send(alice_api)
    status, body = call(
        alice_api, "post", f"/api/requests/{sent['id']}/messages", {"text": "Hello?"}
    )
    assert status == 403
    bob_api = _as(alice_api, bob)
    assert (
        call(bob_api, "post", f"/api/requests/{sent['id']}/messages", {"text": "When?"})[0] == 201
    )
    alice_again = _as(bob_api, alice)
    assert (
        call(alice_again, "post", f"/api/requests/{sent['id']}/messages", {"text": "Tuesdays"})[0]
        == 201
    )
    thread = call(alice_again, "get", f"/api/requests/{sent['id']}")[1]["thread"]
    assert [(m["author"]["handle"], m["text"]) for m in thread] == [
        ("bob", "When?"),
        ("alice", "Tuesdays"),
    ]


def test_every_response_code_is_declared(client: Client) -> None:
    paths = client.get("/api/openapi.json").json()["paths"]
    accept = paths["/api/requests/{pk}/accept"]["post"]["responses"]
    assert set(accept) == {"200", "401", "403", "404", "409", "422"}
    assert set(paths["/api/requests"]["post"]["responses"]) >= {"201", "403", "404", "409"}
