"""Introductions: asking a connection to introduce me to someone two steps away."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from twoway.network.models import Introduction
from twoway.network.tests.helpers import call, login, member, partnered
from twoway.notifications.models import Notification


@pytest.fixture
def people(make_user: Any) -> dict[str, Any]:
    """Sam — Bo — Kim: Bo is in between; Kim teaches Kubernetes."""
    found = {
        "sam": member(make_user, "Sam"),
        "bo": member(make_user, "Bo"),
        "kim": member(make_user, "Kim", teaches={"Kubernetes": 5}),
    }
    partnered(found["sam"], found["bo"])
    partnered(found["bo"], found["kim"])
    return found


def _ask(client: Client, **override: str) -> tuple[int, Any]:
    body = {"target": "kim", "via": "bo", "skill": "k8s", "message": "Could we chat?"}
    return call(client, "post", "/api/network/introductions", {**body, **override})


def test_the_person_in_between_is_asked_and_can_forward(
    client: Client, people: dict[str, Any]
) -> None:
    status, intro = _ask(login(client, people["sam"]))
    assert status == 201
    assert (intro["via"]["handle"], intro["skill"], intro["status"]) == (
        "bo",
        "Kubernetes",
        "pending",
    )
    asked = Notification.objects.get(recipient=people["bo"])
    assert asked.title == "Sam asks you for an introduction to Kim"
    assert not Notification.objects.filter(recipient=people["kim"]).exists()
    client.logout()
    bo = login(client, people["bo"])
    status, body = call(bo, "get", "/api/network/introductions")
    assert [i["id"] for i in body["to_answer"]] == [intro["id"]]
    status, done = call(
        bo, "post", f"/api/network/introductions/{intro['id']}/answer", {"action": "forward"}
    )
    assert (status, done["status"]) == (200, "forwarded")
    told = Notification.objects.get(recipient=people["kim"])
    assert told.title == "Bo introduces you to Sam" and told.url == "/people/sam/"
    assert Notification.objects.filter(
        recipient=people["sam"], title="Bo introduced you to Kim"
    ).exists()


def test_the_person_in_between_can_decline_on_the_page(
    client: Client, people: dict[str, Any]
) -> None:
    login(client, people["sam"]).post(
        "/network/introductions/new/",
        {"target": "kim", "via": "bo", "skill": "Kubernetes", "message": "Hello!"},
    )
    intro = Introduction.objects.get()
    client.logout()
    page = login(client, people["bo"]).get("/network/introductions/").content.decode()
    assert "Sam</strong> asks you for an introduction to <strong>Kim" in page
    client.post(f"/network/introductions/{intro.pk}/decline/", {"note": "Kim is away"})
    intro.refresh_from_db()
    assert (intro.status, intro.note) == ("declined", "Kim is away")
    assert Notification.objects.filter(recipient=people["sam"], body="Kim is away").exists()


def test_only_the_person_in_between_answers_and_outsiders_get_404(
    client: Client, people: dict[str, Any], charlie: Any
) -> None:
    _, intro = _ask(login(client, people["sam"]))
    url = f"/api/network/introductions/{intro['id']}/answer"
    status, body = call(client, "post", url, {"action": "forward"})
    assert (status, body["error"]["code"]) == (403, "forbidden")
    client.logout()
    assert call(login(client, charlie), "post", url, {"action": "forward"})[0] == 404
    client.logout()
    # Kim hears nothing until Bo forwards: the pending introduction is hidden from her.
    assert call(login(client, people["kim"]), "post", url, {"action": "forward"})[0] == 404
    assert Introduction.objects.get().status == "pending"


def test_bad_introductions_are_refused(
    client: Client, people: dict[str, Any], make_user: Any
) -> None:
    api = login(client, people["sam"])
    status, body = _ask(api, target="bo")  # a direct connection needs no introduction
    assert (status, body["error"]["fields"][0]["field"]) == (422, "target")
    lee = member(make_user, "Lee")
    partnered(people["sam"], lee)
    status, body = _ask(api, via="lee")  # Lee doesn't know Kim
    assert (status, body["error"]["fields"][0]["field"]) == (422, "via")
    assert _ask(api)[0] == 201
    status, body = _ask(api)
    assert (status, body["error"]["code"]) == (409, "duplicate_introduction")
    assert Introduction.objects.count() == 1
