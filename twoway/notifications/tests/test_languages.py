"""Notifications and their emails speak their recipient's language and time zone, whoever caused
them (docs/i18n.md): Alice writes in English from Berlin, Bob reads in German in New York.

Titles and bodies are written when a notification is created, inside ``speaking_to(recipient)``
(``notify`` does it); the email around them is rendered the same way when it is sent.
"""

from __future__ import annotations

import re
import zoneinfo
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.utils import translation

from twoway.core.tests.pseudo import PSEUDO, main_of, untranslated
from twoway.core.times import when
from twoway.notifications.models import Kind, Notification
from twoway.notifications.services import notify
from twoway.partnerships.models import Partnership
from twoway.people.models import Profile
from twoway.scheduling.services import proposal_decline, proposal_send, slots_find
from twoway.scheduling.tests.helpers import (
    BERLIN,
    NEW_YORK,
    berlin_and_new_york,
    free_most_days,
    signed_in,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("immediate_tasks")]


@pytest.fixture(autouse=True)
def _site_language_afterwards() -> Iterator[None]:
    """A page activates its reader's language for the whole thread: give the next test the
    site's own."""
    yield
    translation.deactivate()


INSTANT = datetime(2026, 3, 3, 13, 30, tzinfo=UTC)


@pytest.fixture
def pair(alice: Any, bob: Any) -> Partnership:
    """Alice (Berlin, English) and Bob (New York), partners, both free most days."""
    partnership = berlin_and_new_york(alice, bob)
    free_most_days(alice, bob)
    speaks(alice, "en")
    return partnership


def speaks(user: Any, language: str) -> None:
    Profile.objects.filter(user=user).update(interface_language=language)
    user.refresh_from_db()


def _alice_proposes(alice: Any, pair: Partnership, capture: Any) -> Client:
    """Alice proposes two times on the page, in English."""
    client = signed_in(alice)
    starts = slots_find(user=alice, partnership=pair).offered[:2]
    body = {"slots": [s.isoformat() for s in starts], "minutes": 60, "link": ""}
    with capture(execute=True):
        page = client.post(f"/scheduling/partnerships/{pair.pk}/propose/", body, follow=True)
    assert "We sent Bob 2 times." in page.content.decode()
    return client


def test_a_member_whose_language_is_german_gets_german_email(
    alice: Any, bob: Any, pair: Partnership, django_capture_on_commit_callbacks: Any
) -> None:
    speaks(bob, "de")
    _alice_proposes(alice, pair, django_capture_on_commit_callbacks)
    sent = mail.outbox[-1]
    assert sent.to == ["bob@example.com"]
    assert sent.subject == "Alice schlägt Zeiten für ein Treffen vor"
    assert "Hallo Bob," in sent.body
    assert "Öffne sie auf Twoway:" in sent.body
    assert "Benachrichtigungseinstellungen" in sent.body
    first = Notification.objects.get(recipient=bob, kind=Kind.TIME_PROPOSED).body.splitlines()[0]
    assert first.endswith(f"({NEW_YORK})") and first.split(",")[0].endswith(
        ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag")
    )


def test_the_english_recipient_of_a_german_members_answer_reads_english(
    alice: Any, bob: Any, pair: Partnership, django_capture_on_commit_callbacks: Any
) -> None:
    speaks(bob, "de")
    starts = slots_find(user=alice, partnership=pair).offered[:2]
    proposal = proposal_send(user=alice, partnership=pair, starts=starts)
    with translation.override("de"), django_capture_on_commit_callbacks(execute=True):
        proposal_decline(user=bob, proposal_id=proposal.pk)
    sent = mail.outbox[-1]
    assert sent.to == ["alice@example.com"]
    assert sent.subject == "Bob can't make any of the times you proposed"
    assert "Hello Alice," in sent.body
    assert "Find other times, or write to each other to agree one." in sent.body


def test_the_same_instant_reads_in_each_recipients_zone(
    alice: Any, bob: Any, pair: Partnership
) -> None:
    speaks(bob, "de")
    for member in (alice, bob):
        notify(recipient=member, kind=Kind.OTHER, title=lambda: "Twoway")
    Notification.objects.update(created_at=INSTANT)
    for_alice = signed_in(alice).get("/notifications/").content.decode()
    for_bob = signed_in(bob).get("/notifications/").content.decode()
    assert "Tue 3 Mar 2026, 14:30 CET" in for_alice
    assert "Di, 3. Mär 2026, 08:30 EST" in for_bob
    assert "Sonstige Neuigkeiten von Twoway" in for_bob


def test_the_notification_pages_and_email_go_through_the_catalogues(
    alice: Any,
    bob: Any,
    pair: Partnership,
    pseudo_locale: str,
    django_capture_on_commit_callbacks: Any,
) -> None:
    speaks(bob, PSEUDO)
    Notification.objects.all().delete()  # the partnership's own news, written before
    _alice_proposes(alice, pair, django_capture_on_commit_callbacks)
    client = signed_in(bob)
    data = ["Alice", "Bob", "America/New_York", "Twoway"]
    sent = mail.outbox[-1]
    assert untranslated(str(sent.subject), allowed=data) == []
    body = re.sub(r"https?://\S+", " ", str(sent.body))  # the links: addresses, not words
    assert untranslated(body, allowed=data) == []
    for url in ("/notifications/", "/notifications/?unread=1", "/notifications/settings/"):
        page = client.get(url).content.decode()
        assert untranslated(main_of(page), allowed=data) == [], url
    bell = client.get("/notifications/bell/").content.decode()
    assert untranslated(bell) == []


def test_the_kinds_on_the_settings_page_are_in_the_members_language(
    alice: Any, pair: Partnership
) -> None:
    speaks(alice, "fr")
    page = signed_in(alice).get("/notifications/settings/").content.decode()
    assert "Paramètres de notification" in page
    assert "Quelqu&#x27;un veut former un binôme avec vous" in page


def test_times_in_a_notification_follow_the_recipients_zone(
    alice: Any, bob: Any, pair: Partnership
) -> None:
    starts = slots_find(user=alice, partnership=pair).offered[:1]
    proposal_send(user=alice, partnership=pair, starts=starts)
    body = Notification.objects.get(recipient=bob, kind=Kind.TIME_PROPOSED).body
    local = starts[0].astimezone(zoneinfo.ZoneInfo(NEW_YORK))
    assert body == f"{local:%A %d %B, %H:%M} ({NEW_YORK})"
    assert when(starts[0], zoneinfo.ZoneInfo(BERLIN)) != when(
        starts[0], zoneinfo.ZoneInfo(NEW_YORK)
    )
