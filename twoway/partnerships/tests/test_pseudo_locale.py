"""Every page, partial, notification and calendar file of partnerships goes through the
catalogues: rendered in the pseudo-locale (twoway/core/tests/pseudo.py), no plain English word is
left but the test's own data (names, skills, what members wrote)."""

from __future__ import annotations

import re
from datetime import date, time, timedelta
from typing import Any

import icalendar
import pytest
from django.test import Client
from django.utils import timezone

from twoway.core.tests.pseudo import PSEUDO, main_of, untranslated
from twoway.notifications.models import Notification
from twoway.partnerships import goals, learning, periodic, requests, services, sessions
from twoway.partnerships.models import Partnership, Request, Session
from twoway.partnerships.tests.helpers import login, partner, swap_profiles
from twoway.people.tests.helpers import make_complete

pytestmark = pytest.mark.django_db

# The test's data: names, skills, time zones and what the members wrote.
DATA = [
    "Alice",
    "Bob",
    "Charlie",
    "Dave",
    "SQL",
    "Figma",
    "Python",
    "Europe/Paris",
    "UTC",
    "Shall we swap?",
    "Design a landing page",
    "Window functions",
    "Auto layout",
    "Intro",
    "Hi Alice",
    "What do you teach?",
    "Joins",
    "Lovely",
    "Too busy",
    "min",  # the session length's unit, an abbreviation every language here shares
]


def _speak_pseudo(*users: Any) -> None:
    for user in users:
        user.profile.interface_language = PSEUDO
        user.profile.save()


def _left(html: str, *extra: str) -> list[str]:
    return untranslated(main_of(html), allowed=[*DATA, *extra])


@pytest.fixture
def world(alice: Any, bob: Any, charlie: Any, make_user: Any, pseudo_locale: str) -> Any:
    """Alice and Bob are partners with a goal, a session and a learning entry; Charlie and Dave
    asked Alice to partner (Charlie's request has a question on it); Alice asked nobody yet."""
    dave = make_user("dave@example.com", first_name="Dave")
    swap_profiles(alice, bob, capacity=3)
    make_complete(charlie, teaches={"Figma": 4}, learns={"SQL": 2})
    make_complete(dave, teaches={"Python": 3}, learns={"SQL": 2})
    partnership = partner(alice, bob)
    goals.goal_add(user=alice, partnership=partnership, text="Design a landing page", skill="Figma")
    goals.goal_add(user=bob, partnership=partnership, text="Window functions", skill="SQL")
    session = sessions.session_schedule(
        user=alice,
        partnership=partnership,
        day=date.today() + timedelta(days=7),
        at=time(10, 0),
        tz="Europe/Paris",
        agenda=["Intro"],
    )
    learning.learning_log(user=alice, partnership=partnership, text="Auto layout", skills=["Figma"])
    asked = requests.request_create(sender=charlie, receiver=alice, message="Hi Alice")
    requests.request_message_add(user=alice, request_id=asked.pk, text="What do you teach?")
    requests.request_create(sender=dave, receiver=alice, message="Shall we swap?")
    _speak_pseudo(alice, bob, charlie, dave)
    return {"partnership": partnership, "session": session, "asked": asked, "dave": dave}


