"""The inbox, the thread partials and the message notifications go through the catalogues
(docs/i18n.md): each reader gets their own language, whoever wrote.

Alice and Bob are partners; Ana, Sam and Lee sit in the "Design circle"; Charlie has no thread.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.utils import translation

from twoway.conversations import services
from twoway.conversations.tests.conftest import seat
from twoway.core.tests.pseudo import PSEUDO, main_of, untranslated
from twoway.network.models import Circle
from twoway.notifications.models import Notification
from twoway.partnerships.models import Partnership

pytestmark = pytest.mark.django_db

NAMES = ["Alice", "Bob", "Charlie", "Ana", "Sam", "Lee", "Design circle"]


def speaking(user: Any, language: str) -> Client:
    user.profile.interface_language = language
    user.profile.save()
    client = Client()
    client.force_login(user)
    return client


def pseudo_only(html: str) -> list[str]:
    assert "⟦" in html  # rendered in the pseudo-locale
    return untranslated(html, allowed=NAMES)


def test_the_inbox_speaks_the_members_language(
    alice: Any, bob: Any, charlie: Any, partnership: Partnership, circle: Circle,
    pseudo_locale: str,
) -> None:  # fmt: skip
    services.message_post(user=bob, thread=services.thread_of(partnership), text="Hello there")
    services.message_post(user=seat(circle, "Sam"), thread=services.thread_of(circle), text="Hi")
    for user in (alice, seat(circle, "Ana"), charlie):
        page = speaking(user, PSEUDO).get("/messages/").content.decode()
        assert pseudo_only(main_of(page)) == [], user


def test_the_thread_partials_speak_the_members_language(
    alice: Any, bob: Any, partnership: Partnership, pseudo_locale: str
) -> None:
    url = f"/messages/partnerships/{partnership.pk}/"
    client = speaking(alice, PSEUDO)
    empty = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert pseudo_only(empty) == []
    posted = client.post(url, {"text": "Hello there"}, HTTP_HX_REQUEST="true").content.decode()
    assert pseudo_only(posted.replace("Hello there", "")) == []
    Partnership.objects.filter(pk=partnership.pk).update(status=Partnership.Status.COMPLETED)
    closed = client.post(url, {"text": "Still there?"}, HTTP_HX_REQUEST="true").content.decode()
    assert pseudo_only(closed.replace("Hello there", "")) == []


def test_the_circle_thread_on_the_circle_page_speaks_the_members_language(
    circle: Circle, pseudo_locale: str
) -> None:
    sam = seat(circle, "Sam")
    page = speaking(sam, PSEUDO).get(f"/circles/{circle.pk}/").content.decode()
    thread = page[
        page.find('<div class="thread-box"') : page.find("</section>", page.find("thread-box"))
    ]
    assert pseudo_only(thread) == []


def test_a_german_partner_is_told_in_german_when_an_english_partner_writes(
    alice: Any,
    bob: Any,
    partnership: Partnership,
    immediate_tasks: None,
    django_capture_on_commit_callbacks: Any,
) -> None:
    speaking(bob, "de")
    english = speaking(alice, "en")
    with django_capture_on_commit_callbacks(execute=True):
        page = english.post(f"/messages/partnerships/{partnership.pk}/", {"text": "Hello"})
    assert page.status_code == 302
    note = Notification.objects.get(recipient=bob, kind="new_message")
    assert note.title == "Alice hat dir eine Nachricht geschickt"
    assert [m.subject for m in mail.outbox if m.to == [bob.email]] == [note.title]


def test_a_german_member_reads_the_inbox_in_german(
    alice: Any, bob: Any, partnership: Partnership
) -> None:
    services.message_post(user=bob, thread=services.thread_of(partnership), text="Hallo")
    page = speaking(alice, "de").get("/messages/").content.decode()
    assert "Deine Gespräche mit Tandempartnern und Kreisen" in page
    assert "1 ungelesen" in page


def test_posting_too_fast_is_explained_in_the_writers_language() -> None:
    with translation.override("es"):
        assert str(services.PostingTooFast(90)) == (
            "Estás enviando mensajes muy rápido. Vuelve a intentarlo en 2 minutos."
        )
