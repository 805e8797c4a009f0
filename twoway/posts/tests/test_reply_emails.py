"""A reader who ticks "Notify me of replies" gets an email per answer, with a working, tamper-proof
unsubscribe link that needs no login."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail
from django.test import Client

from twoway.posts.models import Comment
from twoway.posts.services import comment_approve
from twoway.posts.tests.helpers import confirmation_paths, make_post, reply

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("immediate_tasks")]


def thread(alice: Any, bob: Any) -> tuple[Any, Comment]:
    """Jo replies (ticking the box), is approved, and Bob answers Jo."""
    post = make_post(alice)
    reply(Client(), post, notify_replies="on")
    jo = Comment.objects.get()
    comment_approve(comment=jo)
    mail.outbox.clear()
    member = Client()
    member.force_login(bob)
    reply(member, post, name="Bob", email="bob@example.com", body="Welcome, Jo!", parent=jo.pk)
    return post, jo


def to_jo() -> list[Any]:
    return [m for m in mail.outbox if m.to == ["jo.reader@example.org"]]


def unsubscribe_path(message: Any) -> str:
    found = re.search(r"http://[^/\s]+(/posts/unsubscribe/[^\s]+/)", message.body)
    assert found is not None, message.body
    return found.group(1)


def test_the_commenter_is_emailed_when_someone_answers(alice: Any, bob: Any) -> None:
    post, _ = thread(alice, bob)
    [message] = to_jo()
    assert "Bob answered your comment" in message.subject
    assert "Welcome, Jo!" in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe_path(message) in message.extra_headers["List-Unsubscribe"]


def test_nobody_is_emailed_without_the_tick(alice: Any, bob: Any) -> None:
    post = make_post(alice)
    reply(Client(), post)
    jo = Comment.objects.get()
    comment_approve(comment=jo)
    mail.outbox.clear()  # the link confirming Jo's own email
    member = Client()
    member.force_login(bob)
    reply(member, post, email="bob@example.com", body="Hi", parent=jo.pk)
    assert not to_jo()


def test_the_unsubscribe_link_asks_then_stops_the_emails_without_login(
    alice: Any, bob: Any
) -> None:
    post, jo = thread(alice, bob)
    path = unsubscribe_path(to_jo()[-1])
    visitor = Client(enforce_csrf_checks=True)
    page = visitor.get(path)
    assert page.status_code == 200 and "Stop these emails" in page.content.decode()
    jo.refresh_from_db()
    assert jo.notify_replies  # a GET (a mail scanner following links) changes nothing
    done = visitor.post(path, {"List-Unsubscribe": "One-Click"})  # RFC 8058, no CSRF token
    assert "You won't get emails about replies" in done.content.decode()
    jo.refresh_from_db()
    assert not jo.notify_replies
    mail.outbox.clear()
    member = Client()
    member.force_login(bob)
    reply(member, post, email="bob@example.com", body="Another answer", parent=jo.pk)
    assert not to_jo()


def test_a_tampered_unsubscribe_link_is_refused(alice: Any, bob: Any) -> None:
    _, jo = thread(alice, bob)
    path = unsubscribe_path(to_jo()[-1])
    token = path.split("/")[-2]
    value, _, signature = token.rpartition(":")
    for forged in (f"{value}:{signature[:-1]}x", f"{value}x:{signature}", "1", "nonsense"):
        response = Client().post(f"/posts/unsubscribe/{forged}/")
        assert response.status_code == 400
        assert "not valid" in response.content.decode()
    jo.refresh_from_db()
    assert jo.notify_replies


def test_a_writer_answering_themselves_gets_no_email(alice: Any) -> None:
    post = make_post(alice)
    jos = Client()
    reply(jos, post, notify_replies="on")
    [link] = confirmation_paths("jo.reader@example.org")
    jos.get(link)  # Jo confirms: the reply is published and her browser is trusted
    jo = Comment.objects.get()
    mail.outbox.clear()
    reply(jos, post, body="PS", parent=jo.pk)
    assert Comment.objects.get(body="PS").is_published
    assert not to_jo()