def test_alices_pages_speak_the_pseudo_locale(client: Client, alice: Any, world: Any) -> None:
    partnership, asked = world["partnership"], world["asked"]
    login(client, alice)
    pages = [
        "/suggestions/",
        "/suggestions/?show=saved",
        "/suggestions/?show=hidden",
        "/suggestions/?skill=Unheard",
        "/partnerships/",
        "/partnerships/ask/charlie/",
        asked.get_absolute_url(),
        partnership.get_absolute_url(),
        f"{partnership.get_absolute_url()}end/",
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert _left(response.content.decode(), "Unheard") == [], url


def test_the_suggestion_list_partial_speaks_the_pseudo_locale(
    client: Client, alice: Any, world: Any
) -> None:
    page = login(client, alice).get("/suggestions/", HTTP_HX_REQUEST="true").content.decode()
    assert "suggestion-group" in page
    assert untranslated(page, allowed=DATA) == []


def test_the_sender_and_a_closed_request_speak_the_pseudo_locale(
    client: Client, alice: Any, charlie: Any, world: Any
) -> None:
    asked = world["asked"]
    requests.request_decline(user=alice, request_id=asked.pk, reason="Too busy")
    login(client, charlie)
    for url in (asked.get_absolute_url(), "/partnerships/"):
        assert _left(client.get(url).content.decode()) == [], url


def test_the_htmx_partials_speak_the_pseudo_locale(client: Client, alice: Any, world: Any) -> None:
    partnership, session, dave = world["partnership"], world["session"], world["dave"]
    login(client, alice)
    url = partnership.get_absolute_url()
    goals_part = client.post(f"{url}goals/", {"text": "Joins"}, HTTP_HX_REQUEST="true")
    agenda = client.post(
        f"/partnerships/sessions/{session.pk}/agenda/", {"text": "Joins"}, HTTP_HX_REQUEST="true"
    )
    dave_asked = Request.objects.get(sender=dave)
    panel = client.post(
        f"/partnerships/requests/{dave_asked.pk}/decline/",
        {"reason": "Too busy"},
        HTTP_HX_REQUEST="true",
    )
    for part in (goals_part, agenda, panel):
        assert part.status_code == 200
        assert untranslated(part.content.decode(), allowed=DATA) == []


def test_a_closed_partnership_with_feedback_and_levels_speaks_the_pseudo_locale(
    client: Client, alice: Any, bob: Any, world: Any
) -> None:
    partnership = world["partnership"]
    services.partnership_end(user=alice, partnership=partnership, early=True, reason="Too busy")
    services.feedback_give(user=bob, partnership=partnership, rating=4, text="Lovely")
    services.level_update(user=alice, skill_text="Figma", level=2, partnership=partnership)
    page = login(client, alice).get(partnership.get_absolute_url()).content.decode()
    assert 'id="growth"' in page and 'id="feedback"' in page
    assert _left(page) == []


def test_the_growth_chart_speaks_the_pseudo_locale(client: Client, alice: Any, world: Any) -> None:
    services.level_update(user=alice, skill_text="Figma", level=2)
    page = login(client, alice).get(f"/people/{alice.profile.handle}/").content.decode()
    chart = re.search(r'<section class="card growth".*?</section>', page, re.S)
    assert chart is not None
    assert untranslated(chart.group(0), allowed=DATA) == []


def test_every_notification_partnerships_sends_speaks_the_pseudo_locale(
    alice: Any, bob: Any, charlie: Any, world: Any
) -> None:
    partnership, session, asked, dave = (
        world["partnership"],
        world["session"],
        world["asked"],
        world["dave"],
    )
    before = Notification.objects.count()  # the world's own were written before the switch
    requests.request_message_add(user=charlie, request_id=asked.pk, text="Joins")
    requests.request_withdraw(user=dave, request_id=Request.objects.get(sender=dave).pk)
    requests.request_decline(user=alice, request_id=asked.pk, reason="Too busy")
    later = requests.request_create(sender=bob, receiver=charlie, message="Shall we swap?")
    requests.request_accept(user=charlie, request_id=later.pk)
    sessions.session_schedule(
        user=bob, partnership=partnership, day=date(2031, 3, 4), at=time(9, 0), tz="UTC"
    )
    periodic.remind_sessions_due(session.starts_at - timedelta(hours=2))
    periodic.nudge_quiet(timezone.now() + timedelta(weeks=52))
    for text in ("Joins", "Intro", "Auto layout", "Window functions"):
        learning.learning_log(user=bob, partnership=partnership, kind="shared", text=text)
    periodic.nudge_one_sided(timezone.now())
    services.partnership_end(user=bob, partnership=partnership, early=True, reason="Too busy")
    said = Notification.objects.order_by("pk")[before:]
    kinds = {row.kind for row in said}
    assert kinds == {
        "request_received",
        "request_info_asked",
        "request_answered",
        "session_scheduled",
        "session_due_tomorrow",
        "no_recent_session",
        "balance_one_sided",
        "partnership_ended",
    }
    for row in said:
        assert untranslated(f"{row.title}\n{row.body}", allowed=DATA) == [], (row.kind, row.title)


def test_a_calendar_file_speaks_the_pseudo_locale(client: Client, alice: Any, world: Any) -> None:
    session: Session = world["session"]
    body = login(client, alice).get(f"/partnerships/sessions/{session.pk}.ics").content
    event = icalendar.Calendar.from_ical(body).walk("VEVENT")[0]
    summary, description = str(event["SUMMARY"]), str(event["DESCRIPTION"])
    assert untranslated(summary, allowed=DATA) == []
    url = re.sub(r"https?://\S+", " ", description)
    assert untranslated(url, allowed=DATA) == []


def test_the_feed_speaks_the_language_of_the_partner_its_address_names(
    client: Client, alice: Any, bob: Any, world: Any
) -> None:
    partnership: Partnership = world["partnership"]
    bob.profile.interface_language = "en"
    bob.profile.save()
    base = f"/partnerships/feed/{partnership.feed_token}.ics"
    for_alice = Client().get(f"{base}?for=alice").content
    for_bob = Client().get(f"{base}?for=bob").content
    summary = str(icalendar.Calendar.from_ical(for_alice).walk("VEVENT")[0]["SUMMARY"])
    assert untranslated(summary, allowed=DATA) == []
    assert b"SUMMARY:Twoway session: Alice" in for_bob
