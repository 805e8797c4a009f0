"""Posts in German and French: pages, the kept pages of each language, and emails written in the
recipient's language rather than the sender's (docs/i18n.md).

Alice writes and reads Twoway in German; Jo, a visitor, replies in English or German; Bob, a
member, answers in English.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client

from twoway.notifications.models import Notification
from twoway.posts.models import Comment
from twoway.posts.services import comment_approve
from twoway.posts.tests.helpers import make_post, reply

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("immediate_tasks")]
TITLE = "Pairing across teams"


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    cache.clear()


def speaks(user: Any, language: str) -> Any:
    user.profile.interface_language = language
    user.profile.save()
    return user


def test_a_german_visitor_reads_the_reply_form_in_german(alice: Any) -> None:
    post = make_post(alice, title=TITLE)
    page = Client().get(post.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "Schreib eine Antwort" in page
    assert "Deine E-Mail-Adresse wird nicht veröffentlicht." in page
    assert "Leave a Reply" not in page


def test_a_german_and_a_french_visitor_each_get_their_own_kept_page(alice: Any) -> None:
    post = make_post(alice, title=TITLE)
    for _ in range(2):  # the second round answers from the cache
        german = Client().get(post.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="de")
        french = Client().get(post.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="fr")
        assert "Schreib eine Antwort" in german.content.decode()
        assert "Laisser une réponse" in french.content.decode()
        assert "Schreib eine Antwort" not in french.content.decode()


def test_each_language_gets_its_own_kept_feed(alice: Any) -> None:
    make_post(alice, title=TITLE)
    for _ in range(2):
        german = Client().get("/posts/feed/", HTTP_ACCEPT_LANGUAGE="de").content.decode()
        french = Client().get("/posts/feed/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
        assert "Twoway-Beiträge" in german and "Articles Twoway" in french


def test_a_german_author_gets_german_email_when_an_english_visitor_replies(alice: Any) -> None:
    speaks(alice, "de")
    post = make_post(alice, title=TITLE)
    reply(Client(HTTP_ACCEPT_LANGUAGE="en"), post, name="Jo")
    mail.outbox.clear()  # Jo's own confirmation link
    comment_approve(comment=Comment.objects.get())
    [note] = Notification.objects.filter(recipient=alice)
    assert note.title == f"Jo hat auf „{TITLE}“ geantwortet"
    [message] = [m for m in mail.outbox if m.to == ["alice@example.com"]]
    assert message.subject == f"Jo hat auf „{TITLE}“ geantwortet"


def test_a_visitor_who_replied_in_german_gets_german_emails_from_an_english_member(
    alice: Any, bob: Any
) -> None:
    speaks(bob, "en")
    post = make_post(alice, title=TITLE)
    reply(Client(HTTP_ACCEPT_LANGUAGE="de"), post, notify_replies="on")
    [confirm] = mail.outbox
    assert confirm.subject == f"Bestätige deine Antwort zu „{TITLE}“"
    assert "Hallo Jo Reader," in confirm.body
    assert "öffne diesen Link (er gilt 7 Tage)" in confirm.body
    jo = Comment.objects.get()
    comment_approve(comment=jo)
    mail.outbox.clear()
    member = Client()
    member.force_login(bob)
    reply(member, post, name="Bob", email="bob@example.com", body="Welcome", parent=jo.pk)
    [answer] = [m for m in mail.outbox if m.to == ["jo.reader@example.org"]]
    assert answer.subject == f"Bob hat auf deinen Kommentar zu „{TITLE}“ geantwortet"
    assert "Du bekommst diese E-Mail, weil du „Benachrichtige mich" in answer.body


def test_a_french_visitor_is_told_in_french_that_their_reply_waits(alice: Any) -> None:
    post = make_post(alice, title=TITLE)
    visitor = Client(HTTP_ACCEPT_LANGUAGE="fr")
    page = reply(visitor, post)
    followed = visitor.get(page["Location"]).content.decode()
    assert "consultez votre boîte de réception pour confirmer votre e-mail" in followed
    assert Comment.objects.get().language == "fr"
