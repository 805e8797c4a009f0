from typing import Any

from django.test import Client

from twoway.notifications.models import Kind, Notification
from twoway.notifications.services import notify


def _notify(user: Any, title: str, url: str = "") -> Notification:
    notification = notify(recipient=user, kind=Kind.OTHER, title=title, url=url)
    assert notification is not None
    return notification


def test_the_inbox_lists_only_my_notifications_newest_first(
    client: Client, alice: Any, bob: Any
) -> None:
    _notify(alice, "Alice first")
    _notify(alice, "Alice second")
    _notify(bob, "Only for Bob")
    client.force_login(alice)
    page = client.get("/notifications/").content.decode()
    assert page.index("Alice second") < page.index("Alice first")
    assert "Only for Bob" not in page


def test_the_inbox_is_paginated(client: Client, alice: Any) -> None:
    for i in range(25):
        _notify(alice, f"Note {i:02d}")
    client.force_login(alice)
    first = client.get("/notifications/").content.decode()
    second = client.get("/notifications/?page=2").content.decode()
    assert "Note 24" in first and "Note 04" not in first
    assert "Note 04" in second and "Note 24" not in second
    assert "Page 2 of 2" in second


def test_marking_one_read_leaves_the_others_unread(client: Client, alice: Any) -> None:
    one = _notify(alice, "One")
    two = _notify(alice, "Two")
    client.force_login(alice)
    response = client.post(f"/notifications/{one.pk}/read/")
    assert response.status_code == 302
    one.refresh_from_db()
    two.refresh_from_db()
    assert one.is_read and not two.is_read


def test_marking_all_read_marks_only_mine(client: Client, alice: Any, bob: Any) -> None:
    _notify(alice, "One")
    _notify(alice, "Two")
    bobs = _notify(bob, "Bob's")
    client.force_login(alice)
    client.post("/notifications/read-all/")
    assert not Notification.objects.inbox(alice).unread().exists()
    bobs.refresh_from_db()
    assert not bobs.is_read


def test_opening_a_notification_marks_it_read_and_follows_its_link(
    client: Client, alice: Any
) -> None:
    notification = _notify(alice, "Session tomorrow", url="/partnerships/3/")
    client.force_login(alice)
    response = client.get(f"/notifications/{notification.pk}/open/")
    assert response.status_code == 302
    assert response["Location"] == "/partnerships/3/"
    notification.refresh_from_db()
    assert notification.is_read


def test_charlie_cannot_open_or_mark_alices_notification(
    client: Client, alice: Any, charlie: Any
) -> None:
    notification = _notify(alice, "Private")
    client.force_login(charlie)
    assert client.get(f"/notifications/{notification.pk}/open/").status_code == 404
    assert client.post(f"/notifications/{notification.pk}/read/").status_code == 404
    notification.refresh_from_db()
    assert not notification.is_read


def test_marking_read_needs_a_post(client: Client, alice: Any) -> None:
    notification = _notify(alice, "One")
    client.force_login(alice)
    assert client.get(f"/notifications/{notification.pk}/read/").status_code == 405


def test_a_visitor_is_asked_to_log_in(client: Client) -> None:
    response = client.get("/notifications/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
