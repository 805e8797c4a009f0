from typing import Any

from django.test import Client

from twoway.accounts.models import ApiToken
from twoway.notifications.models import Kind, Notification
from twoway.notifications.services import notify


def _notify(user: Any, title: str, actor: Any = None) -> Notification:
    notification = notify(recipient=user, kind=Kind.OTHER, title=title, actor=actor)
    assert notification is not None
    return notification


def _bearer(user: Any) -> dict[str, str]:
    return {"Authorization": f"Bearer {ApiToken.objects.issue(user=user, name='t')[1]}"}


def test_the_api_lists_my_notifications_newest_first(client: Client, alice: Any, bob: Any) -> None:
    _notify(alice, "First", actor=bob)
    _notify(alice, "Second")
    _notify(bob, "Bob's")
    body = client.get("/api/notifications", headers=_bearer(alice)).json()
    assert [n["title"] for n in body["items"]] == ["Second", "First"]
    assert (body["count"], body["unread"], body["page"], body["pages"]) == (2, 2, 1, 1)
    assert body["items"][1]["actor"] == "Bob"
    assert "bob@example.com" not in str(body)


def test_the_api_can_list_only_unread_ones(client: Client, alice: Any) -> None:
    read = _notify(alice, "Read")
    _notify(alice, "Unread")
    Notification.objects.filter(pk=read.pk).mark_read()
    body = client.get("/api/notifications?unread=true", headers=_bearer(alice)).json()
    assert [n["title"] for n in body["items"]] == ["Unread"]


def test_the_api_marks_one_read(client: Client, alice: Any) -> None:
    notification = _notify(alice, "One")
    response = client.post(f"/api/notifications/{notification.pk}/read", headers=_bearer(alice))
    assert response.status_code == 200
    assert response.json()["read_at"] is not None


def test_the_api_marks_all_read(client: Client, alice: Any) -> None:
    _notify(alice, "One")
    _notify(alice, "Two")
    headers = _bearer(alice)
    assert client.post("/api/notifications/read-all", headers=headers).json() == {"marked": 2}
    assert client.post("/api/notifications/read-all", headers=headers).json() == {"marked": 0}


def test_charlie_gets_404_for_alices_notification(client: Client, alice: Any, charlie: Any) -> None:
    notification = _notify(alice, "Private")
    headers = _bearer(charlie)
    response = client.post(f"/api/notifications/{notification.pk}/read", headers=headers)
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
    assert client.get("/api/notifications", headers=headers).json()["items"] == []
    notification.refresh_from_db()
    assert not notification.is_read


def test_the_api_refuses_a_visitor(client: Client) -> None:
    response = client.get("/api/notifications")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthenticated"


def test_the_api_reads_and_changes_preferences(client: Client, alice: Any) -> None:
    headers = _bearer(alice)
    before = client.get("/api/notifications/preferences", headers=headers).json()
    assert [p["kind"] for p in before] == list(Kind.values)
    assert all(p["in_app"] and p["email"] for p in before)
    response = client.put(
        "/api/notifications/preferences",
        [{"kind": "balance_one_sided", "in_app": True, "email": False}],
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 200
    after = {p["kind"]: p for p in response.json()}
    assert (after["balance_one_sided"]["in_app"], after["balance_one_sided"]["email"]) == (
        True,
        False,
    )
    assert after["other"]["email"] is True


def test_the_api_refuses_an_unknown_kind(client: Client, alice: Any) -> None:
    response = client.put(
        "/api/notifications/preferences",
        [{"kind": "gossip", "in_app": True, "email": False}],
        content_type="application/json",
        headers=_bearer(alice),
    )
    assert response.status_code == 422
    assert response.json()["error"]["fields"][0]["field"].endswith("kind")


def test_every_notification_endpoint_declares_its_error_codes(client: Client) -> None:
    schema = client.get("/api/openapi.json").json()
    paths = {p: ops for p, ops in schema["paths"].items() if p.startswith("/api/notifications")}
    assert len(paths) == 4
    for ops in paths.values():
        for op in ops.values():
            assert {"401", "422"} <= set(op["responses"])
    assert "404" in paths["/api/notifications/{notification_id}/read"]["post"]["responses"]
