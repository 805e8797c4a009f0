"""Calendar files parse as RFC 5545; the private feed works without login until revoked."""

from datetime import date, time, timedelta
from typing import Any

import icalendar
import pytest
from django.test import Client

from twoway.partnerships.models import Partnership, Session
from twoway.partnerships.services import feed_token_regenerate
from twoway.partnerships.sessions import agenda_add, session_schedule
from twoway.partnerships.tests.helpers import login, partner, swap_profiles


@pytest.fixture
def session(alice: Any, bob: Any) -> Session:
    swap_profiles(alice, bob)
    partnership = partner(alice, bob)
    made = session_schedule(
        user=alice,
        partnership=partnership,
        day=date(2031, 3, 4),
        at=time(18, 30),
        tz="Europe/Paris",
        duration_minutes=45,
        place="Café Lumière, 3 rue Oberkampf; Paris",
        link="https://meet.example/abc",
        agenda=["SQL joins"],
    )
    agenda_add(user=bob, session=made, text="Figma, auto layout")
    return made


def _event(body: bytes) -> Any:
    cal = icalendar.Calendar.from_ical(body)
    events = cal.walk("VEVENT")
    assert len(events) == 1
    return events[0]


def test_a_session_file_is_a_valid_vevent_with_every_field(
    client: Client, alice: Any, session: Session
) -> None:
    response = login(client, alice).get(f"/partnerships/sessions/{session.pk}.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    body = response.content
    assert b"\r\n" in body and b"\n" not in body.replace(b"\r\n", b"")
    event = _event(body)
    assert str(event["UID"]) == f"session-{session.pk}@127.0.0.1"
    assert event.get("DTSTAMP") is not None
    start = event.decoded("DTSTART")
    assert event["DTSTART"].params["TZID"] == "Europe/Paris"
    assert (start.hour, start.minute, start.date()) == (18, 30, date(2031, 3, 4))
    assert event.decoded("DTEND") - start == timedelta(minutes=45)
    assert str(event["SUMMARY"]) == "Twoway session: Alice ⇄ Bob"
    assert str(event["LOCATION"]) == "Café Lumière, 3 rue Oberkampf; Paris"
    assert str(event["URL"]) == "https://meet.example/abc"
    assert "- SQL joins\n- Figma, auto layout" in str(event["DESCRIPTION"])
    cal = icalendar.Calendar.from_ical(body)
    assert [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")] == ["Europe/Paris"]


def test_the_api_serves_the_same_file(client: Client, bob: Any, session: Session) -> None:
    response = login(client, bob).get(f"/api/sessions/{session.pk}/ics")
    assert response.status_code == 200
    assert _event(response.content)["UID"] == f"session-{session.pk}@127.0.0.1"


def test_charlie_gets_404_for_the_file(client: Client, charlie: Any, session: Session) -> None:
    assert login(client, charlie).get(f"/partnerships/sessions/{session.pk}.ics").status_code == 404
    assert client.get(f"/api/sessions/{session.pk}/ics").status_code == 404


def test_the_feed_needs_no_login_and_lists_the_sessions(client: Client, session: Session) -> None:
    token = session.partnership.feed_token
    response = client.get(f"/partnerships/feed/{token}.ics")
    assert response.status_code == 200
    cal = icalendar.Calendar.from_ical(response.content)
    assert [str(e["UID"]) for e in cal.walk("VEVENT")] == [f"session-{session.pk}@127.0.0.1"]


def test_a_regenerated_token_makes_the_old_feed_address_404(
    client: Client, alice: Any, session: Session
) -> None:
    partnership: Partnership = session.partnership
    old = partnership.feed_token
    new = feed_token_regenerate(user=alice, partnership=partnership).feed_token
    assert new != old
    assert client.get(f"/partnerships/feed/{old}.ics").status_code == 404
    assert client.get(f"/partnerships/feed/{new}.ics").status_code == 200


def test_an_unknown_token_is_404(client: Client, db: None) -> None:
    assert client.get("/partnerships/feed/not-a-token.ics").status_code == 404
