"""A member's email is never shown to another member, on any page or in any API answer."""

from typing import Any

from django.test import Client

from conftest import PASSWORD
from twoway.people.tests.helpers import make_complete


def test_bob_never_sees_alices_email(client: Client, alice: Any, bob: Any) -> None:
    make_complete(alice, teaches={"SQL": 4}, learns={"Figma": 3}, team="Data")
    make_complete(bob)
    assert client.login(email=bob.email, password=PASSWORD)
    responses = [
        client.get("/people/alice/"),
        client.get("/people/"),
        client.get("/people/", {"teaches": "SQL"}),
        client.get("/people/", {"team": "Data"}, HTTP_HX_REQUEST="true"),
        client.get("/api/profiles/alice"),
        client.get("/api/profiles"),
        client.get("/api/profiles", {"teaches": "sql"}),
    ]
    for response in responses:
        assert response.status_code == 200
        body = response.content.decode()
        assert "Alice" in body
        assert "alice@example.com" not in body.lower()
        assert "alice@" not in body.lower()


def test_only_my_own_api_profile_carries_an_email(client: Client, alice: Any) -> None:
    assert client.login(email=alice.email, password=PASSWORD)
    assert client.get("/api/me").json()["email"] == "alice@example.com"
    assert "email" not in client.get("/api/profiles/alice").json()
