"""Partnerships in German, Spanish and French: pages in the reader's language, notifications and
calendar files in the recipient's, whatever language the sender speaks."""

from __future__ import annotations

from datetime import date, time
from typing import Any

import icalendar
import pytest
from django.test import Client
from django.utils import translation

from twoway.engine.model import SkillFlow
from twoway.notifications.models import Notification
from twoway.partnerships import learning, requests, sessions
from twoway.partnerships.flows import two_way_words
from twoway.partnerships.models import Partnership, Session
from twoway.partnerships.tests.helpers import login, partner, swap_profiles

pytestmark = pytest.mark.django_db


def _speaks(user: Any, language: str) -> None:
    user.profile.interface_language = language
    user.profile.save()


@pytest.fixture
def partnership(alice: Any, bob: Any) -> Partnership:
    swap_profiles(alice, bob)
    _speaks(bob, "en")
    return partner(alice, bob)


@pytest.fixture
def session(alice: Any, partnership: Partnership) -> Session:
    return sessions.session_schedule(
        user=alice,
        partnership=partnership,
        day=date(2031, 3, 4),
        at=time(18, 30),
        tz="Europe/Paris",
        agenda=["SQL joins"],
    )


def _summary(body: bytes) -> str:
    return str(icalendar.Calendar.from_ical(body).walk("VEVENT")[0]["SUMMARY"])


def test_a_member_whose_language_is_german_reads_the_balance_in_german(
    client: Client, alice: Any, bob: Any, partnership: Partnership
) -> None:
    _speaks(alice, "de")
    learning.learning_log(user=alice, partnership=partnership, text="Auto layout")
    page = login(client, alice).get(partnership.get_absolute_url()).content.decode()
    assert "Bisher geht das Lernen nur von Bob zu Alice" in page
    assert "Bob hat 1 Sache beigebracht, Alice noch keine." in page
    assert "Was ich von Bob lernen möchte" in page


def test_a_german_member_reads_suggestions_explained_in_german(
    client: Client, alice: Any, bob: Any
) -> None:
    swap_profiles(alice, bob)
    _speaks(alice, "de")
    page = login(client, alice).get("/suggestions/").content.decode()
    assert "Ihr könnt voneinander lernen" in page
    assert "Du kannst Bob SQL (du: " in page and "du möchtest es: hoch) beibringen" in page


def test_a_spanish_member_is_refused_in_spanish(
    client: Client, alice: Any, bob: Any, partnership: Partnership
) -> None:
    _speaks(alice, "es")
    response = login(client, alice).post("/partnerships/ask/bob/", {"message": "Hola"}, follow=True)
    assert "Tú y Bob ya sois compañeros." in response.content.decode()


def test_a_french_member_reads_the_request_page_in_french(
    client: Client, alice: Any, charlie: Any
) -> None:
    swap_profiles(alice, charlie)
    _speaks(charlie, "fr")
    asked = requests.request_create(sender=alice, receiver=charlie, message="Bonjour")
    page = login(client, charlie).get(asked.get_absolute_url()).content.decode()
    assert "Demande de Alice" in page and "Refuser la demande" in page


def test_a_german_member_downloads_a_german_calendar_file_while_bob_gets_english(
    client: Client, alice: Any, bob: Any, session: Session
) -> None:
    _speaks(alice, "de")
    url = f"/partnerships/sessions/{session.pk}.ics"
    german = login(client, alice).get(url).content
    english = login(Client(), bob).get(url).content
    assert _summary(german) == "Twoway-Treffen: Alice ⇄ Bob"
    assert "Tagesordnung:\n- SQL joins" in str(
        icalendar.Calendar.from_ical(german).walk("VEVENT")[0]["DESCRIPTION"]
    )
    assert _summary(english) == "Twoway session: Alice ⇄ Bob"


def test_the_feed_speaks_the_language_of_the_partner_who_copied_its_address(
    client: Client, alice: Any, bob: Any, session: Session, partnership: Partnership
) -> None:
    _speaks(alice, "de")
    page = login(client, alice).get(partnership.get_absolute_url()).content.decode()
    address = f"/partnerships/feed/{partnership.feed_token}.ics?for=alice"
    assert address in page
    assert _summary(Client().get(address).content) == "Twoway-Treffen: Alice ⇄ Bob"
    bobs = f"/partnerships/feed/{partnership.feed_token}.ics?for=bob"
    assert _summary(Client().get(bobs).content) == "Twoway session: Alice ⇄ Bob"


def test_a_german_member_is_told_in_german_while_the_sender_speaks_english(
    alice: Any, bob: Any, charlie: Any
) -> None:
    swap_profiles(alice, charlie)
    _speaks(charlie, "de")
    with translation.override("en"):  # the sender's request is in English
        asked = requests.request_create(sender=alice, receiver=charlie, message="Hi")
        requests.request_message_add(user=charlie, request_id=asked.pk, text="Was genau?")
        requests.request_message_add(user=alice, request_id=asked.pk, text="SQL")
    titles = list(Notification.objects.filter(recipient=charlie).values_list("title", flat=True))
    assert titles == [
        "Alice hat zur Tandem-Anfrage an dich geantwortet",
        "Alice möchte ein Tandem mit dir bilden",
    ] or titles == [
        "Alice möchte ein Tandem mit dir bilden",
        "Alice hat zur Tandem-Anfrage an dich geantwortet",
    ]  # (whatever order the inbox keeps)
    to_alice = Notification.objects.get(recipient=alice)
    assert to_alice.title == "Charlie asked about your request"


def test_a_session_reminder_reads_in_the_recipients_language_and_zone(
    alice: Any, bob: Any, partnership: Partnership
) -> None:
    _speaks(alice, "fr")
    with translation.override("en"):
        sessions.session_schedule(
            user=bob,
            partnership=partnership,
            day=date(2031, 3, 4),
            at=time(18, 30),
            tz="Europe/Paris",
            duration_minutes=45,
        )
    told = Notification.objects.get(recipient=alice, kind="session_scheduled")
    assert told.title == "Bob a planifié une séance"
    # French day names (Tuesday: "mar") and the reader's own zone (Alice reads UTC).
    assert told.body.startswith("mar 4 ") and told.body.endswith("2031, 17:30 UTC, 45 minutes")


def test_two_way_explanations_are_whole_sentences_in_each_language() -> None:
    python = (SkillFlow("Python", 4, 1, 3), SkillFlow("Go", 4, 0, 2))
    more = python + (SkillFlow("Rust", 3, 0, 2), SkillFlow("SQL", 3, 0, 1), SkillFlow("C", 2, 0, 1))
    figma = (SkillFlow("Figma", 5, 0, 3),)
    assert two_way_words("Alice", "Bob", more, figma) == (
        "Alice teaches Bob Python, Go, Rust and 2 more; Bob teaches Alice Figma"
    )
    assert two_way_words("Alice", "Bob", python, ()) == (
        "Alice teaches Bob Python and Go; Bob has nothing Alice wants yet"
    )
    with translation.override("de"):
        assert two_way_words("Alice", "Bob", more, figma) == (
            "Alice bringt Bob Python, Go, Rust und 2 weitere bei; Bob bringt Alice Figma bei"
        )
    with translation.override("fr"):
        assert two_way_words("Alice", "Bob", python, figma) == (
            "Alice enseigne Python et Go à Bob ; Bob enseigne Figma à Alice"
        )
