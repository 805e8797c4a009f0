"""The posts API: public reads without a token, writes for authors, replies for anyone."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from twoway.accounts.models import ApiToken
from twoway.posts.models import Comment, Post
from twoway.posts.tests.helpers import make_post

pytestmark = pytest.mark.django_db


def bearer(user: Any) -> dict[str, Any]:
    _, secret = ApiToken.objects.issue(user=user, name="tests")
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def test_anyone_lists_and_reads_public_posts_without_a_token(client: Client, alice: Any) -> None:
    post = make_post(alice, tags=["career"], skills=["SQL"])
    listed = client.get("/api/posts").json()
    assert listed["count"] == 1
    item = listed["items"][0]
    assert item["slug"] == post.slug and item["tags"] == ["career"] and item["skills"] == ["SQL"]
    assert item["author"]["display_name"] == "Alice"
    detail = client.get(f"/api/posts/{post.slug}").json()
    assert "<strong>Figma</strong>" in detail["html"]
    assert client.get("/api/posts?skill=sql").json()["count"] == 1
    assert client.get("/api/posts?tag=nothing").json()["count"] == 0


def test_a_bad_token_is_refused_not_read_as_a_visitor(client: Client, alice: Any) -> None:
    make_post(alice)
    response = client.get("/api/posts", HTTP_AUTHORIZATION="Bearer tw_nope_nope_nope_nope_nope")
    assert response.status_code == 401


def test_a_member_writes_changes_and_deletes_a_post(client: Client, alice: Any) -> None:
    auth = bearer(alice)
    created = client.post(
        "/api/posts",
        {"title": "API post", "body": "Hi <script>x()</script>", "status": "published"},
        content_type="application/json",
        **auth,
    )
    assert created.status_code == 201
    slug = created.json()["slug"]
    assert "<script" not in created.json()["html"]
    changed = client.patch(
        f"/api/posts/{slug}", {"title": "Renamed"}, content_type="application/json", **auth
    )
    assert changed.status_code == 200 and changed.json()["title"] == "Renamed"
    assert changed.json()["slug"] == slug  # links keep working
    assert client.delete(f"/api/posts/{slug}", **auth).status_code == 204
    assert not Post.objects.exists()


def test_someone_else_cannot_change_or_delete_a_post(client: Client, alice: Any, bob: Any) -> None:
    post = make_post(alice)
    auth = bearer(bob)
    patch = client.patch(
        f"/api/posts/{post.slug}", {"title": "X"}, content_type="application/json", **auth
    )
    assert patch.status_code == 403
    assert client.delete(f"/api/posts/{post.slug}", **auth).status_code == 403
    assert (
        client.post(
            "/api/posts", {"title": "x", "body": "y"}, content_type="application/json"
        ).status_code
        == 401
    )


def test_a_bad_post_gets_field_errors(client: Client, alice: Any) -> None:
    response = client.post(
        "/api/posts", {"title": "", "body": "y"}, content_type="application/json", **bearer(alice)
    )
    assert response.status_code == 422
    assert response.json()["error"]["fields"][0]["field"] == "title"


def test_anyone_replies_and_a_first_reply_is_pending(client: Client, alice: Any) -> None:
    post = make_post(alice)
    response = client.post(
        f"/api/posts/{post.slug}/comments",
        {"name": "Jo", "email": "jo@example.org", "body": "Hello"},
        content_type="application/json",
    )
    assert response.status_code == 201
    assert response.json()["status"] == "pending"
    assert client.get(f"/api/posts/{post.slug}/comments").json() == []


def test_published_replies_come_back_without_any_email(
    client: Client, alice: Any, bob: Any
) -> None:
    post = make_post(alice)
    response = client.post(
        f"/api/posts/{post.slug}/comments",
        {"name": "Bob", "email": "bob@example.com", "body": "Nice", "website": "https://b.example"},
        content_type="application/json",
        **bearer(bob),
    )
    assert response.json()["status"] == "published"
    [comment] = client.get(f"/api/posts/{post.slug}/comments").json()
    assert set(comment) == {"id", "parent_id", "name", "website", "html", "created_at"}
    assert "bob@example.com" not in str(comment)


def test_a_bad_reply_gets_field_errors_and_nothing_is_saved(client: Client, alice: Any) -> None:
    post = make_post(alice)
    response = client.post(
        f"/api/posts/{post.slug}/comments",
        {"name": "", "email": "nope", "body": ""},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert {f["field"] for f in response.json()["error"]["fields"]} == {"name", "email", "body"}
    assert not Comment.objects.exists()


def test_the_reply_api_holds_link_spam(client: Client, alice: Any) -> None:
    post = make_post(alice)
    response = client.post(
        f"/api/posts/{post.slug}/comments",
        {"name": "S", "email": "s@example.org", "body": "http://a http://b http://c"},
        content_type="application/json",
    )
    assert response.json()["status"] == "pending"
    assert Comment.objects.get().status == "spam"


def test_every_posts_endpoint_declares_its_error_codes(client: Client) -> None:
    paths = client.get("/api/openapi.json").json()["paths"]
    for path, operations in paths.items():
        if not path.startswith("/api/posts"):
            continue
        for method, operation in operations.items():
            assert {"401", "422"} <= set(operation["responses"]), (method, path)
