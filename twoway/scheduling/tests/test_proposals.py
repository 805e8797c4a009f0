"""Alice (Berlin) asks Twoway for times, proposes some to Bob (New York), and Bob picks one: it
becomes a session like any other, with a video room, a calendar file and a reminder."""

from __future__ import annotations

import zoneinfo
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from twoway.notifications.models import Kind, Notification
from twoway.partnerships.models import Partnership, Session
from twoway.partnerships.periodic import remind_sessions_due
from twoway.partnerships.sessions import session_schedule
from twoway.scheduling.models import Availability, Proposal
from twoway.scheduling.services import (
    proposal_decline,
    proposal_pick,
    proposal_send,
    proposal_withdraw,
    slots_find,
)

from .helpers import BERLIN, NEW_YORK, signed_in


def propose(alice: Any, pair: Partnership, **extra: Any) -> Proposal:
    found = slots_find(user=alice, partnership=pair).offered
    return proposal_send(user=alice, partnership=pair, starts=found[:3], **extra)


def test_alice_is_offered_five_times_on_five_days_that_suit_both(
    alice: Any, bob: Any, pair: Partnership
) -> None:
    found = slots_find(user=alice, partnership=pair)
    assert found.minutes == 60 and found.missing == []
    assert len(found.offered) == 5
    assert len({s.astimezone(zoneinfo.ZoneInfo(BERLIN)).date() for s in found.offered}) == 5
    for start in found.offered:
        assert start > timezone.now()
        berlin = start.astimezone(zoneinfo.ZoneInfo(BERLIN)).time()
        new_york = (start + timedelta(hours=1)).astimezone(zoneinfo.ZoneInfo(NEW_YORK)).time()
        assert berlin.hour >= 8 and new_york.hour <= 20


def test_a_time_when_the_pair_already_meets_is_not_offered(
    alice: Any, bob: Any, pair: Partnership
) -> None:
    first = slots_find(user=alice, partnership=pair).offered[0]
    local = first.astimezone(zoneinfo.ZoneInfo(BERLIN))
    session_schedule(user=alice, partnership=pair, day=local.date(), at=local.time(), tz=BERLIN)
    again = slots_find(user=alice, partnership=pair).offered
    assert first not in again
    assert all(abs(s - first) >= timedelta(hours=1) for s in again)


def test_the_pairs_usual_session_length_is_the_default(alice: Any, pair: Partnership) -> None:
    later = timezone.now() + timedelta(days=20)
    session_schedule(
        user=alice, partnership=pair, day=later.date(), at=later.time(), tz="UTC",
        duration_minutes=90,
    )  # fmt: skip
    assert slots_find(user=alice, partnership=pair).minutes == 90
    assert slots_find(user=alice, partnership=pair, minutes=30).minutes == 30


def test_no_times_are_found_while_bob_has_set_no_availability(
    alice: Any, bob: Any, pair: Partnership
) -> None:
    Availability.objects.filter(user=bob).delete()
    found = slots_find(user=alice, partnership=pair)
    assert found.missing == [bob] and found.offered == []


def test_bob_hears_of_the_proposal_in_new_york_time(
    alice: Any, bob: Any, pair: Partnership
) -> None:
    proposal = propose(alice, pair)
    note = Notification.objects.get(recipient=bob, kind=Kind.TIME_PROPOSED)
    assert note.title == "Alice proposes times to meet"
    first = proposal.slots.first()
    assert first is not None
    assert f"{first.starts_at.astimezone(zoneinfo.ZoneInfo(NEW_YORK)):%H:%M}" in note.body
    assert "(America/New_York)" in note.body
    assert note.url == f"/scheduling/partnerships/{pair.pk}/find-time/"


def test_bobs_pick_becomes_a_session_with_a_video_room_and_alice_is_told_once(
    alice: Any, bob: Any, pair: Partnership
) -> None:
    proposal = propose(alice, pair)
    slot = proposal.slots.all()[1]
    session = proposal_pick(user=bob, proposal_id=proposal.pk, slot_id=slot.pk)
    assert session.starts_at == slot.starts_at
    assert session.timezone == NEW_YORK and session.created_by == bob
    assert session.duration_minutes == 60
    assert session.link.startswith("https://meet.jit.si/Twoway-")
    assert len(session.link.removeprefix("https://meet.jit.si/Twoway-")) >= 20
    proposal.refresh_from_db()
    assert (proposal.status, proposal.session) == (Proposal.Status.PICKED, session)
    told = Notification.objects.filter(recipient=alice)
    picked = told.get(kind=Kind.TIME_PROPOSED)
    assert picked.title == "Bob picked a time to meet"
    assert "(Europe/Berlin)" in picked.body
    assert not told.filter(kind=Kind.SESSION_SCHEDULED).exists()


