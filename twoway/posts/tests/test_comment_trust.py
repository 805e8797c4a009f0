"""Trust comes from a confirmed email link or a verified account, never from a typed address.

Alice writes the post. Bob is a verified member who has commented before. Jo is a visitor who
confirms her address by the link we email her. Charlie is a stranger who types other people's
addresses, hoping to skip moderation or to learn who has commented before.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.test import Client

from twoway.posts import services
from twoway.posts.models import Comment
from twoway.posts.services import comment_approve, comment_mark_spam
from twoway.posts.tests.helpers import confirmation_paths, make_post, reply

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("immediate_tasks")]

JO = "jo.reader@example.org"


def api_reply(client: Client, post: Any, email: str, **extra: Any) -> Any:
    body = {"name": "Charlie", "email": email, "body": "Trust me.", **extra}
    return client.post(f"/api/posts/{post.slug}/comments", body, content_type="application/json")


def test_charlie_typing_a_past_commenters_or_members_email_is_held(
    alice: Any, bob: Any, charlie: Any
) -> None:
    post = make_post(alice)
    bobs = Client()
    bobs.force_login(bob)
    reply(bobs, post, name="Bob", email="bob@example.com", body="Bob was here")
    reply(Client(), post, email=JO, body="Jo was here")
    comment_approve(comment=Comment.objects.get(body="Jo was here"))
    for address in ("bob@example.com", JO, "BOB@example.com"):
        reply(Client(), post, name="Not them", email=address, body=f"Posing as {address}")
        assert Comment.objects.get(body=f"Posing as {address}").status == "pending"
    assert Comment.objects.published().count() == 2


def test_the_answer_is_the_same_whatever_the_address_did_before(
    alice: Any, bob: Any, client: Client
) -> None:
    post = make_post(alice)
    reply(Client(), post, email=JO)
    comment_approve(comment=Comment.objects.get())
    bobs = Client()
    bobs.force_login(bob)
    reply(bobs, post, email="bob@example.com", body="A member's words")
    answers = []
    for address in ("new.person@example.org", JO, "bob@example.com"):
        response = api_reply(Client(), post, address)
        assert response.status_code == 201
        answers.append({k: v for k, v in response.json().items() if k != "id"})
    assert answers == [{"status": "pending", "message": services.HELD_MESSAGE}] * 3


def test_the_form_tells_every_visitor_to_check_their_inbox(alice: Any) -> None:
    post = make_post(alice)
    reply(Client(), post, body="Jo's first")
    comment_approve(comment=Comment.objects.get())
    for address in ("new.person@example.org", JO):
        visitor = Client()
        response = reply(visitor, post, email=address, body=f"From {address}")
        page = visitor.get(response["Location"]).content.decode()
        assert str(services.HELD_MESSAGE) in page, address
        assert "Your reply is published" not in page, address


def test_jo_confirms_by_link_then_her_later_replies_from_that_browser_publish(
    alice: Any,
) -> None:
    post = make_post(alice)
    jos = Client()
    reply(jos, post, body="My first reply")
    [path] = confirmation_paths(JO)
    [message] = [m for m in mail.outbox if m.to == [JO]]
    assert "My first reply" in message.body and post.title in message.subject
    page = jos.get(path, follow=True).content.decode()
    assert "your email is confirmed and your reply is published" in page
    assert Comment.objects.get().is_published
    mail.outbox.clear()
    reply(jos, post, body="Second thoughts")
    assert Comment.objects.get(body="Second thoughts").is_published
    assert not confirmation_paths(JO)  # nothing left to confirm
    reply(Client(), post, name="Charlie", body="Same address, another browser")
    assert Comment.objects.get(body="Same address, another browser").status == "pending"


def test_a_tampered_or_expired_confirmation_link_is_refused(alice: Any, monkeypatch: Any) -> None:
    post = make_post(alice)
    reply(Client(), post)
    [path] = confirmation_paths(JO)
    token = path.split("/")[-2]
    for forged in (token[:-1] + ("A" if token[-1] != "A" else "B"), "1", "nonsense"):
        response = Client().get(f"/posts/confirm/{forged}/")
        assert (response.status_code, "not valid" in response.content.decode()) == (400, True)
    monkeypatch.setattr(services, "CONFIRM_MAX_AGE", -1)
    response = Client().get(path)
    assert (response.status_code, "expired" in response.content.decode()) == (400, True)
    assert Comment.objects.get().status == "pending"


def test_a_link_confirms_only_its_own_reply_and_never_publishes_spam(alice: Any) -> None:
    post = make_post(alice)
    reply(Client(), post, body="Mine")
    reply(Client(), post, body="Also mine")
    first, second = confirmation_paths(JO)
    comment_mark_spam(comment=Comment.objects.get(body="Also mine"))
    Client().get(first)
    Client().get(second)
    statuses = dict(Comment.objects.values_list("body", "status"))
    assert statuses == {"Mine": "published", "Also mine": "spam"}


def test_a_spam_suspect_gets_the_same_answer_and_no_link(alice: Any, client: Client) -> None:
    post = make_post(alice)
    response = api_reply(client, post, JO, body="http://a http://b http://c")
    assert response.json()["status"] == "pending"
    assert response.json()["message"] == services.HELD_MESSAGE
    reply(Client(), post, body="Bot words", leave_empty="filled")
    assert not confirmation_paths(JO)
    assert set(Comment.objects.values_list("status", flat=True)) == {"spam"}


def test_a_verified_member_is_trusted_as_themselves_not_as_the_address_typed(
    alice: Any, bob: Any
) -> None:
    bobs = Client()
    bobs.force_login(bob)
    reply(bobs, make_post(alice), name="Bob", email=JO)
    comment = Comment.objects.get()
    assert (comment.status, comment.email, comment.author) == ("published", "bob@example.com", bob)
    assert not confirmation_paths(JO) and not confirmation_paths("bob@example.com")


def test_an_unverified_member_confirms_their_accounts_email(alice: Any, make_user: Any) -> None:
    newcomer = Client()
    newcomer.force_login(make_user("new@example.com", verified=False))
    reply(newcomer, make_post(alice), email=JO)
    assert Comment.objects.get().email == "new@example.com"
    assert not confirmation_paths(JO)
    [path] = confirmation_paths("new@example.com")
    newcomer.get(path)
    assert Comment.objects.get().is_published
