"""A site admin sets up providers in the admin (several at once) and SSO-only domains; the
sign-in page then offers a button for each, and its policy lets the buttons reach them."""

from __future__ import annotations

import json
from typing import Any

import pytest
from allauth.socialaccount.models import SocialApp
from django.test import Client

from twoway.identity.models import SsoOnlyDomain


@pytest.fixture
def sam(make_user: Any) -> Any:
    """Sam runs the site: a superuser."""
    return make_user("sam@example.com", first_name="Sam", is_staff=True, is_superuser=True)


def _add_app(client: Client, **fields: Any) -> Any:
    data = {"key": "", "secret": "", **fields}
    data["settings"] = json.dumps(fields["settings"])
    return client.post("/admin/socialaccount/socialapp/add/", data)


def test_sam_adds_an_oidc_and_a_saml_provider_and_both_buttons_appear(
    client: Client, sam: Any
) -> None:
    client.force_login(sam)
    oidc = _add_app(
        client, provider="openid_connect", provider_id="contoso", name="Contoso",
        client_id="twoway", secret="s3", settings={"server_url": "https://login.contoso.example/v2.0"},
    )  # fmt: skip
    saml = _add_app(
        client, provider="saml", provider_id="fabrikam", name="Fabrikam", client_id="fabrikam",
        settings={"idp": {"entity_id": "urn:fabrikam", "sso_url": "https://idp.fabrikam.example/sso",
                          "x509cert": "MIIC"}, "verified_email": True},
    )  # fmt: skip
    assert (oidc.status_code, saml.status_code) == (302, 302)
    assert SocialApp.objects.count() == 2
    client.logout()

    page = client.get("/accounts/login/")

    content = page.content.decode()
    assert "Sign in with Contoso" in content and "Sign in with Fabrikam" in content
    assert 'action="/auth/oidc/contoso/login/"' in content
    assert 'action="/auth/saml/fabrikam/login/"' in content
    policy = page["Content-Security-Policy"]
    form_action = next(part for part in policy.split(";") if "form-action" in part)
    assert "https://login.contoso.example" in form_action
    assert "https://idp.fabrikam.example" in form_action


def test_a_page_without_buttons_keeps_the_strict_form_policy(client: Client, db: None) -> None:
    page = client.get("/accounts/login/")

    assert "Sign in with" not in page.content.decode()
    assert "form-action 'self';" in page["Content-Security-Policy"] + ";"


def test_sam_marks_a_domain_sso_only_in_the_admin(client: Client, sam: Any) -> None:
    client.force_login(sam)
    response = client.post(
        "/admin/identity/ssoonlydomain/add/", {"domain": "Corp.Example", "provider_name": "Contoso"}
    )

    assert response.status_code == 302
    assert SsoOnlyDomain.objects.get().domain == "corp.example"


def test_charlie_who_is_not_staff_cannot_reach_the_provider_settings(
    client: Client, charlie: Any
) -> None:
    client.force_login(charlie)

    response = client.get("/admin/socialaccount/socialapp/add/")

    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_the_continue_page_of_a_provider_lets_its_form_reach_that_provider(
    client: Client, sam: Any
) -> None:
    SocialApp.objects.create(
        provider="openid_connect", provider_id="contoso", name="Contoso", client_id="twoway",
        settings={"server_url": "https://login.contoso.example/v2.0"},
    )  # fmt: skip

    page = client.get("/auth/oidc/contoso/login/")

    assert "Sign in with Contoso" in page.content.decode()
    form_action = next(p for p in page["Content-Security-Policy"].split(";") if "form-action" in p)
    assert "https://login.contoso.example" in form_action
