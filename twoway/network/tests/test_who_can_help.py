"""Who can help me with X: people within two steps who teach X, one step first, then by level."""

from __future__ import annotations

from typing import Any

from django.test import Client

from twoway.network.tests.helpers import call, circle_with, login, member, partnered


def test_helpers_are_ranked_by_closeness_then_level_and_aliases_resolve(
    make_user: Any, client: Client
) -> None:
    sam = member(make_user, "Sam")
    ana = member(make_user, "Ana", teaches={"Kubernetes": 2})
    bo = member(make_user, "Bo", teaches={"SQL": 4})
    kim = member(make_user, "Kim", teaches={"Kubernetes": 5})
    lee = member(make_user, "Lee", teaches={"Kubernetes": 3})
    nobody = member(make_user, "Nobody", teaches={"Kubernetes": 5})  # not connected
    partnered(sam, ana)
    circle_with([sam, bo])
    partnered(bo, kim)
    partnered(ana, lee)
    assert nobody.pk
    api = login(client, sam)
    status, body = call(api, "get", "/api/network/help?skill=k8s")
    assert (status, body["skill"]) == (200, "Kubernetes")
    ranked = [(h["member"]["handle"], h["distance"], h["level"]) for h in body["helpers"]]
    assert ranked == [("ana", 1, 2), ("kim", 2, 5), ("lee", 2, 3)]
    assert [v["handle"] for v in body["helpers"][1]["vias"]] == ["bo"]
    assert body["helpers"][0]["vias"] == []


def test_an_unknown_skill_is_refused_with_a_hint(make_user: Any, client: Client) -> None:
    sam = member(make_user, "Sam")
    api = login(client, sam)
    status, body = call(api, "get", "/api/network/help?skill=Kubernetis")
    assert status == 422
    assert "Kubernetes" in body["error"]["fields"][0]["message"]


def test_the_page_lists_helpers_and_offers_an_introduction_for_two_step_people(
    make_user: Any, client: Client
) -> None:
    sam, bo = member(make_user, "Sam"), member(make_user, "Bo")
    kim = member(make_user, "Kim", teaches={"Kubernetes": 5})
    partnered(sam, bo)
    partnered(bo, kim)
    page = login(client, sam).get("/network/?skill=Kubernetes").content.decode()
    assert "People who teach Kubernetes" in page
    assert "Kim" in page and "two steps away" in page
    assert "Ask Bo for an introduction" in page
    missing = client.get("/network/?skill=Kubernetis").content.decode()
    assert "We don&#x27;t know the skill" in missing or "We don't know the skill" in missing
