"""A signed-in member's home at ``/``: what is next, what waits on whom, goals both ways, nudges
and a few suggestions; visitors keep the marketing page.

Alice (in Tokyo) partners with Priya; Bob asks Alice to partner; Alice asks Charlie. Bob and
Charlie's own partnership, with its notes, is none of Alice's business.
"""

from __future__ import annotations

import zoneinfo
from datetime import date, time, timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from twoway.network.tests.helpers import circle_with, meeting
from twoway.partnerships import goals, requests, sessions
from twoway.partnerships.models import Goal, Partnership, Session
from twoway.partnerships.tests.helpers import login, partner
from twoway.people.tests.helpers import make_complete

pytestmark = pytest.mark.django_db

FIGMA_FOR_SQL = {"teaches": {"SQL": 4}, "learns": {"Figma": 3}}
SQL_FOR_FIGMA = {"teaches": {"Figma": 5}, "learns": {"SQL": 3}}


def shown(when: Any, tz: str) -> str:
    """A time as the home writes it ("Tue 3 Dec 2026, 19:00"), in the zone ``tz``."""
    local = when.astimezone(zoneinfo.ZoneInfo(tz))
    return f"{local:%a} {local.day} {local:%b %Y, %H:%M}"


@pytest.fixture
def busy_alice(alice: Any, bob: Any, charlie: Any, priya: Any) -> dict[str, Any]:
    """Alice partners with Priya (a session tomorrow, a goal each way), Bob asks Alice, Alice
    asks Charlie."""
    make_complete(alice, timezone="Asia/Tokyo", capacity=3, **FIGMA_FOR_SQL)
    for other in (bob, charlie, priya):
        make_complete(other, capacity=3, **SQL_FOR_FIGMA)
    partnership = partner(alice, priya)
    session = sessions.session_schedule(
        user=priya,
        partnership=partnership,
        day=date.today() + timedelta(days=1),
        at=time(10),
        tz="Europe/London",
    )
    goals.goal_add(user=alice, partnership=partnership, text="Learn Figma frames")
    goals.goal_add(user=priya, partnership=partnership, text="Write window functions")
    requests.request_create(sender=bob, receiver=alice, message="Bob would love to swap SQL.")
    requests.request_create(sender=alice, receiver=charlie, message="Figma for SQL?")
    return {"partnership": partnership, "session": session}


def test_alice_sees_her_session_tomorrow_in_her_own_time_zone(
    client: Client, alice: Any, busy_alice: dict[str, Any]
) -> None:
    page = login(client, alice).get("/").content.decode()
    assert "Session with Priya" in page
    assert shown(busy_alice["session"].starts_at, "Asia/Tokyo") in page
    assert "Asia/Tokyo" in page


def test_alice_sees_bobs_request_waiting_on_her_and_hers_waiting_on_charlie(
    client: Client, alice: Any, busy_alice: dict[str, Any]
) -> None:
    page = login(client, alice).get("/").content.decode()
    waiting_on_me, waiting_on_others = page.split("Waiting on others")
    assert "From Bob" in waiting_on_me and "Bob would love to swap SQL." in waiting_on_me
    assert "To Charlie" in waiting_on_others and "From Bob" not in waiting_on_others


def test_alice_sees_goals_in_progress_both_ways_but_not_finished_ones(
    client: Client, alice: Any, busy_alice: dict[str, Any]
) -> None:
    Goal.objects.create(
        partnership=busy_alice["partnership"], owner=alice, text="Old goal", done=True
    )
    page = login(client, alice).get("/").content.decode()
    mine, theirs = page.split("What your partners are learning from you")
    assert "Learn Figma frames" in mine and "Write window functions" in theirs
    assert "Old goal" not in page


def test_alice_sees_two_way_suggestions_but_not_her_partner(
    client: Client, alice: Any, busy_alice: dict[str, Any]
) -> None:
    page = login(client, alice).get("/").content.decode()
    ideas = page.split("People you could swap with")[1]
    assert "Bob" in ideas and "Charlie" in ideas
    assert "Priya" not in ideas


