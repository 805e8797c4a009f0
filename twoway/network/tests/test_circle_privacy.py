"""A circle's meetings, learning log and messages are for its members only."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from twoway.conversations.models import Message
from twoway.conversations.services import message_post, thread_of
from twoway.network import circles
from twoway.network.models import Circle, CircleLearning, CircleMeeting
from twoway.network.tests.helpers import call, circle_with, login, member
from twoway.people.tests.helpers import make_complete


@pytest.fixture
def circle(make_user: Any) -> Circle:
    ana, sam, lee = (member(make_user, n) for n in ("Ana", "Sam", "Lee"))
    found = circle_with([ana, sam, lee], name="Quiet circle")
    message_post(user=ana, thread=thread_of(found), text="Our secret plan")
    return found


def test_charlie_gets_404_for_every_private_part_of_a_closed_circle(
    client: Client, circle: Circle, charlie: Any
) -> None:
    make_complete(charlie)
    api = login(client, charlie)
    for path in ("", "/meetings", "/learning", "/messages"):
        status, body = call(api, "get", f"/api/circles/{circle.pk}{path}")
        assert (status, body["error"]["code"]) == (404, "not_found"), path
    assert api.get(f"/circles/{circle.pk}/").status_code == 404
    for path in ("meetings", "learning", "messages", "join", "leave"):
        assert api.post(f"/circles/{circle.pk}/{path}/", {"text": "hi"}).status_code == 404, path
    status, _ = call(api, "post", f"/api/circles/{circle.pk}/messages", {"text": "hi"})
    assert status == 404
    assert call(api, "post", f"/api/circles/{circle.pk}/join")[0] == 404
    assert Message.objects.count() == 1
    assert [c["id"] for c in call(api, "get", "/api/circles")[1]] == []


def test_an_open_circle_shows_its_overview_but_not_its_discussion_to_outsiders(
    client: Client, circle: Circle, charlie: Any
) -> None:
    Circle.objects.filter(pk=circle.pk).update(status=Circle.Status.OPEN)
    make_complete(charlie)
    api = login(client, charlie)
    page = api.get(f"/circles/{circle.pk}/").content.decode()
    assert "Join this circle" in page and "Ana" in page
    assert "Our secret plan" not in page
    assert call(api, "get", f"/api/circles/{circle.pk}/messages")[0] == 404
    status, joined = call(api, "post", f"/api/circles/{circle.pk}/join")
    assert (status, joined["is_member"]) == (200, True)
    status, messages = call(api, "get", f"/api/circles/{circle.pk}/messages")
    assert (status, [m["text"] for m in messages]) == (200, ["Our secret plan"])


def test_a_member_who_left_loses_access(client: Client, circle: Circle) -> None:
    sam = circle.current().get(user__first_name="Sam").user
    api = login(client, sam)
    assert call(api, "get", f"/api/circles/{circle.pk}/messages")[0] == 200
    circles.circle_leave(user=sam, circle_id=circle.pk)
    assert call(api, "get", f"/api/circles/{circle.pk}/messages")[0] == 404
    assert api.get(f"/circles/{circle.pk}/").status_code == 404


def test_the_calendar_file_of_a_meeting_is_for_members_only(
    client: Client, circle: Circle, charlie: Any
) -> None:
    ana = circle.current().get(user__first_name="Ana").user
    meeting = CircleMeeting.objects.create(
        circle=circle, starts_at="2031-03-04T17:30:00Z", timezone="Europe/Paris", created_by=ana
    )
    assert login(client, charlie).get(f"/circles/meetings/{meeting.pk}.ics").status_code == 404
    client.logout()
    response = login(client, ana).get(f"/circles/meetings/{meeting.pk}.ics")
    assert response.status_code == 200
    assert b"DTSTART;TZID=Europe/Paris:20310304T183000" in response.content
    assert CircleLearning.objects.count() == 0


def test_a_meeting_stored_on_the_last_night_of_9999_still_has_a_calendar_file(
    client: Client, circle: Circle
) -> None:
    """Stored before dates were checked: its end is past Python's last date, so the file gives a
    duration instead of an end rather than answering 500."""
    ana = circle.current().get(user__first_name="Ana").user
    meeting = CircleMeeting.objects.create(
        circle=circle,
        starts_at="9999-12-31T09:00:00Z",
        timezone="Pacific/Kiritimati",
        created_by=ana,
    )
    response = login(client, ana).get(f"/circles/meetings/{meeting.pk}.ics")
    assert response.status_code == 200
    assert b"DURATION:PT1H" in response.content and b"DTEND" not in response.content
