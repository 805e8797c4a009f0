"""Sessions: scheduled in a time zone, agendas both partners add to, held or cancelled."""

from datetime import UTC, date, time, timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from twoway.core.errors import Refused
from twoway.notifications.models import Notification
from twoway.partnerships.models import Partnership, Session
from twoway.partnerships.services import partnership_end
from twoway.partnerships.sessions import agenda_add, session_schedule, session_set_status
from twoway.partnerships.tests.helpers import partner, snapshot, swap_profiles


@pytest.fixture
def partnership(alice: Any, bob: Any) -> Partnership:
    swap_profiles(alice, bob)
    return partner(alice, bob)


def _schedule(user: Any, partnership: Partnership, **extra: Any) -> Session:
    fields = {"day": date(2031, 3, 4), "at": time(18, 30), "tz": "Europe/Paris", **extra}
    return session_schedule(user=user, partnership=partnership, **fields)


def test_a_session_keeps_its_local_time_and_zone(
    alice: Any, bob: Any, partnership: Partnership
) -> None:
    session = _schedule(
        alice, partnership, agenda=["Intro", "", "SQL joins"], link="https://meet.example/x"
    )
    assert session.starts_at.astimezone(UTC).hour == 17  # Paris is UTC+1 in March
    assert f"{session.local_start:%H:%M}" == "18:30"
    assert [i.text for i in session.agenda.all()] == ["Intro", "SQL joins"]
    assert Notification.objects.filter(recipient=bob, kind="session_scheduled").exists()


def test_both_partners_add_to_the_agenda(alice: Any, bob: Any, partnership: Partnership) -> None:
    session = _schedule(alice, partnership)
    agenda_add(user=bob, session=session, text="Figma components")
    agenda_add(user=alice, session=session, text="Query plans")
    assert [(i.author, i.text) for i in session.agenda.all()] == [
        (bob, "Figma components"),
        (alice, "Query plans"),
    ]


def test_an_unknown_time_zone_is_refused(alice: Any, partnership: Partnership) -> None:
    with pytest.raises(ValidationError) as caught:
        _schedule(alice, partnership, tz="Mars/Olympus")
    assert "timezone" in caught.value.message_dict
    assert not Session.objects.exists()


def test_a_session_on_an_ended_partnership_is_refused(alice: Any, partnership: Partnership) -> None:
    partnership_end(user=alice, partnership=partnership, early=True, reason="Moved teams")
    before = snapshot()
    with pytest.raises(Refused, match="ended early"):
        _schedule(alice, partnership)
    assert snapshot() == before


def test_ending_cancels_sessions_still_scheduled(alice: Any, partnership: Partnership) -> None:
    session = _schedule(alice, partnership)
    partnership_end(user=alice, partnership=partnership)
    session.refresh_from_db()
    assert session.status == "cancelled"


def test_a_past_session_is_marked_held_once(alice: Any, partnership: Partnership) -> None:
    yesterday = timezone.now() - timedelta(days=1)
    session = _schedule(alice, partnership, day=yesterday.date(), at=time(9, 0), tz="UTC")
    session_set_status(user=alice, session=session, status="held")
    before = snapshot()
    with pytest.raises(Refused, match="already held"):
        session_set_status(user=alice, session=session, status="cancelled")
    assert snapshot() == before


def test_a_future_session_cannot_be_marked_held(alice: Any, partnership: Partnership) -> None:
    session = _schedule(alice, partnership)
    with pytest.raises(Refused, match="once it has started"):
        session_set_status(user=alice, session=session, status="held")
    session.refresh_from_db()
    assert session.status == "scheduled"


def test_a_cancelled_session_takes_no_agenda_items(alice: Any, partnership: Partnership) -> None:
    session = _schedule(alice, partnership)
    session_set_status(user=alice, session=session, status="cancelled")
    with pytest.raises(Refused, match="scheduled session"):
        agenda_add(user=alice, session=session, text="Late item")
    assert session.agenda.count() == 0
