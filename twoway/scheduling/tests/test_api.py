"""The scheduling API: my week, times for a partnership, proposing and picking, each partner
reading times on their own clock."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.test import Client

from twoway.partnerships.models import Partnership, Session
from twoway.scheduling.models import Availability, Proposal

from .helpers import signed_in


def call(client: Client, method: str, url: str, body: Any = None) -> tuple[int, Any]:
    response = getattr(client, method)(url, body, content_type="application/json")
    return response.status_code, (response.json() if response.content else None)


WEEK = {
    "windows": [
        {"weekday": 0, "start": "09:00", "end": "12:00"},
        {"weekday": 4, "start": "17:30", "end": "19:00"},
    ]
}


def test_alice_replaces_and_reads_her_week(alice: Any, pair: Partnership) -> None:
    client = signed_in(alice)
    status, body = call(client, "put", "/api/me/availability", WEEK)
    assert status == 200, body
    assert body["timezone"] == "Europe/Berlin"
    assert body["windows"] == [
        {"weekday": 0, "start": "09:00:00", "end": "12:00:00"},
        {"weekday": 4, "start": "17:30:00", "end": "19:00:00"},
    ]
    assert call(client, "get", "/api/me/availability")[1] == body
    assert Availability.objects.filter(user=alice).count() == 2


def test_an_overlapping_week_is_refused_naming_the_row_and_field(alice: Any) -> None:
    week = {"windows": [*WEEK["windows"], {"weekday": 0, "start": "11:00", "end": "13:00"}]}
    status, body = call(signed_in(alice), "put", "/api/me/availability", week)
    assert status == 422
    assert body["error"]["fields"][0]["field"] == "windows.2.start"
    assert "overlaps Monday 09:00–12:00" in body["error"]["fields"][0]["message"]
    assert not Availability.objects.filter(user=alice).exists()


def test_a_weekday_past_sunday_is_refused(alice: Any) -> None:
    week = {"windows": [{"weekday": 7, "start": "09:00", "end": "10:00"}]}
    status, body = call(signed_in(alice), "put", "/api/me/availability", week)
    assert status == 422 and body["error"]["fields"][0]["field"] == "windows.0.weekday"


def test_a_window_with_an_offset_is_refused_not_a_server_error(alice: Any) -> None:
    week = {"windows": [{"weekday": 1, "start": "18:03:15+15:56", "end": "23:59:43Z"}]}
    status, body = call(signed_in(alice), "put", "/api/me/availability", week)
    assert status == 422, body
    fields = {item["field"]: item["message"] for item in body["error"]["fields"]}
    assert "without an offset" in fields["windows.0.start"]
    assert "without an offset" in fields["windows.0.end"]
    assert not Availability.objects.filter(user=alice).exists()


def test_each_partner_reads_the_same_times_on_their_own_clock(
    alice: Any, bob: Any, pair: Partnership
) -> None:
    url = f"/api/partnerships/{pair.pk}/slots?minutes=30"
    status, mine = call(signed_in(alice), "get", url)
    assert status == 200 and mine["minutes"] == 30 and len(mine["slots"]) == 5
    first = mine["slots"][0]
    starts = datetime.fromisoformat(first["starts_at"])
    berlin = datetime.fromisoformat(first["local_start"])
    assert berlin == starts
    assert mine["timezone"] == "Europe/Berlin"
    assert berlin.utcoffset() in (timedelta(hours=1), timedelta(hours=2))
    _, theirs = call(signed_in(bob), "get", url)
    new_york = datetime.fromisoformat(theirs["slots"][0]["local_start"])
    assert new_york.utcoffset() in (timedelta(hours=-5), timedelta(hours=-4))


def test_without_availability_the_api_names_who_is_missing(
    alice: Any, bob: Any, pair: Partnership
) -> None:
    Availability.objects.filter(user=bob).delete()
    status, body = call(signed_in(alice), "get", f"/api/partnerships/{pair.pk}/slots")
    assert status == 200 and body["slots"] == []
    assert [m["handle"] for m in body["missing_availability"]] == [bob.profile.handle]


def test_propose_then_pick_over_the_api(alice: Any, bob: Any, pair: Partnership) -> None:
    alices, bobs = signed_in(alice), signed_in(bob)
    _, found = call(alices, "get", f"/api/partnerships/{pair.pk}/slots")
    chosen = [s["starts_at"] for s in found["slots"][:3]]
    status, sent = call(alices, "post", f"/api/partnerships/{pair.pk}/proposals", {"slots": chosen})
    assert status == 201, sent
    assert sent["status"] == "open" and sent["link"] == "" and len(sent["slots"]) == 3
    status, seen = call(bobs, "get", f"/api/proposals/{sent['id']}")
    assert status == 200 and seen["timezone"] == "America/New_York"
    assert seen["proposer"]["display_name"] == "Alice" and "email" not in str(seen)
    slot = seen["slots"][2]
    status, session = call(bobs, "post", f"/api/proposals/{sent['id']}/pick", {"slot": slot["id"]})
    assert status == 200, session
    assert session["link"].startswith("https://meet.jit.si/Twoway-")
    assert datetime.fromisoformat(session["starts_at"]) == datetime.fromisoformat(slot["starts_at"])
    assert session["timezone"] == "America/New_York" and session["ics_url"]
    _, listed = call(alices, "get", f"/api/partnerships/{pair.pk}/proposals")
    assert [(p["status"], p["session_id"]) for p in listed] == [("picked", session["id"])]


def test_a_time_without_a_zone_is_refused(alice: Any, pair: Partnership) -> None:
    body = {"slots": ["2031-01-06T15:00:00"]}
    status, answer = call(signed_in(alice), "post", f"/api/partnerships/{pair.pk}/proposals", body)
    assert status == 422 and answer["error"]["fields"][0]["field"].startswith("slots")
    assert not Proposal.objects.exists()


def test_bob_declines_and_alice_withdraws_over_the_api(
    alice: Any, bob: Any, pair: Partnership
) -> None:
    alices, bobs = signed_in(alice), signed_in(bob)
    _, found = call(alices, "get", f"/api/partnerships/{pair.pk}/slots")
    body = {"slots": [found["slots"][0]["starts_at"]]}
    _, first = call(alices, "post", f"/api/partnerships/{pair.pk}/proposals", body)
    status, declined = call(bobs, "post", f"/api/proposals/{first['id']}/decline")
    assert (status, declined["status"]) == (200, "declined")
    _, second = call(alices, "post", f"/api/partnerships/{pair.pk}/proposals", body)
    assert call(bobs, "post", f"/api/proposals/{second['id']}/withdraw")[0] == 403
    status, withdrawn = call(alices, "post", f"/api/proposals/{second['id']}/withdraw")
    assert (status, withdrawn["status"]) == (200, "withdrawn")
    assert not Session.objects.exists()
