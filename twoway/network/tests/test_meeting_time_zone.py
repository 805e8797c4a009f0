"""A circle meeting in an unknown time zone is refused on the time-zone field."""

from __future__ import annotations

from typing import Any

from django.test import Client

from twoway.network.models import CircleMeeting
from twoway.network.tests.helpers import call, circle_with, login, member


def test_ana_cannot_schedule_a_meeting_on_mars(make_user: Any, client: Client) -> None:
    ana, sam, lee = (member(make_user, n) for n in ("Ana", "Sam", "Lee"))
    circle = circle_with([ana, sam, lee])
    status, body = call(
        login(client, ana),
        "post",
        f"/api/circles/{circle.pk}/meetings",
        {"date": "2031-03-04", "time": "18:30", "timezone": "Mars/Olympus"},
    )
    assert (status, body["error"]["fields"][0]["field"]) == (422, "timezone")
    assert not CircleMeeting.objects.exists()
