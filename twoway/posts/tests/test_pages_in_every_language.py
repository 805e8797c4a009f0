"""Every page, partial, feed and email of posts goes through the catalogues (docs/i18n.md).

Alice writes a post with a tag and a skill; Jo, a visitor, replies; Bob is a member; Priya is
staff and moderates. Rendered in the pseudo-locale, nothing but the test's data may stay plain.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client

from twoway.core.tests.pseudo import PSEUDO, main_of, untranslated
from twoway.posts.models import Comment, Post
from twoway.posts.services import comment_approve, unsubscribe_token
from twoway.posts.tests.helpers import make_post, reply

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("immediate_tasks")]

TITLE = "Pairing across teams"
# What the test itself wrote: names, the skill and the tag (member-written text is translate="no").
DATA = ["Alice", "Bob", "Jo Reader", "Priya", "SQL", "Figma", "career", "alice@example.com"]


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    cache.clear()


def speaking_pseudo(user: Any) -> Client:
    user.profile.interface_language = PSEUDO
    user.profile.save()
    client = Client()
    client.force_login(user)
    return client


def plain(path: str, client: Client, **headers: Any) -> list[str]:
    response = client.get(path, **headers)
    assert response.status_code == 200, (path, response.status_code)
    main = main_of(response.content.decode())
    assert "⟦" in main, path  # rendered in the pseudo-locale
    return untranslated(main, allowed=DATA)


def a_post(alice: Any) -> Post:
    return make_post(alice, title=TITLE, tags=["career"], skills=["SQL"])


def test_a_visitor_reads_every_public_page_in_their_language(
    alice: Any, pseudo_locale: str
) -> None:
    post = a_post(alice)
    reply(Client(), post)
    comment_approve(comment=Comment.objects.get())
    visitor = Client()
    for path in ("/posts/", "/posts/tags/career/", "/posts/skills/sql/", post.get_absolute_url()):
        assert plain(path, visitor, HTTP_ACCEPT_LANGUAGE=PSEUDO) == [], path


def test_a_visitor_sees_their_held_reply_and_the_form_in_their_language(
    alice: Any, pseudo_locale: str
) -> None:
    post = a_post(alice)
    visitor = Client(HTTP_ACCEPT_LANGUAGE=PSEUDO)
    reply(visitor, post)
    assert plain(f"{post.get_absolute_url()}?replyto=0", visitor) == []
    comment = Comment.objects.get()
    comment_approve(comment=comment)
    assert plain(f"{post.get_absolute_url()}?replyto={comment.pk}", visitor) == []


def test_the_author_writes_and_deletes_in_their_language(alice: Any, pseudo_locale: str) -> None:
    post = a_post(alice)
    draft = make_post(alice, title="Half an idea", status=Post.Status.DRAFT)
    client = speaking_pseudo(alice)
    for path in (
        "/posts/",
        "/posts/new/",
        f"/posts/{post.slug}/",
        f"/posts/{post.slug}/edit/",
        f"/posts/{post.slug}/delete/",
        f"/posts/{draft.slug}/",
    ):
        assert plain(path, client) == [], path
    preview = client.post("/posts/preview/", {"body": ""}, HTTP_HX_REQUEST="true")
    assert untranslated(preview.content.decode()) == []


def test_a_member_replies_in_their_language(alice: Any, bob: Any, pseudo_locale: str) -> None:
    post = a_post(alice)
    client = speaking_pseudo(bob)
    answer = client.post(
        f"/posts/{post.slug}/reply/", {"name": "", "body": ""}, HTTP_HX_REQUEST="true"
    )
    assert answer.status_code == 200
    assert untranslated(answer.content.decode(), allowed=DATA) == []
    assert plain(post.get_absolute_url(), client) == []


def test_staff_moderate_in_their_language(alice: Any, priya: Any, pseudo_locale: str) -> None:
    post = a_post(alice)
    reply(Client(), post)
    reply(
        Client(), post, body="[a](https://a.example) [b](https://b.example) [c](https://c.example)"
    )
    priya.is_staff = True
    priya.save()
    client = speaking_pseudo(priya)
    allowed = [*DATA, TITLE, "jo.reader@example.org", "127.0.0.1"]
    page = client.get("/posts/moderation/").content.decode()
    assert untranslated(main_of(page), allowed=allowed) == []


def test_the_unsubscribe_and_confirm_pages_speak_the_visitors_language(
    alice: Any, pseudo_locale: str
) -> None:
    post = a_post(alice)
    reply(Client(), post, notify_replies="on")
    token = unsubscribe_token(Comment.objects.get())
    visitor = Client(HTTP_ACCEPT_LANGUAGE=PSEUDO)
    assert plain(f"/posts/unsubscribe/{token}/", visitor) == []
    done = visitor.post(f"/posts/unsubscribe/{token}/")
    assert untranslated(main_of(done.content.decode())) == []
    for path in (f"/posts/unsubscribe/{token}x/", "/posts/confirm/not-a-token/"):
        wrong = visitor.get(path)
        assert wrong.status_code == 400
        assert untranslated(main_of(wrong.content.decode())) == [], path


def test_the_feeds_name_themselves_in_the_readers_language(alice: Any, pseudo_locale: str) -> None:
    a_post(alice)
    for path in ("/posts/feed/", "/posts/rss/"):
        feed = Client().get(path, HTTP_ACCEPT_LANGUAGE=PSEUDO).content.decode()
        assert "Twoway posts" not in feed and "⟦Ţŵöŵáý þöšţš" in feed, path


def test_the_confirmation_and_reply_emails_speak_the_visitors_language(
    alice: Any, bob: Any, pseudo_locale: str
) -> None:
    post = a_post(alice)
    reply(Client(HTTP_ACCEPT_LANGUAGE=PSEUDO), post, notify_replies="on")
    jo = Comment.objects.get()
    comment_approve(comment=jo)
    member = Client()
    member.force_login(bob)
    reply(member, post, name="Bob", email="bob@example.com", body="Welcome", parent=jo.pk)
    to_jo = [m for m in mail.outbox if m.to == ["jo.reader@example.org"]]
    assert len(to_jo) == 2  # the confirmation link, then Bob's answer
    allowed = [*DATA, TITLE, "Thank you, this helped me.", "Welcome"]
    for message in to_jo:
        text = "\n".join(line for line in message.body.splitlines() if "http" not in line)
        assert untranslated(str(message.subject), allowed=allowed) == [], message.subject
        assert untranslated(text, allowed=allowed) == [], message.body
