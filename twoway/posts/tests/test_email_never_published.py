"""A reader's email is never published: not on any page, in any feed, nor in any API answer."""

from __future__ import annotations

import html
from typing import Any
from urllib.parse import quote, quote_plus

import pytest
from django.test import Client

from twoway.posts.models import Comment
from twoway.posts.services import comment_approve
from twoway.posts.tests.helpers import make_post, reply

pytestmark = pytest.mark.django_db

LEAKY = "leaky.unique@example.org"


def forms_of(address: str) -> list[str]:
    """The address as it could appear in a page: plain, HTML-escaped, URL-encoded."""
    return [
        address,
        html.escape(address),
        quote(address),
        quote_plus(address),
        address.replace("@", "&#64;"),
        address.replace("@", "&#x40;"),
        address.split("@")[0] + "@",
    ]


def public_urls(post: Any) -> list[str]:
    tag, skill = post.tags.get(), post.skills.get()
    return [
        "/",
        "/posts/",
        post.get_absolute_url(),
        f"/posts/tags/{tag.slug}/",
        f"/posts/skills/{skill.slug}/",
        "/posts/feed/",
        "/posts/rss/",
        "/api/posts",
        f"/api/posts/{post.slug}",
        f"/api/posts/{post.slug}/comments",
    ]


def test_an_approved_readers_email_appears_on_no_public_page_feed_or_api(
    client: Client, alice: Any, bob: Any
) -> None:
    post = make_post(alice, tags=["reverse mentoring"], skills=["SQL"])
    reply(client, post, name="Lee Key", email=LEAKY, website="https://lee.example.org")
    comment = Comment.objects.get(email=LEAKY)
    comment_approve(comment=comment)
    # A second reply from the same address, answering the first, approved too.
    reply(client, post, name="Lee Key", email=LEAKY, parent=comment.pk, notify_replies="on")
    comment_approve(comment=Comment.objects.get(email=LEAKY, parent=comment))
    assert Comment.objects.published().filter(email=LEAKY).count() == 2

    readers = {"visitor": Client(), "member": Client()}
    readers["member"].force_login(bob)
    for who, reader in readers.items():
        for url in public_urls(post):
            response = reader.get(url)
            assert response.status_code == 200, (who, url)
            body = response.content.decode()
            if url in (post.get_absolute_url(), f"/api/posts/{post.slug}/comments"):
                assert "Lee Key" in body, (who, url)  # the reply is there, its email isn't
            for form in forms_of(LEAKY):
                assert form not in body, (who, url, form)


def test_the_staff_moderation_view_shows_the_email(client: Client, alice: Any) -> None:
    post = make_post(alice)
    reply(client, post, name="Lee Key", email=LEAKY)
    staff = Client()
    staff.force_login(_staff())
    assert LEAKY in staff.get("/posts/moderation/").content.decode()


def _staff() -> Any:
    from twoway.accounts.models import User
    from twoway.twofactor.tests.helpers import give_totp

    user = User.objects.create_user(email="mod@example.com", is_staff=True, email_verified=True)
    give_totp(user)  # staff must have a second factor (docs/security.md)
    return user
