"""Visibility: "only me" hides my connections from everyone else; strangers never see my graph."""

from __future__ import annotations

from typing import Any

import pytest
from django.http import Http404
from django.test import Client

from twoway.network.graph import network_of
from twoway.network.services import visibility_set
from twoway.network.tests.helpers import call, login, member, partnered


@pytest.fixture
def chain(make_user: Any) -> dict[str, Any]:
    """Ana — Bob — Carol — Dan, each pair a past partnership."""
    people = {n: member(make_user, n) for n in ("Ana", "Bob", "Carol", "Dan")}
    partnered(people["Ana"], people["Bob"])
    partnered(people["Bob"], people["Carol"])
    partnered(people["Carol"], people["Dan"])
    return people


def _names(network: Any) -> set[str]:
    return {n.name for n in network.nodes.values()}


def test_connections_are_visible_by_default(chain: dict[str, Any]) -> None:
    network = network_of(owner=chain["Ana"], viewer=chain["Ana"])
    assert _names(network) == {"Ana", "Bob", "Carol"}


def test_a_member_who_chose_me_only_is_not_traversed_by_others(chain: dict[str, Any]) -> None:
    visibility_set(user=chain["Bob"], visibility="me")
    network = network_of(owner=chain["Ana"], viewer=chain["Ana"])
    assert _names(network) == {"Ana", "Bob"}  # Bob is Ana's own connection; his are hidden
    assert _names(network_of(owner=chain["Bob"], viewer=chain["Bob"])) == {
        "Ana",
        "Bob",
        "Carol",
        "Dan",
    }


def test_me_only_also_hides_my_edges_from_the_two_step_side(chain: dict[str, Any]) -> None:
    visibility_set(user=chain["Carol"], visibility="me")
    assert _names(network_of(owner=chain["Ana"], viewer=chain["Ana"])) == {"Ana", "Bob"}


def test_who_can_help_does_not_reach_through_a_me_only_member(
    make_user: Any, client: Client, chain: dict[str, Any]
) -> None:
    from twoway.people.services import teaching_set

    teaching_set(profile=chain["Carol"].profile, skill_text="Kubernetes", level=5)
    api = login(client, chain["Ana"])
    status, body = call(api, "get", "/api/network/help?skill=Kubernetes")
    assert (status, [h["member"]["handle"] for h in body["helpers"]]) == (200, ["carol"])
    visibility_set(user=chain["Bob"], visibility="me")
    status, body = call(api, "get", "/api/network/help?skill=Kubernetes")
    assert (status, body["helpers"]) == (200, [])


def test_a_stranger_cannot_see_my_network(
    client: Client, chain: dict[str, Any], charlie: Any
) -> None:
    with pytest.raises(Http404):
        network_of(owner=chain["Ana"], viewer=charlie)
    from twoway.people.tests.helpers import make_complete

    make_complete(charlie)
    api = login(client, charlie)
    assert api.get("/network/people/ana/").status_code == 404
    status, body = call(api, "get", "/api/network?of=ana")
    assert (status, body["error"]["code"]) == (404, "not_found")
    assert "Bob" not in str(body)


def test_a_connection_sees_my_network_unless_i_chose_me_only(
    client: Client, chain: dict[str, Any]
) -> None:
    api = login(client, chain["Bob"])
    status, body = call(api, "get", "/api/network?of=ana")
    assert status == 200
    assert {n["handle"] for n in body["nodes"]} == {"ana", "bob", "carol"}
    assert api.get("/network/people/ana/").status_code == 200
    visibility_set(user=chain["Ana"], visibility="me")
    assert call(api, "get", "/api/network?of=ana")[0] == 404
    assert api.get("/network/people/ana/").status_code == 404


def test_visibility_is_chosen_on_the_page_and_through_the_api(
    client: Client, chain: dict[str, Any]
) -> None:
    api = login(client, chain["Ana"])
    assert call(api, "get", "/api/network/settings") == (200, {"visibility": "connections"})
    response = api.post("/network/settings/", {"visibility": "me"})
    assert response.status_code == 302
    assert call(api, "get", "/api/network/settings") == (200, {"visibility": "me"})
    status, body = call(api, "put", "/api/network/settings", {"visibility": "everyone"})
    assert status == 422 and body["error"]["fields"][0]["field"] == "visibility"
    assert call(api, "put", "/api/network/settings", {"visibility": "connections"})[0] == 200


def test_my_list_links_to_the_networks_my_connections_share(
    client: Client, chain: dict[str, Any]
) -> None:
    api = login(client, chain["Ana"])
    assert 'href="/network/people/bob/"' in api.get("/network/").content.decode()
    visibility_set(user=chain["Bob"], visibility="me")
    assert 'href="/network/people/bob/"' not in api.get("/network/").content.decode()
