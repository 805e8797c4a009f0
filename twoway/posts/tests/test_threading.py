"""Replies are threaded one level deep: a reply to a reply joins the top-level comment's thread."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from twoway.posts.models import Comment
from twoway.posts.tests.helpers import make_post, reply

pytestmark = pytest.mark.django_db


def test_a_reply_to_a_reply_attaches_to_the_top_level_comment(
    client: Client, alice: Any, bob: Any
) -> None:
    post = make_post(alice)
    client.force_login(bob)
    reply(client, post, body="top")
    top = Comment.objects.get(body="top")
    reply(client, post, body="second", parent=top.pk)
    second = Comment.objects.get(body="second")
    reply(client, post, body="third", parent=second.pk)
    third = Comment.objects.get(body="third")
    assert second.parent == top and third.parent == top


def test_the_page_shows_replies_nested_under_their_comment(
    client: Client, alice: Any, bob: Any
) -> None:
    post = make_post(alice)
    client.force_login(bob)
    reply(client, post, body="top")
    reply(client, post, body="answer", parent=Comment.objects.get().pk)
    page = Client().get(post.get_absolute_url()).content.decode()
    nested = page.index('<ol class="comment-list comment-replies">')
    assert page.index("<p>top</p>") < nested < page.index("<p>answer</p>")


def test_a_reply_to_a_comment_of_another_post_is_refused(
    client: Client, alice: Any, bob: Any
) -> None:
    first, second = make_post(alice), make_post(alice, title="Another")
    client.force_login(bob)
    reply(client, first, body="elsewhere")
    response = reply(client, second, body="lost", parent=Comment.objects.get().pk)
    assert "no longer there" in response.content.decode()
    assert not Comment.objects.filter(body="lost").exists()


def test_the_reply_link_fills_in_whom_you_answer(client: Client, alice: Any, bob: Any) -> None:
    post = make_post(alice)
    client.force_login(bob)
    reply(client, post, name="Bob B")
    top = Comment.objects.get()
    page = Client().get(f"{post.get_absolute_url()}?replyto={top.pk}").content.decode()
    assert "Replying to" in page and f'value="{top.pk}"' in page
