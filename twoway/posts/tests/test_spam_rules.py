"""Spam is held back: a filled honeypot, too many links, and too many replies too fast."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from twoway.posts.models import Comment, CommentAttempt
from twoway.posts.tests.helpers import make_post, reply

pytestmark = pytest.mark.django_db


def test_a_filled_honeypot_is_marked_spam_and_never_shown(client: Client, alice: Any) -> None:
    post = make_post(alice)
    response = reply(client, post, leave_empty="http://cheap.example", body="Buy now")
    assert response.status_code == 302  # the bot is told nothing
    comment = Comment.objects.get()
    assert (comment.status, comment.spam_reason) == ("spam", "honeypot")
    assert "Buy now" not in Client().get(post.get_absolute_url()).content.decode()


def test_the_honeypot_is_labelled_leave_empty_and_kept_out_of_the_tab_order(
    client: Client, alice: Any
) -> None:
    page = client.get(make_post(alice).get_absolute_url()).content.decode()
    assert '<label for="id_leave_empty">Leave this field empty</label>' in page
    assert 'name="leave_empty" id="id_leave_empty" value="" tabindex="-1"' in page


def test_more_than_two_links_is_held_as_a_spam_suspect(
    client: Client, alice: Any, bob: Any
) -> None:
    post = make_post(alice)
    client.force_login(bob)  # even a verified member
    links = "https://a.example https://b.example https://c.example"
    reply(client, post, body=f"Look: {links}")
    comment = Comment.objects.get()
    assert (comment.status, comment.spam_reason) == ("spam", "links")


def test_two_links_are_fine_for_a_member(client: Client, alice: Any, bob: Any) -> None:
    client.force_login(bob)
    reply(client, make_post(alice), body="See https://a.example and https://b.example")
    assert Comment.objects.get().status == "published"


def test_the_sixth_reply_in_ten_minutes_from_one_email_is_refused(
    client: Client, alice: Any
) -> None:
    post = make_post(alice)
    for n in range(5):
        other = Client(REMOTE_ADDR=f"10.0.0.{n + 1}")
        assert reply(other, post, body=f"Reply {n}").status_code == 302
    response = reply(Client(REMOTE_ADDR="10.0.0.99"), post, body="One more")
    assert response.status_code == 200
    page = response.content.decode()
    assert "You have sent several replies in a few minutes" in page
    assert "One more" in page  # what was typed is kept
    assert Comment.objects.count() == 5


def test_the_sixth_reply_in_ten_minutes_from_one_address_is_refused(
    client: Client, alice: Any
) -> None:
    post = make_post(alice)
    for n in range(5):
        assert reply(client, post, email=f"reader{n}@example.org").status_code == 302
    response = reply(client, post, email="someone.else@example.org")
    assert "Please wait" in response.content.decode()
    assert Comment.objects.count() == 5


def test_old_attempts_no_longer_count(client: Client, alice: Any, settings: Any) -> None:
    settings.POSTS_COMMENT_RATE_LIMIT = 1
    post = make_post(alice)
    reply(client, post)
    assert "Please wait" in reply(client, post).content.decode()
    settings.POSTS_COMMENT_RATE_WINDOW_SECONDS = 0
    assert reply(client, post).status_code == 302


def test_the_api_answers_429_when_the_limit_is_reached(client: Client, alice: Any) -> None:
    post = make_post(alice)
    for _ in range(5):
        CommentAttempt.objects.record(email="fast@example.org", ip=None)
    response = client.post(
        f"/api/posts/{post.slug}/comments",
        {"name": "Fast", "email": "fast@example.org", "body": "Hi"},
        content_type="application/json",
    )
    assert response.status_code == 429
    assert response.json()["error"]["code"] == "rate_limited"
