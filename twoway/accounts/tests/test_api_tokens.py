from typing import Any

import pytest
from django.test import Client

from twoway.accounts.models import ApiToken


def _bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


def test_a_bearer_token_works_on_the_api(client: Client, alice: Any) -> None:
    token, secret = ApiToken.objects.issue(user=alice, name="script")
    response = client.get("/api/tokens", headers=_bearer(secret))
    assert response.status_code == 200
    assert response.json() == [
        {
            "id": token.pk,
            "name": "script",
            "hint": secret[-4:],
            "created_at": response.json()[0]["created_at"],
            "last_used_at": response.json()[0]["last_used_at"],
        }
    ]
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_creating_a_token_returns_its_secret_once(client: Client, alice: Any) -> None:
    ApiToken.objects.issue(user=alice, name="first")
    client.force_login(alice)
    created = client.post("/api/tokens", {"name": "second"}, content_type="application/json")
    assert created.status_code == 201
    new_secret = created.json()["secret"]
    assert new_secret.startswith("tw_")
    client.logout()
    listed = client.get("/api/tokens", headers=_bearer(new_secret)).json()
    assert {t["name"] for t in listed} == {"first", "second"}
    assert "secret" not in listed[0]


def test_a_session_can_manage_tokens_too(client: Client, alice: Any) -> None:
    client.force_login(alice)
    created = client.post("/api/tokens", {"name": "cli"}, content_type="application/json")
    assert created.status_code == 201
    assert client.get("/api/tokens").json()[0]["name"] == "cli"


def test_a_revoked_token_stops_working(client: Client, alice: Any) -> None:
    token, secret = ApiToken.objects.issue(user=alice, name="script")
    _, other = ApiToken.objects.issue(user=alice, name="admin")
    deleted = client.delete(f"/api/tokens/{token.pk}", headers=_bearer(other))
    assert deleted.status_code == 204
    response = client.get("/api/tokens", headers=_bearer(secret))
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthenticated"


def test_charlie_cannot_revoke_alices_token_through_the_api(
    client: Client, alice: Any, charlie: Any
) -> None:
    token, _ = ApiToken.objects.issue(user=alice, name="alice's")
    _, charlies = ApiToken.objects.issue(user=charlie, name="charlie's")
    response = client.delete(f"/api/tokens/{token.pk}", headers=_bearer(charlies))
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
    token.refresh_from_db()
    assert token.is_active


def test_a_leaked_token_cannot_mint_more_tokens(client: Client, alice: Any) -> None:
    _, secret = ApiToken.objects.issue(user=alice, name="script")
    response = client.post(
        "/api/tokens", {"name": "more"}, content_type="application/json", headers=_bearer(secret)
    )
    assert response.status_code == 401
    assert ApiToken.objects.filter(user=alice).count() == 1


def test_a_token_name_is_required(client: Client, alice: Any) -> None:
    client.force_login(alice)
    response = client.post("/api/tokens", {"name": ""}, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["error"]["fields"][0]["field"] == "name"


@pytest.mark.parametrize(
    "header",
    [
        "Bearer xx_" + "a" * 43,  # wrong prefix
        "Bearer tw_short",  # too short
        "Bearer tw_" + "a" * 200,  # too long
        "Bearer tw_" + "a" * 43,  # well formed but unknown
        "Bearer \u00e9\u00e9 garbage \x01",
        "Bearer",
        "Basic YWxpY2U6cGFzcw==",
        "tw_" + "a" * 43,
    ],
)
def test_a_bad_token_gets_401_with_the_error_shape(client: Client, alice: Any, header: str) -> None:
    response = client.get("/api/tokens", headers={"Authorization": header})
    assert response.status_code == 401
    error = response.json()["error"]
    assert error["code"] == "unauthenticated"
    assert "Bearer" in error["message"]
    assert error["fields"] == []


def test_no_credentials_gets_401(client: Client, db: None) -> None:
    response = client.get("/api/tokens")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthenticated"


def test_a_deactivated_members_token_stops_working(client: Client, alice: Any) -> None:
    _, secret = ApiToken.objects.issue(user=alice, name="script")
    alice.is_active = False
    alice.save()
    assert client.get("/api/tokens", headers=_bearer(secret)).status_code == 401


def test_every_token_response_code_is_declared(client: Client, db: None) -> None:
    paths = client.get("/api/openapi.json").json()["paths"]
    assert set(paths["/api/tokens"]["get"]["responses"]) >= {"200", "401", "422"}
    assert set(paths["/api/tokens"]["post"]["responses"]) >= {"201", "401", "422"}
    assert set(paths["/api/tokens/{token_id}"]["delete"]["responses"]) >= {"204", "401", "404"}
