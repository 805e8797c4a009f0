"""The post's author is told about each published reply, and a member about answers to theirs."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from twoway.notifications.models import Notification
from twoway.posts.models import Comment
from twoway.posts.services import comment_approve
from twoway.posts.tests.helpers import make_post, reply

pytestmark = pytest.mark.django_db


def test_the_author_is_notified_when_a_reply_is_published_not_while_it_waits(alice: Any) -> None:
    post = make_post(alice)
    reply(Client(), post, name="Jo")
    assert not Notification.objects.filter(recipient=alice).exists()
    comment_approve(comment=Comment.objects.get())
    [note] = Notification.objects.filter(recipient=alice)
    assert note.kind == "post_comment"
    assert note.title == f"Jo replied to “{post.title}”"
    assert note.url == Comment.objects.get().get_absolute_url()
    assert "jo.reader@example.org" not in note.title + note.body


def test_the_author_is_not_notified_of_their_own_reply(client: Client, alice: Any) -> None:
    client.force_login(alice)
    reply(client, make_post(alice), email="alice@example.com")
    assert not Notification.objects.filter(kind="post_comment").exists()


def test_approving_twice_notifies_once(alice: Any) -> None:
    reply(Client(), make_post(alice))
    comment = Comment.objects.get()
    comment_approve(comment=comment)
    comment_approve(comment=comment)
    assert Notification.objects.filter(kind="post_comment").count() == 1


def test_a_member_is_notified_in_the_app_when_someone_answers_them(
    alice: Any, bob: Any, charlie: Any
) -> None:
    post = make_post(alice)
    bobs, charlies = Client(), Client()
    bobs.force_login(bob)
    charlies.force_login(charlie)
    reply(bobs, post, email="bob@example.com")
    reply(
        charlies, post, name="Charlie", email="charlie@example.com", parent=Comment.objects.get().pk
    )
    [note] = Notification.objects.filter(recipient=bob)
    assert note.kind == "comment_reply"
    assert "Charlie answered your reply" in note.title
