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


def test_each_member_is_told_the_meeting_time_in_their_own_time_zone(
    make_user: Any, client: Client
) -> None:
    from twoway.notifications.models import Notification

    ana, sam, lee = (member(make_user, n) for n in ("Ana", "Sam", "Lee"))
    for person, zone in ((sam, "America/Los_Angeles"), (lee, "Asia/Tokyo")):
        person.profile.timezone = zone
        person.profile.save(update_fields=["timezone"])
    circle = circle_with([ana, sam, lee])
    status, _ = call(
        login(client, ana),
        "post",
        f"/api/circles/{circle.pk}/meetings",
        {"date": "2031-03-04", "time": "18:30", "timezone": "Europe/Berlin"},
    )
    assert status == 201
    titles = dict(Notification.objects.values_list("recipient__email", "title"))
    # 18:30 in Berlin (CET) is 09:30 in Los Angeles and 02:30 the next day in Tokyo.
    assert titles[sam.email].endswith("meets on Tue 4 Mar 2031, 09:30 PST")
    assert titles[lee.email].endswith("meets on Wed 5 Mar 2031, 02:30 JST")
    assert ana.email not in titles