def test_every_picked_session_gets_its_own_room(alice: Any, bob: Any, pair: Partnership) -> None:
    rooms = set()
    for _ in range(2):
        proposal = propose(alice, pair)
        slot = proposal.slots.all()[0]
        rooms.add(proposal_pick(user=bob, proposal_id=proposal.pk, slot_id=slot.pk).link)
    assert len(rooms) == 2


def test_an_organisation_points_the_rooms_at_its_own_jitsi(
    alice: Any, bob: Any, pair: Partnership, settings: Any
) -> None:
    settings.MEETING_ROOM_BASE = "https://jitsi.example.org/"
    proposal = propose(alice, pair)
    session = proposal_pick(user=bob, proposal_id=proposal.pk, slot_id=proposal.slots.all()[0].pk)
    assert session.link.startswith("https://jitsi.example.org/Twoway-")


def test_a_link_alice_gives_is_the_sessions_link(alice: Any, bob: Any, pair: Partnership) -> None:
    proposal = propose(alice, pair, link="https://zoom.example/j/123")
    session = proposal_pick(user=bob, proposal_id=proposal.pk, slot_id=proposal.slots.all()[0].pk)
    assert session.link == "https://zoom.example/j/123"


def test_the_picked_session_has_a_calendar_file_and_a_reminder(
    alice: Any, bob: Any, pair: Partnership
) -> None:
    proposal = propose(alice, pair)
    session = proposal_pick(user=bob, proposal_id=proposal.pk, slot_id=proposal.slots.all()[0].pk)
    response = signed_in(alice).get(f"/partnerships/sessions/{session.pk}.ics")
    assert response.status_code == 200
    ics = response.content.decode().replace("\r\n ", "")
    assert "TZID=America/New_York" in ics
    assert f"URL:{session.link}" in ics
    reminders: Any = remind_sessions_due(session.starts_at - timedelta(hours=2))
    assert reminders >= 1
    reminded = Notification.objects.filter(kind=Kind.SESSION_DUE_TOMORROW)
    assert {n.recipient for n in reminded} == {alice, bob}


def test_bob_declines_them_all_and_alice_is_told(alice: Any, bob: Any, pair: Partnership) -> None:
    proposal = propose(alice, pair)
    proposal_decline(user=bob, proposal_id=proposal.pk)
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.DECLINED and not Session.objects.exists()
    note = Notification.objects.get(recipient=alice, kind=Kind.TIME_PROPOSED)
    assert "can't make any of the times" in note.title


def test_proposing_again_replaces_alices_own_open_proposal(alice: Any, pair: Partnership) -> None:
    first = propose(alice, pair)
    second = propose(alice, pair)
    first.refresh_from_db()
    assert first.status == Proposal.Status.WITHDRAWN
    assert list(Proposal.objects.filter(status="open")) == [second]


def test_alice_withdraws_her_proposal(alice: Any, bob: Any, pair: Partnership) -> None:
    proposal = proposal_withdraw(user=alice, proposal_id=propose(alice, pair).pk)
    assert proposal.status == Proposal.Status.WITHDRAWN


@pytest.mark.parametrize("zone", ["Asia/Kolkata", "Australia/Lord_Howe"])
def test_partners_in_half_hour_zones_get_times_on_their_clocks(
    alice: Any, bob: Any, pair: Partnership, zone: str
) -> None:
    from twoway.people.models import Profile

    Profile.objects.filter(user=bob).update(timezone=zone)
    bob.refresh_from_db()
    found = slots_find(user=bob, partnership=pair).offered
    assert found
    for start in found:
        assert start.astimezone(zoneinfo.ZoneInfo(BERLIN)).minute in (0, 30)


def test_a_session_in_the_repeated_autumn_hour_keeps_its_instant() -> None:
    """01:30 happens twice in New York on 2 November 2025: each is planned as itself."""
    from datetime import UTC, datetime

    from twoway.core.times import local_datetime
    from twoway.scheduling.services import _on_clock

    for hour in (5, 6):  # 01:30 EDT, then 01:30 EST
        instant = datetime(2025, 11, 2, hour, 30, tzinfo=UTC)
        day, at = _on_clock(instant, NEW_YORK)
        assert f"{at:%H:%M}" == "01:30"
        planned = local_datetime(day, at, NEW_YORK, field="timezone")
        assert planned.astimezone(UTC) == instant
