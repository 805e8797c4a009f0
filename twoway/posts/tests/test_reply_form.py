"""The "Leave a Reply" form: required fields marked *, clear errors, and nothing typed is lost."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from twoway.posts.models import Comment
from twoway.posts.tests.helpers import make_post, reply

pytestmark = pytest.mark.django_db

STAR = '<span class="required" aria-hidden="true">*</span>'


def test_the_form_marks_name_email_and_comment_required_and_says_the_email_is_private(
    client: Client, alice: Any
) -> None:
    page = client.get(make_post(alice).get_absolute_url()).content.decode()
    assert "Leave a Reply" in page
    assert "Your email address will not be published." in page
    for label in ("Name", "Email", "Comment"):
        assert f">{label} {STAR}" in page, label
    assert f">Website {STAR}" not in page and ">Website</label>" in page
    assert "Notify me of replies by email" in page


def test_missing_fields_get_clear_errors_and_the_comment_is_kept(
    client: Client, alice: Any
) -> None:
    post = make_post(alice)
    response = reply(client, post, name="", email="not-an-email", body="Kept words", website="x y")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Enter your name, as you&#x27;d like it shown above your reply." in page
    assert "Enter your email address, like jo@example.org. It is not published." in page
    assert "Enter a web address like https://example.org, or leave it empty." in page
    assert "Kept words" in page and 'value="not-an-email"' in page
    assert not Comment.objects.exists()


def test_an_empty_comment_is_refused_with_a_clear_error(client: Client, alice: Any) -> None:
    response = reply(client, make_post(alice), body="   ", name="Jo")
    page = response.content.decode()
    assert "Write your comment before posting it." in page
    assert 'value="Jo"' in page


def test_with_htmx_only_the_form_comes_back_with_its_errors(client: Client, alice: Any) -> None:
    post = make_post(alice)
    response = client.post(
        f"/posts/{post.slug}/reply/",
        {"name": "Jo", "email": "", "body": "Kept"},
        HTTP_HX_REQUEST="true",
    )
    page = response.content.decode()
    assert page.lstrip().startswith('<section class="card reply-form"')
    assert "Enter your email address. It is not published." in page and "Kept" in page


def test_with_htmx_a_good_reply_reloads_the_page_at_the_reply(client: Client, alice: Any) -> None:
    post = make_post(alice)
    response = client.post(
        f"/posts/{post.slug}/reply/",
        {"name": "Jo", "email": "jo@example.org", "body": "Hi"},
        HTTP_HX_REQUEST="true",
    )
    comment = Comment.objects.get()
    assert (
        response["HX-Redirect"] == f"/posts/{post.slug}/?replied={comment.pk}#comment-{comment.pk}"
    )


def test_a_signed_in_member_gets_name_and_email_filled_in(
    client: Client, alice: Any, bob: Any
) -> None:
    client.force_login(bob)
    page = client.get(make_post(alice).get_absolute_url()).content.decode()
    assert 'value="bob@example.com"' in page
    assert 'value="Bob"' in page


def test_a_website_shows_as_a_nofollow_link_on_the_name(
    client: Client, alice: Any, bob: Any
) -> None:
    post = make_post(alice)
    client.force_login(bob)
    reply(client, post, name="Bob B", website="https://bob.example.org")
    page = Client().get(post.get_absolute_url()).content.decode()
    assert '<a href="https://bob.example.org" rel="nofollow noopener ugc">Bob B</a>' in page


def test_a_javascript_website_is_refused(client: Client, alice: Any) -> None:
    response = reply(client, make_post(alice), website="javascript:alert(1)")
    assert "Enter a web address like https://example.org" in response.content.decode()
    assert not Comment.objects.exists()
