"""A visitor's reply waits for its email confirmation or a moderator; staff moderate."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from twoway.posts.models import Comment
from twoway.posts.tests.helpers import make_post, reply

pytestmark = pytest.mark.django_db

HELD = "Your reply is awaiting moderation"


@pytest.fixture
def staff(make_user: Any) -> Client:
    client = Client()
    client.force_login(make_user("mod@example.com", is_staff=True))
    return client


def test_a_first_reply_is_held_and_only_its_writer_sees_it(client: Client, alice: Any) -> None:
    post = make_post(alice)
    response = reply(client, post, body="My first words here")
    assert response.status_code == 302
    assert Comment.objects.get().status == "pending"
    own = client.get(response["Location"]).content.decode()
    assert HELD in own and "My first words here" in own
    others = Client().get(post.get_absolute_url()).content.decode()
    assert "My first words here" not in others and HELD not in others


def test_an_approved_address_typed_again_by_anyone_is_still_held(
    client: Client, alice: Any, staff: Client
) -> None:
    post = make_post(alice)
    reply(client, post)
    first = Comment.objects.get()
    assert staff.post(f"/posts/moderation/{first.pk}/approve/").status_code == 302
    first.refresh_from_db()
    assert first.status == "published"
    reply(Client(), post, name="Not Jo", body="Second thoughts", email="JO.Reader@example.org")
    assert Comment.objects.get(body="Second thoughts").status == "pending"


def test_a_verified_member_publishes_directly(client: Client, alice: Any, bob: Any) -> None:
    client.force_login(bob)
    reply(client, make_post(alice))
    comment = Comment.objects.get()
    assert (comment.status, comment.author) == ("published", bob)


def test_an_unverified_member_is_moderated(client: Client, alice: Any, make_user: Any) -> None:
    client.force_login(make_user("new@example.com", verified=False))
    reply(client, make_post(alice), email="new@example.com")
    assert Comment.objects.get().status == "pending"


def test_staff_mark_spam_and_delete(client: Client, alice: Any, staff: Client) -> None:
    post = make_post(alice)
    reply(client, post, body="one")
    reply(client, post, body="two", email="two@example.org")
    one, two = Comment.objects.order_by("id")
    staff.post(f"/posts/moderation/{one.pk}/spam/")
    staff.post(f"/posts/moderation/{two.pk}/delete/")
    one.refresh_from_db()
    assert one.status == "spam"
    assert not Comment.objects.filter(pk=two.pk).exists()


def test_the_moderation_queue_lists_pending_and_spam(
    client: Client, alice: Any, staff: Client
) -> None:
    post = make_post(alice)
    reply(client, post, body="waiting here")
    reply(client, post, body="spammy", email="s@example.org", leave_empty="x")
    page = staff.get("/posts/moderation/").content.decode()
    assert "Awaiting moderation (1)" in page and "waiting here" in page
    assert "Held as spam (1)" in page and "hidden field filled" in page


def test_moderation_is_for_staff_only(client: Client, alice: Any, bob: Any) -> None:
    post = make_post(alice)
    reply(client, post)
    comment = Comment.objects.get()
    visitor = Client()
    assert visitor.get("/posts/moderation/").status_code == 302  # to the login page
    member = Client()
    member.force_login(bob)
    assert member.get("/posts/moderation/").status_code == 403
    assert member.post(f"/posts/moderation/{comment.pk}/approve/").status_code == 403
    comment.refresh_from_db()
    assert comment.status == "pending"


def test_moderation_actions_need_a_post(client: Client, alice: Any, staff: Client) -> None:
    post = make_post(alice)
    reply(client, post)
    comment = Comment.objects.get()
    assert staff.get(f"/posts/moderation/{comment.pk}/approve/").status_code == 405
    comment.refresh_from_db()
    assert comment.status == "pending"
