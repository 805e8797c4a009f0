from typing import Any

from django.test import Client

from twoway.accounts.models import ApiToken


def _create(client: Client, name: str = "laptop script", **headers: str) -> str:
    response = client.post("/accounts/settings/tokens/", {"name": name}, headers=headers)
    assert response.status_code == 200
    return response.content.decode()


def _secret_in(page: str) -> str:
    start = page.index('id="new-token-secret"')
    value = page.index('value="', start) + len('value="')
    return page[value : page.index('"', value)]


def test_creating_a_token_shows_its_secret_once(client: Client, alice: Any) -> None:
    client.force_login(alice)
    page = _create(client)
    secret = _secret_in(page)
    assert secret.startswith("tw_")
    assert "we show it only this once" in page
    token = ApiToken.objects.get(user=alice)
    assert token.name == "laptop script"
    assert secret not in token.digest
    later = client.get("/accounts/settings/").content.decode()
    assert "laptop script" in later
    assert f"…{token.hint}" in later
    assert secret not in later


def test_with_htmx_only_the_token_section_is_returned(client: Client, alice: Any) -> None:
    client.force_login(alice)
    page = _create(client, HX_Request="true")
    assert '<section id="tokens"' in page
    assert "<html" not in page
    assert _secret_in(page).startswith("tw_")


def test_a_token_needs_a_name(client: Client, alice: Any) -> None:
    client.force_login(alice)
    page = _create(client, name="")
    assert "This field is required" in page
    assert not ApiToken.objects.exists()


def test_a_member_revokes_their_token(client: Client, alice: Any) -> None:
    token, _ = ApiToken.objects.issue(user=alice, name="old script")
    client.force_login(alice)
    response = client.post(f"/accounts/settings/tokens/{token.pk}/revoke/")
    assert response.status_code == 302
    token.refresh_from_db()
    assert not token.is_active
    page = client.get("/accounts/settings/").content.decode()
    assert "You have no active tokens" in page


def test_revoking_with_htmx_returns_the_updated_list(client: Client, alice: Any) -> None:
    token, _ = ApiToken.objects.issue(user=alice, name="old script")
    client.force_login(alice)
    response = client.post(
        f"/accounts/settings/tokens/{token.pk}/revoke/", headers={"HX-Request": "true"}
    )
    page = response.content.decode()
    assert "is revoked" in page
    assert "You have no active tokens" in page


def test_charlie_cannot_revoke_alices_token(client: Client, alice: Any, charlie: Any) -> None:
    token, _ = ApiToken.objects.issue(user=alice, name="alice's script")
    client.force_login(charlie)
    response = client.post(f"/accounts/settings/tokens/{token.pk}/revoke/")
    assert response.status_code == 404
    token.refresh_from_db()
    assert token.is_active


def test_revoking_needs_a_post(client: Client, alice: Any) -> None:
    token, _ = ApiToken.objects.issue(user=alice, name="script")
    client.force_login(alice)
    assert client.get(f"/accounts/settings/tokens/{token.pk}/revoke/").status_code == 405
