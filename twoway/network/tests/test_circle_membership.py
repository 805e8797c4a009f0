"""Joining, leaving, meetings, the learning log and the discussion of a circle."""

from __future__ import annotations

from typing import Any

from django.test import Client

from twoway.network.models import Circle, CircleLearning, Membership
from twoway.network.tests.helpers import call, circle_with, login, member
from twoway.notifications.models import Notification


def test_a_member_starts_a_themed_circle_and_others_join_until_it_is_full(
    make_user: Any, client: Client
) -> None:
    ana, sam, lee, kim = (member(make_user, n) for n in ("Ana", "Sam", "Lee", "Kim"))
    api = login(client, ana)
    status, circle = call(
        api, "post", "/api/circles", {"name": "K8s club", "skill": "k8s", "capacity": 3}
    )
    assert (status, circle["skill"], circle["is_member"]) == (201, "Kubernetes", True)
    for user in (sam, lee):
        client.logout()
        assert call(login(client, user), "post", f"/api/circles/{circle['id']}/join")[0] == 200
    assert Notification.objects.filter(recipient=ana, title="Lee joined your circle K8s club")
    client.logout()
    status, body = call(login(client, kim), "post", f"/api/circles/{circle['id']}/join")
    assert (status, body["error"]["code"]) == (409, "circle_full")
    assert "full" in body["error"]["message"]
    assert Membership.objects.filter(circle_id=circle["id"]).count() == 3


def test_circle_sizes_outside_three_to_six_are_refused(make_user: Any, client: Client) -> None:
    api = login(client, member(make_user, "Ana"))
    status, body = call(api, "post", "/api/circles", {"name": "Huge", "capacity": 9})
    assert (status, body["error"]["fields"][0]["field"]) == (422, "capacity")
    assert not Circle.objects.exists()


def test_joining_twice_or_a_closed_circle_is_refused(make_user: Any, client: Client) -> None:
    ana, sam = member(make_user, "Ana"), member(make_user, "Sam")
    open_circle = circle_with([ana], status=Circle.Status.OPEN)
    api = login(client, ana)
    status, body = call(api, "post", f"/api/circles/{open_circle.pk}/join")
    assert (status, body["error"]["message"]) == (409, "You are already in this circle.")
    closed = circle_with([sam], status=Circle.Status.CLOSED)
    assert call(api, "post", f"/api/circles/{closed.pk}/join")[0] == 404


def test_members_meet_log_learning_and_talk(make_user: Any, client: Client) -> None:
    ana, sam, lee = (member(make_user, n) for n in ("Ana", "Sam", "Lee"))
    circle = circle_with([ana, sam, lee])
    api = login(client, ana)
    status, meeting = call(
        api,
        "post",
        f"/api/circles/{circle.pk}/meetings",
        {"date": "2031-03-04", "time": "18:30", "timezone": "Europe/Paris", "agenda": "Wins"},
    )
    assert status == 201 and meeting["local_start"].startswith("2031-03-04T18:30:00+01:00")
    assert Notification.objects.filter(recipient=sam, url=f"/circles/{circle.pk}/").exists()
    status, entry = call(
        api,
        "post",
        f"/api/circles/{circle.pk}/learning",
        {"learned_from": "sam", "text": "Auto layout", "skills": ["Figma"]},
    )
    assert (status, entry["learned_from"]["handle"], entry["skills"]) == (201, "sam", ["Figma"])
    status, body = call(
        api, "post", f"/api/circles/{circle.pk}/learning", {"learned_from": "ana", "text": "x"}
    )
    assert (status, body["error"]["fields"][0]["field"]) == (422, "learned_from")
    assert call(api, "post", f"/api/circles/{circle.pk}/messages", {"text": "Hi all"})[0] == 201
    page = api.get(f"/circles/{circle.pk}/").content.decode()
    assert "Auto layout" in page and "Hi all" in page and "Add to calendar" in page
    assert CircleLearning.objects.count() == 1


def test_the_pages_post_and_show_errors_kindly(make_user: Any, client: Client) -> None:
    ana, sam, lee = (member(make_user, n) for n in ("Ana", "Sam", "Lee"))
    circle = circle_with([ana, sam, lee])
    api = login(client, ana)
    response = api.post(f"/circles/{circle.pk}/messages/", {"text": ""}, follow=True)
    assert "This field is required." in response.content.decode()
    api.post(f"/circles/{circle.pk}/learning/", {"learned_from": "lee", "text": "Go", "skills": ""})
    assert CircleLearning.objects.get().learned_from == lee
    response = api.post("/circles/", {"name": "Figma friends", "capacity": 4}, follow=True)
    assert "Your circle Figma friends is open for members." in response.content.decode()
    assert "Figma friends" in api.get("/circles/").content.decode()
