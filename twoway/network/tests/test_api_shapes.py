"""The API's shapes, its declared response codes, and no email anywhere in what it returns."""

from __future__ import annotations

from typing import Any

from django.test import Client

from twoway.api import api
from twoway.network.tests.helpers import call, circle_learned, circle_with, login, member, partnered


def test_every_network_response_names_people_by_handle_and_never_by_email(
    make_user: Any, client: Client
) -> None:
    ana = member(make_user, "Ana", teaches={"SQL": 5})
    sam = member(make_user, "Sam", teaches={"Figma": 4})
    kim = member(make_user, "Kim", teaches={"Kubernetes": 4})
    partnered(ana, sam, learned=[(ana, "Figma"), (sam, "SQL")])
    circle = circle_with([sam, kim, ana])
    circle_learned(circle, sam, kim, "Kubernetes")
    partnered(sam, kim)
    api_client = login(client, ana)
    responses = [
        call(api_client, "get", "/api/network"),
        call(api_client, "get", "/api/network?depth=1"),
        call(api_client, "get", "/api/network/help?skill=Kubernetes"),
        call(api_client, "get", "/api/network/introductions"),
        call(api_client, "get", "/api/circles"),
        call(api_client, "get", f"/api/circles/{circle.pk}"),
        call(api_client, "get", f"/api/circles/{circle.pk}/learning"),
        call(api_client, "get", f"/api/circles/{circle.pk}/meetings"),
        call(api_client, "get", f"/api/circles/{circle.pk}/messages"),
    ]
    assert [status for status, _ in responses] == [200] * len(responses)
    for _, body in responses:
        assert "@" not in str(body)
    graph = responses[0][1]
    assert set(graph) == {"owner", "depth", "visibility", "nodes", "edges"}
    assert graph["owner"] == "ana" and graph["nodes"][0]["me"] is True
    edge = next(e for e in graph["edges"] if {e["source"], e["target"]} == {"ana", "sam"})
    assert set(edge) == {
        "source",
        "target",
        "kinds",
        "active",
        "source_to_target",
        "target_to_source",
    }
    assert edge["kinds"] == ["circle", "partnership"]
    ana_side = "source_to_target" if edge["source"] == "ana" else "target_to_source"
    assert edge[ana_side] == {"skills": ["SQL"], "entries": 1}
    pages = [api_client.get(p).content.decode() for p in ("/network/", f"/circles/{circle.pk}/")]
    assert all("@example.com" not in page for page in pages)


def test_every_network_endpoint_declares_its_error_codes() -> None:
    schema = api.get_openapi_schema()
    for path, methods in schema["paths"].items():
        if not path.startswith(("/api/network", "/api/circles")):
            continue
        for method, operation in methods.items():
            codes = {str(code) for code in operation["responses"]}
            assert {"401", "422"} <= codes, (method, path)


def test_a_visitor_gets_401_everywhere(client: Client) -> None:
    for path in ("/api/network", "/api/network/help?skill=SQL", "/api/circles"):
        status, body = call(client, "get", path)
        assert (status, body["error"]["code"]) == (401, "unauthenticated")
    assert client.get("/network/").status_code == 302
