"""The partnership API: agreement, goals, sessions, agenda, learning, balance, end, feedback."""

from typing import Any

import icalendar
import pytest
from django.test import Client

from twoway.partnerships.models import Partnership
from twoway.partnerships.tests.helpers import call, login, partner, snapshot, swap_profiles


@pytest.fixture
def partnership(alice: Any, bob: Any) -> Partnership:
    swap_profiles(alice, bob)
    return partner(alice, bob)


def test_working_together_through_the_api(
    client: Client, alice: Any, bob: Any, partnership: Partnership
) -> None:
    api = login(client, alice)
    base = f"/api/partnerships/{partnership.pk}"
    status, agreed = call(
        api, "patch", f"{base}/agreement", {"cadence": "weekly", "planned_end": "2031-06-30"}
    )
    assert (status, agreed["cadence"], agreed["planned_end"]) == (200, "weekly", "2031-06-30")
    status, goal = call(api, "post", f"{base}/goals", {"text": "Landing page", "skill": "Figma"})
    assert (status, goal["owner"]["handle"], goal["skill"]) == (201, "alice", "Figma")
    assert call(api, "patch", f"/api/goals/{goal['id']}", {"progress": 30})[1]["progress"] == 30
    status, session = call(
        api,
        "post",
        f"{base}/sessions",
        {"date": "2031-03-04", "time": "18:30", "timezone": "Europe/Paris", "agenda": ["Intro"]},
    )
    assert status == 201 and session["local_start"].startswith("2031-03-04T18:30:00+01:00")
    assert call(api, "post", f"/api/sessions/{session['id']}/agenda", {"text": "Joins"})[0] == 201
    ics = api.get(session["ics_url"]).content
    assert (
        icalendar.Calendar.from_ical(ics).walk("VEVENT")[0]["SUMMARY"]
        == "Twoway session: Alice ⇄ Bob"
    )
    status, entry = call(
        api, "post", f"{base}/learning", {"text": "Auto layout", "skills": ["Figma"]}
    )
    assert (status, entry["kind"], entry["skills"]) == (201, "learned", ["Figma"])
    balance = call(api, "get", f"{base}/balance")[1]
    assert balance["reading"] == "So far learning flows only from Bob to Alice"
    detail = call(api, "get", base)[1]
    assert len(detail["goals"]) == len(detail["sessions"]) == len(detail["learning"]) == 1
    # The address names its reader, so the feed speaks their language.
    assert detail["feed_url"].endswith(f"/partnerships/feed/{partnership.feed_token}.ics?for=alice")


def test_bob_cannot_move_alices_goal(
    client: Client, alice: Any, bob: Any, partnership: Partnership
) -> None:
    api = login(client, alice)
    _, goal = call(api, "post", f"/api/partnerships/{partnership.pk}/goals", {"text": "Mine"})
    client.logout()
    before = snapshot()
    status, body = call(login(client, bob), "patch", f"/api/goals/{goal['id']}", {"progress": 90})
    assert status == 403 and body["error"]["code"] == "forbidden"
    assert snapshot() == before


def test_after_the_end_sessions_are_409_and_feedback_goes_once(
    client: Client, alice: Any, partnership: Partnership
) -> None:
    api = login(client, alice)
    base = f"/api/partnerships/{partnership.pk}"
    status, ended = call(api, "post", f"{base}/end", {"early": True, "reason": "Moved teams"})
    assert (status, ended["status"], ended["end_reason"]) == (200, "ended", "Moved teams")
    before = snapshot()
    status, body = call(
        api, "post", f"{base}/sessions", {"date": "2031-03-04", "time": "10:00", "timezone": "UTC"}
    )
    assert status == 409 and "ended early" in body["error"]["message"]
    assert call(api, "post", f"{base}/end", {})[0] == 409
    assert snapshot() == before
    status, given = call(
        api, "post", f"{base}/feedback", {"rating": 4, "text": "Good", "managers_only": True}
    )
    assert (status, given["managers_only"]) == (201, True)
    before = snapshot()
    status, body = call(api, "post", f"{base}/feedback", {"rating": 5})
    assert status == 409 and "already given" in body["error"]["message"]
    assert snapshot() == before


def test_levels_record_growth_and_show_in_my_growth(
    client: Client, alice: Any, partnership: Partnership
) -> None:
    api = login(client, alice)
    status, change = call(
        api, "post", f"/api/partnerships/{partnership.pk}/levels", {"skill": "Figma", "level": 2}
    )
    assert (status, change["old"], change["new"]) == (200, 0, 2)
    assert (
        call(
            api,
            "post",
            f"/api/partnerships/{partnership.pk}/levels",
            {"skill": "Figma", "level": 2},
        )[0]
        == 204
    )
    assert [c["skill"] for c in call(api, "get", "/api/me/growth")[1]] == ["Figma"]


def test_a_bad_level_is_422(client: Client, alice: Any, partnership: Partnership) -> None:
    status, body = call(
        login(client, alice),
        "post",
        f"/api/partnerships/{partnership.pk}/levels",
        {"skill": "Figma", "level": 9},
    )
    assert status == 422 and body["error"]["fields"][0]["field"] == "level"


def test_a_new_calendar_token_through_the_api(
    client: Client, alice: Any, partnership: Partnership
) -> None:
    old = partnership.feed_token
    status, body = call(
        login(client, alice), "post", f"/api/partnerships/{partnership.pk}/calendar-token"
    )
    assert status == 200 and old not in body["feed_url"]
    assert client.get(f"/partnerships/feed/{old}.ics").status_code == 404
