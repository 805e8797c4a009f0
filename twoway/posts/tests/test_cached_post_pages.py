"""A visitor's post page and the feeds are kept rendered (posts/page_cache.py): every change a
reader could see shows at the next request, and a kept page never carries anyone's token.

Alice writes; Vera and Walt are visitors with nothing of their own (no session); Bob is a member.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from twoway.posts.models import Comment, Post
from twoway.posts.services import PostFields, comment_approve, post_update
from twoway.posts.tests.helpers import make_post, reply

pytestmark = pytest.mark.django_db
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    cache.clear()


def _page(client: Client, post: Post) -> str:
    response = client.get(f"/posts/{post.slug}/")
    assert response.status_code == 200
    return response.content.decode()


def test_a_visitor_sees_a_reply_as_soon_as_it_is_published(alice: Any) -> None:
    post = make_post(alice)
    vera = Client()
    assert "Thanks for this, Alice" not in _page(vera, post)
    held = Comment.objects.create(
        post=post, name="Jo", email="jo@example.org", body="Thanks for this, Alice"
    )
    assert "Thanks for this, Alice" not in _page(vera, post)  # held: not shown yet
    comment_approve(comment=held)
    assert "Thanks for this, Alice" in _page(vera, post)


def test_a_visitor_sees_an_edited_post_at_once(alice: Any) -> None:
    post = make_post(alice)
    vera = Client()
    assert "reverse mentoring" in _page(vera, post)
    fields = PostFields(
        title="Pairing across teams", body="New words.", tags=[], skills=[],
        status=post.status, visibility=post.visibility,
    )  # fmt: skip
    post_update(post=post, user=alice, fields=fields)
    page = _page(vera, post)
    assert "Pairing across teams" in page
    assert "reverse mentoring" not in page


def test_a_post_made_members_only_is_no_longer_served_to_visitors(alice: Any) -> None:
    post = make_post(alice)
    vera = Client()
    _page(vera, post)
    post.visibility = Post.Visibility.MEMBERS
    post.save()
    response = vera.get(f"/posts/{post.slug}/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_an_authors_new_name_shows_on_the_cached_page_and_feed(alice: Any) -> None:
    post = make_post(alice)
    vera = Client()
    _page(vera, post)
    vera.get("/posts/feed/")
    alice.profile.display_name = "Alice Renamed"
    alice.profile.save()
    assert "Alice Renamed" in _page(vera, post)
    assert "Alice Renamed" in vera.get("/posts/feed/").content.decode()


def test_the_feed_lists_a_new_post_at_once(alice: Any) -> None:
    make_post(alice, title="First thoughts")
    walt = Client()
    assert "First thoughts" in walt.get("/posts/feed/").content.decode()
    make_post(alice, title="Second thoughts")
    assert "Second thoughts" in walt.get("/posts/feed/").content.decode()
    assert "Second thoughts" in walt.get("/posts/rss/").content.decode()


def test_two_visitors_never_get_each_others_csrf_token(alice: Any) -> None:
    post = make_post(alice)
    vera, walt = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    veras_page, walts_page = _page(vera, post), _page(walt, post)
    veras_token = TOKEN.search(veras_page).group(1)  # type: ignore[union-attr]
    walts_token = TOKEN.search(walts_page).group(1)  # type: ignore[union-attr]
    assert veras_token != walts_token
    assert vera.cookies["csrftoken"].value != walt.cookies["csrftoken"].value
    # Each token works with its own visitor's cookie: the reply goes through.
    answer = reply(walt, post, csrfmiddlewaretoken=walts_token, name="Walt")
    assert answer.status_code in (200, 302)
    # And Vera's token is refused with Walt's cookie.
    stolen = reply(walt, post, csrfmiddlewaretoken=veras_token, name="Walt again")
    assert stolen.status_code == 403


def test_each_answer_carries_the_nonce_of_its_own_csp_header(alice: Any) -> None:
    post = make_post(alice)
    for _ in range(2):
        response = Client().get(f"/posts/{post.slug}/")
        nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)  # type: ignore[union-attr]
        assert f'nonce="{nonce}"' in response.content.decode()
        assert "twoway-stored-page" not in response.content.decode()


def test_a_visitor_with_a_held_reply_still_sees_it_and_others_do_not(alice: Any) -> None:
    post = make_post(alice)
    vera, walt = Client(), Client()
    _page(walt, post)  # kept for plain visitors
    reply(vera, post, name="Vera", body="My reply waits for moderation.")
    assert "My reply waits for moderation." in _page(vera, post)
    assert "My reply waits for moderation." not in _page(walt, post)


def test_a_member_gets_the_page_rendered_for_them(alice: Any, bob: Any) -> None:
    post = make_post(alice)
    _page(Client(), post)  # the visitors' page is kept
    member = Client()
    member.force_login(bob)
    page = _page(member, post)
    assert "Log out" in page
    assert "bob@example.com" in page  # his own email, in his reply form only
    assert "bob@example.com" not in _page(Client(), post)
