"""A thread is exactly as private as its owner: the two partners, or the circle's current
members. Every outsider gets 404 (the page, the poll, the post, the API); a visitor is sent to
sign in. Nothing an outsider sends is stored, and no notification leaves."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from twoway.conversations import services
from twoway.conversations.models import Message, ReadMark
from twoway.conversations.tests.conftest import seat
from twoway.network import circles
from twoway.network.models import Circle
from twoway.network.tests.helpers import call, login, member
from twoway.notifications.models import Notification
from twoway.partnerships.models import Partnership


def _refused_everywhere(client: Client, web: str, api: str) -> None:
    """Every way into the thread answers 404, and nothing is stored."""
    before = (Message.objects.count(), ReadMark.objects.count(), Notification.objects.count())
    assert client.get(web).status_code == 404
    assert client.get(web + "?after=1", HTTP_HX_REQUEST="true").status_code == 404
    assert client.post(web, {"text": "Let me in"}).status_code == 404
    assert client.post(web, {"text": "Let me in"}, HTTP_HX_REQUEST="true").status_code == 404
    for method, path, body in (("get", api, None), ("post", api, {"text": "Hi"}),
                               ("post", f"{api}/read", None)):  # fmt: skip
        status, answer = call(client, method, path, body)
        assert (status, answer["error"]["code"]) == (404, "not_found"), (method, path)
    after = (Message.objects.count(), ReadMark.objects.count(), Notification.objects.count())
    assert after == before


@pytest.fixture
def written(alice: Any, partnership: Partnership) -> Partnership:
    thread = services.thread_for_partnership(user=alice, partnership_id=partnership.pk)
    services.message_post(user=alice, thread=thread, text="Our private plan")
    return partnership


def _paths(partnership: Partnership) -> tuple[str, str]:
    return (
        f"/messages/partnerships/{partnership.pk}/",
        f"/api/messages/partnerships/{partnership.pk}",
    )


def test_charlie_another_member_gets_404_for_alice_and_bobs_thread(
    client: Client, charlie: Any, written: Partnership
) -> None:
    _refused_everywhere(login(client, charlie), *_paths(written))
    page = client.get("/messages/").content.decode()
    assert "Our private plan" not in page and "Alice" not in page


def test_staff_who_is_not_a_partner_gets_404_too(
    client: Client, make_user: Any, written: Partnership
) -> None:
    staff = make_user("staff@example.com", first_name="Sta", is_staff=True, is_superuser=True)
    _refused_everywhere(login(client, staff), *_paths(written))
    page = client.get(written.get_absolute_url())
    assert page.status_code == 404


def test_a_visitor_is_sent_to_sign_in_and_the_api_answers_401(
    client: Client, written: Partnership
) -> None:
    web, api = _paths(written)
    for response in (client.get(web), client.post(web, {"text": "Hi"})):
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert call(client, "get", api)[0] == 401
    assert Message.objects.count() == 1


def test_bob_reads_what_alice_wrote_and_the_api_never_shows_an_email(
    client: Client, bob: Any, written: Partnership
) -> None:
    status, rows = call(login(client, bob), "get", _paths(written)[1])
    assert status == 200 and [m["text"] for m in rows] == ["Our private plan"]
    assert "@" not in str(rows)


def test_charlie_and_staff_get_404_for_a_circles_thread(
    client: Client, charlie: Any, make_user: Any, circle: Circle
) -> None:
    ana = seat(circle, "Ana")
    thread = services.thread_for_circle(user=ana, circle_id=circle.pk)
    services.message_post(user=ana, thread=thread, text="Circle secret")
    web, api = f"/messages/circles/{circle.pk}/", f"/api/messages/circles/{circle.pk}"
    _refused_everywhere(login(client, charlie), web, api)
    staff = make_user("staff@example.com", first_name="Sta", is_staff=True, is_superuser=True)
    _refused_everywhere(login(client, staff), web, api)


def test_an_open_circle_hides_its_messages_until_you_join(
    client: Client, make_user: Any, circle: Circle
) -> None:
    Circle.objects.filter(pk=circle.pk).update(status=Circle.Status.OPEN, capacity=6)
    ana = seat(circle, "Ana")
    services.message_post(
        user=ana, thread=services.thread_for_circle(user=ana, circle_id=circle.pk), text="Hello"
    )
    kim = member(make_user, "Kim")
    page = login(client, kim).get(f"/circles/{circle.pk}/").content.decode()
    assert "Join this circle" in page and "Hello" not in page
    _refused_everywhere(
        client, f"/messages/circles/{circle.pk}/", f"/api/messages/circles/{circle.pk}"
    )
    circles.circle_join(user=kim, circle_id=circle.pk)
    assert "Hello" in client.get(f"/circles/{circle.pk}/").content.decode()


def test_a_former_circle_member_loses_the_thread(client: Client, circle: Circle) -> None:
    sam = seat(circle, "Sam")
    thread = services.thread_for_circle(user=sam, circle_id=circle.pk)
    services.message_post(user=sam, thread=thread, text="Before I go")
    circles.circle_leave(user=sam, circle_id=circle.pk)
    web, api = f"/messages/circles/{circle.pk}/", f"/api/messages/circles/{circle.pk}"
    _refused_everywhere(login(client, sam), web, api)
