"""Who may read, edit and delete a post: drafts are the author's; members-only needs a member."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from twoway.posts.models import Post
from twoway.posts.tests.helpers import make_post, reply

pytestmark = pytest.mark.django_db

MEMBERS = Post.Visibility.MEMBERS


def test_a_members_only_post_sends_a_visitor_to_log_in(client: Client, alice: Any) -> None:
    post = make_post(alice, visibility=MEMBERS)
    response = client.get(post.get_absolute_url())
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/posts/")
    assert reply(client, post).status_code == 302
    assert not post.comments.exists()


def test_a_members_only_post_answers_401_to_a_visitor_in_the_api(
    client: Client, alice: Any
) -> None:
    post = make_post(alice, visibility=MEMBERS)
    assert client.get(f"/api/posts/{post.slug}").status_code == 401
    assert client.get(f"/api/posts/{post.slug}/comments").status_code == 401
    assert client.get("/api/posts").json()["count"] == 0


def test_a_members_only_post_is_open_to_members(client: Client, alice: Any, bob: Any) -> None:
    post = make_post(alice, title="For the team", visibility=MEMBERS)
    client.force_login(bob)
    assert client.get(post.get_absolute_url()).status_code == 200
    assert "For the team" in client.get("/posts/").content.decode()
    assert client.get(f"/api/posts/{post.slug}").status_code == 200


def test_a_members_only_post_is_not_listed_for_visitors(client: Client, alice: Any) -> None:
    make_post(alice, title="For the team", visibility=MEMBERS)
    make_post(alice, title="For everyone")
    page = client.get("/posts/").content.decode()
    assert "For everyone" in page and "For the team" not in page


def test_a_draft_is_invisible_to_everyone_but_its_author(
    client: Client, alice: Any, bob: Any
) -> None:
    draft = make_post(alice, title="Half-written", status=Post.Status.DRAFT)
    member = Client()
    member.force_login(bob)
    for reader in (client, member):
        assert reader.get(draft.get_absolute_url()).status_code == 404
        assert "Half-written" not in reader.get("/posts/").content.decode()
        assert reader.get(f"/api/posts/{draft.slug}").status_code == 404
        assert reader.get(f"/posts/{draft.slug}/edit/").status_code in (302, 404)
    own = Client()
    own.force_login(alice)
    assert "only you can see it" in own.get(draft.get_absolute_url()).content.decode()
    assert "Your drafts" in own.get("/posts/").content.decode()


def test_the_author_edits_and_deletes_their_post(client: Client, alice: Any) -> None:
    post = make_post(alice)
    client.force_login(alice)
    response = client.post(
        f"/posts/{post.slug}/edit/",
        {
            "title": "Better title",
            "body": "New *body*",
            "visibility": "public",
            "status": "published",
            "tags": "career",
            "skills": "sql",
        },
    )
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.title == "Better title" and "<em>body</em>" in post.body_html
    assert [s.name for s in post.skills.all()] == ["SQL"]  # resolved through the catalogue
    assert client.post(f"/posts/{post.slug}/delete/").status_code == 302
    assert not Post.objects.filter(pk=post.pk).exists()


def test_someone_else_cannot_edit_or_delete_a_post(client: Client, alice: Any, bob: Any) -> None:
    post = make_post(alice)
    client.force_login(bob)
    assert client.get(f"/posts/{post.slug}/edit/").status_code == 403
    assert (
        client.post(f"/posts/{post.slug}/edit/", {"title": "Mine", "body": "x"}).status_code == 403
    )
    assert client.post(f"/posts/{post.slug}/delete/").status_code == 403
    post.refresh_from_db()
    assert post.title != "Mine"
    assert "/edit/" not in client.get(post.get_absolute_url()).content.decode()


def test_a_visitor_is_sent_to_log_in_to_write(client: Client) -> None:
    assert client.get("/posts/new/")["Location"].startswith("/accounts/login/")


def test_a_member_writes_a_post_and_errors_keep_the_text(client: Client, alice: Any) -> None:
    client.force_login(alice)
    bad = client.post(
        "/posts/new/", {"title": "", "body": "Kept body", "visibility": "public", "status": "draft"}
    )
    assert "This field is required." in bad.content.decode()
    assert "Kept body" in bad.content.decode()
    good = client.post(
        "/posts/new/",
        {"title": "Feed", "body": "Hello", "visibility": "public", "status": "published"},
    )
    post = Post.objects.get()
    assert good["Location"] == "/posts/feed-2/"  # "feed" is the feed's address
    assert post.published_at is not None


def test_the_preview_shows_a_member_the_sanitised_post(client: Client, alice: Any) -> None:
    body = "**Bold** <script>alert(1)</script>[x](javascript:alert(2))"
    assert client.post("/posts/preview/", {"body": body}).status_code == 302  # to log in
    client.force_login(alice)
    html = client.post("/posts/preview/", {"body": body}).content.decode()
    assert "<strong>Bold</strong>" in html
    assert "<script" not in html and "javascript:" not in html
