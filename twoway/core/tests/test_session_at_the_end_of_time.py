"""A session stored before dates were checked, on 31 December 9999 at 23:00 in Kiritimati (UTC+14),
ends after Python's last date. Its calendar file, the partnership's feed, the API and the page
still answer: the event gives a duration instead of an end, and Bob's other session stays in the
feed."""

from __future__ import annotations

import zoneinfo
from datetime import datetime, timedelta
from typing import Any

import icalendar
import pytest
from django.test import Client

from twoway.partnerships.models import Partnership, Session
from twoway.partnerships.tests.helpers import login, partner, swap_profiles

pytestmark = pytest.mark.django_db
KIRITIMATI = zoneinfo.ZoneInfo("Pacific/Kiritimati")


@pytest.fixture
def partnership(alice: Any, bob: Any) -> Partnership:
    swap_profiles(alice, bob)
    return partner(alice, bob)


def _session(partnership: Partnership, by: Any, starts: datetime, tz: str) -> Session:
    return Session.objects.create(
        partnership=partnership, starts_at=starts, timezone=tz, created_by=by
    )


@pytest.fixture
def last_night(partnership: Partnership, alice: Any) -> Session:
    starts = datetime(9999, 12, 31, 23, 0, tzinfo=KIRITIMATI)
    return _session(partnership, alice, starts, "Pacific/Kiritimati")


def _events(body: bytes) -> list[Any]:
    return list(icalendar.Calendar.from_ical(body).walk("VEVENT"))


def test_its_calendar_file_gives_a_duration_instead_of_an_end(
    client: Client, alice: Any, last_night: Session
) -> None:
    response = login(client, alice).get(f"/partnerships/sessions/{last_night.pk}.ics")
    assert response.status_code == 200
    (event,) = _events(response.content)
    assert event.decoded("DTSTART") == datetime(9999, 12, 31, 23, 0, tzinfo=KIRITIMATI)
    assert event.decoded("DURATION") == timedelta(minutes=60)


def test_the_api_serves_its_calendar_file_too(
    client: Client, alice: Any, last_night: Session
) -> None:
    response = login(client, alice).get(f"/api/sessions/{last_night.pk}/ics")
    assert response.status_code == 200
    assert len(_events(response.content)) == 1


def test_bobs_feed_still_holds_every_session(
    client: Client, bob: Any, partnership: Partnership, last_night: Session
) -> None:
    _session(partnership, bob, datetime(2030, 5, 4, 9, tzinfo=zoneinfo.ZoneInfo("UTC")), "UTC")
    response = client.get(f"/partnerships/feed/{partnership.feed_token}.ics")
    assert response.status_code == 200
    assert len(_events(response.content)) == 2


def test_the_partnership_page_and_api_still_show_it(
    client: Client, alice: Any, partnership: Partnership, last_night: Session
) -> None:
    login(client, alice)
    assert client.get(f"/partnerships/{partnership.pk}/").status_code == 200
    assert client.get(f"/api/partnerships/{partnership.pk}").status_code == 200
