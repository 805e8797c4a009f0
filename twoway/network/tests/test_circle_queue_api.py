"""The circle queue through the API and the circles page, and its privacy.

Personas: Ana, Sam and Lee form a ring the engine can place together (see test_circle_queue.py);
Bob is another member with a complete profile, who must never see Ana's place in the queue.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from twoway.network.circle_queue import queue_join, queue_place
from twoway.network.models import CircleWait
from twoway.network.tests.helpers import call, login
from twoway.network.tests.test_circle_queue import RING, person
from twoway.people.tests.helpers import make_complete


@pytest.fixture
def ring(make_user: Any) -> list[Any]:
    return [person(make_user, *row) for row in RING]


def test_a_member_joins_reads_and_leaves_the_queue_through_the_api(
    client: Client, ring: list[Any]
) -> None:
    login(client, ring[0])
    status, body = call(client, "post", "/api/circles/queue", {"themes": ["figma"], "size": 5})
    assert status == 201, body
    assert (body["waiting"], body["themes"], body["size"]) == (True, ["Figma"], 5)
    assert body["since"] and body["placed_in"] is None
    status, body = call(client, "get", "/api/circles/queue")
    assert (status, body["waiting"]) == (200, True)
    status, body = call(client, "delete", "/api/circles/queue")
    assert (status, body["waiting"]) == (200, False)
    assert CircleWait.objects.get().status == CircleWait.Status.LEFT


def test_bad_input_answers_422_naming_the_field(client: Client, ring: list[Any]) -> None:
    login(client, ring[0])
    status, body = call(client, "post", "/api/circles/queue", {"size": 12})
    assert status == 422
    assert [f["field"] for f in body["error"]["fields"]] == ["size"]
    status, body = call(client, "post", "/api/circles/queue", {"themes": ["Zzzyzx basket"]})
    assert status == 422
    assert not CircleWait.objects.exists()


def test_after_the_job_the_status_names_the_circle(client: Client, ring: list[Any]) -> None:
    for user in ring:
        queue_join(user=user)
    queue_place(force=True)
    status, body = call(login(client, ring[1]), "get", "/api/circles/queue")
    assert status == 200 and body["waiting"] is False
    circle = body["placed_in"]
    assert circle is not None and circle["url"] == f"/circles/{circle['id']}/"
    status, detail = call(client, "get", f"/api/circles/{circle['id']}")
    assert status == 200 and detail["is_member"] is True


def test_a_member_never_sees_or_changes_another_members_queue_entry(
    client: Client, ring: list[Any], bob: Any
) -> None:
    make_complete(bob)
    queue_join(user=ring[0], themes=["Figma"], size=3)
    status, body = call(login(client, bob), "get", "/api/circles/queue")
    assert status == 200
    assert body == {
        "waiting": False, "since": None, "themes": [], "size": None, "tried_at": None,
        "reason": "", "detail": "", "placed_in": None,
    }  # fmt: skip
    assert call(client, "delete", "/api/circles/queue")[0] == 200
    assert CircleWait.objects.get(user=ring[0]).status == CircleWait.Status.WAITING
    page = client.get("/circles/")
    assert b"Figma" not in page.content.split(b'id="circle-queue"')[1].split(b"</section>")[0]


def test_visitors_get_401(client: Client) -> None:
    assert call(client, "get", "/api/circles/queue")[0] == 401
    assert call(client, "post", "/api/circles/queue", {})[0] == 401


def test_the_circles_page_places_me_in_the_queue_and_lets_me_leave(
    client: Client, ring: list[Any]
) -> None:
    login(client, ring[0])
    page = client.get("/circles/")
    assert b"Place me in a circle" in page.content
    response = client.post("/circles/queue/", {"themes": "SQL, figma", "size": "4"}, follow=True)
    assert b"You are waiting since" in response.content
    assert b"for a circle about Figma, SQL" in response.content
    assert b"of about 4 people" in response.content
    again = client.post("/circles/queue/", {"themes": ""}, follow=True)
    assert b"already waiting" in again.content
    left = client.post("/circles/queue/leave/", follow=True)
    assert b"You left the circle queue." in left.content
    assert b"Place me in a circle" in left.content


def test_the_page_shows_why_the_last_try_could_not_place_me(client: Client, make_user: Any) -> None:
    zed = person(make_user, "Zed", "Kubernetes", "Rust")
    queue_join(user=zed)
    queue_place(force=True)
    page = login(client, zed).get("/circles/")
    assert b"Nobody waiting teaches what you want to learn yet." in page.content