def test_a_member_at_capacity_gets_no_suggestions(client: Client, alice: Any, bob: Any) -> None:
    make_complete(alice, **FIGMA_FOR_SQL)
    make_complete(bob, **SQL_FOR_FIGMA)
    partner(alice, bob)
    page = login(client, alice).get("/").content.decode()
    assert "People you could swap with" not in page


def _quiet_partnership(alice: Any, bob: Any, quiet_weeks: int) -> Partnership:
    """Alice and Bob, partners since longer than the quiet rule's weeks, with no session."""
    make_complete(alice, **FIGMA_FOR_SQL)
    make_complete(bob, **SQL_FOR_FIGMA)
    partnership = partner(alice, bob)
    weeks_ago = timezone.now() - timedelta(weeks=quiet_weeks + 1)
    Partnership.objects.filter(pk=partnership.pk).update(started_at=weeks_ago)
    return partnership


def test_a_quiet_partnership_gets_a_nudge_to_plan_a_session(
    client: Client, alice: Any, bob: Any, settings: Any
) -> None:
    _quiet_partnership(alice, bob, settings.PARTNERSHIP_QUIET_WEEKS)
    page = login(client, alice).get("/").content.decode()
    assert "You and Bob haven&#x27;t met for a while." in page
    assert "Plan a session" in page


def test_a_planned_session_keeps_the_nudge_away(
    client: Client, alice: Any, bob: Any, settings: Any
) -> None:
    partnership = _quiet_partnership(alice, bob, settings.PARTNERSHIP_QUIET_WEEKS)
    Session.objects.create(
        partnership=partnership, starts_at=timezone.now() + timedelta(days=1), created_by=bob
    )
    page = login(client, alice).get("/").content.decode()
    assert "met for a while" not in page


def test_alice_sees_her_circles_next_meeting_among_what_is_coming_up(
    client: Client, alice: Any, bob: Any, charlie: Any
) -> None:
    make_complete(alice, timezone="America/New_York", **FIGMA_FOR_SQL)
    circle = circle_with([alice, bob, charlie], name="Data circle")
    soon = meeting(circle, days_from_now=2)
    meeting(circle, days_from_now=-2)
    page = login(client, alice).get("/").content.decode()
    upcoming = page.split("Coming up")[1].split("Requests")[0]
    assert "Data circle" in upcoming
    assert upcoming.count("Data circle") == 1
    assert shown(soon.starts_at, "America/New_York") in upcoming


def test_a_new_member_is_told_to_finish_the_profile_and_find_a_partner(
    client: Client, alice: Any
) -> None:
    page = login(client, alice).get("/").content.decode()
    assert "Finish your profile" in page and 'href="/me/edit/"' in page
    assert "No partner yet." in page
    assert "Once you have a partner, your sessions show here." in page
    assert "Goals live in a partnership: find a partner" in page
    assert "Join Twoway" not in page


def test_a_visitor_still_gets_the_marketing_page(client: Client, db: None) -> None:
    page = client.get("/").content.decode()
    assert "Mentorship as a two-way street" in page and "Join Twoway" in page
    assert "Coming up" not in page


def test_alice_sees_nothing_private_of_other_members(
    client: Client, alice: Any, bob: Any, charlie: Any, busy_alice: dict[str, Any]
) -> None:
    others = Partnership.objects.create(
        member_low=min(bob, charlie, key=lambda u: u.pk),
        member_high=max(bob, charlie, key=lambda u: u.pk),
        expectations="Charlie's private plan for Bob",
    )
    Goal.objects.create(partnership=others, owner=bob, text="Bob's own goal with Charlie")
    Session.objects.create(
        partnership=others, starts_at=timezone.now() + timedelta(days=1), created_by=bob
    )
    Partnership.objects.filter(pk=busy_alice["partnership"].pk).update(
        expectations="Alice and Priya's notes"
    )
    page = login(client, alice).get("/").content.decode()
    for private in (
        "Charlie's private plan",
        "Charlie&#x27;s private plan",
        "Bob&#x27;s own goal",
        "Session with Charlie",
        "Alice and Priya",
        "bob@example.com",
        "charlie@example.com",
        "priya@example.com",
    ):
        assert private not in page, private
