"""The messages API: list, post, read, the inbox, and each refusal in the site's error shape."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.utils import timezone

from twoway.conversations import services
from twoway.conversations.models import Message
from twoway.conversations.tests.conftest import seat
from twoway.core.tests.refusals import declared, refuse
from twoway.network.models import Circle
from twoway.network.tests.helpers import call, login
from twoway.notifications.models import Notification
from twoway.partnerships.models import Partnership


def test_alice_writes_bob_lists_reads_and_answers(
    client: Client, alice: Any, bob: Any, partnership: Partnership
) -> None:
    url = f"/api/messages/partnerships/{partnership.pk}"
    status, sent = call(login(client, alice), "post", url, {"text": "  Tuesday at six?  "})
    assert status == 201
    assert (sent["text"], sent["author"]["handle"], sent["mine"]) == (
        "Tuesday at six?",
        "alice",
        True,
    )
    status, threads = call(login(client, bob), "get", "/api/messages")
    assert status == 200
    assert [(t["kind"], t["title"], t["unread"], t["can_post"]) for t in threads] == [
        ("partnership", "Alice", 1, True)
    ]
    assert threads[0]["url"] == f"/partnerships/{partnership.pk}/#messages"
    status, rows = call(client, "get", url)
    assert [(m["text"], m["mine"]) for m in rows] == [("Tuesday at six?", False)]
    assert call(client, "get", "/api/messages")[1][0]["unread"] == 1  # listing is not reading
    assert call(client, "post", f"{url}/read") == (200, {"unread": 0})
    assert Notification.objects.get(recipient=bob, kind="new_message").is_read
    status, reply = call(client, "post", url, {"text": "Perfect"})
    status, newer = call(client, "get", f"{url}?after={sent['id']}")
    assert [m["id"] for m in newer] == [reply["id"]]


def test_posting_to_an_ended_partnership_answers_409_not_active(
    client: Client, alice: Any, partnership: Partnership
) -> None:
    Partnership.objects.filter(pk=partnership.pk).update(
        status=Partnership.Status.ENDED, ended_at=timezone.now()
    )
    url = f"/api/messages/partnerships/{partnership.pk}"
    message = refuse(login(client, alice), "post", url, "not_active", {"text": "Still there?"})
    assert "ended" in message
    assert call(client, "get", url) == (200, [])
    assert Message.objects.count() == 0


def test_bad_text_answers_422_naming_the_field(
    client: Client, alice: Any, partnership: Partnership
) -> None:
    url = f"/api/messages/partnerships/{partnership.pk}"
    login(client, alice)
    for body in ({"text": ""}, {"text": "x" * 2001}, {"text": "nul \u0000"}, {}):
        status, answer = call(client, "post", url, body)
        assert (status, answer["error"]["code"]) == (422, "invalid"), body
        assert answer["error"]["fields"][0]["field"] == "text"
    assert Message.objects.count() == 0


def test_posting_too_fast_answers_429_rate_limited(
    client: Client, alice: Any, partnership: Partnership
) -> None:
    url = f"/api/messages/partnerships/{partnership.pk}"
    login(client, alice)
    for n in range(services.POST_LIMIT):
        assert call(client, "post", url, {"text": f"n{n}"})[0] == 201
    status, answer = call(client, "post", url, {"text": "one more"})
    assert (status, answer["error"]["code"]) == (429, "rate_limited")
    assert "429" in declared("post", url)
    assert Message.objects.count() == services.POST_LIMIT


def test_a_circle_member_posts_and_the_others_list_it(client: Client, circle: Circle) -> None:
    url = f"/api/messages/circles/{circle.pk}"
    status, sent = call(login(client, seat(circle, "Ana")), "post", url, {"text": "Friday?"})
    assert status == 201
    status, rows = call(login(client, seat(circle, "Lee")), "get", url)
    assert (status, [m["author"]["display_name"] for m in rows]) == (200, ["Ana"])
    status, threads = call(client, "get", "/api/messages")
    assert [(t["kind"], t["owner_id"], t["title"]) for t in threads] == [
        ("circle", circle.pk, "Design circle")
    ]
    assert "404" in declared("get", url) and "404" in declared("post", url)
