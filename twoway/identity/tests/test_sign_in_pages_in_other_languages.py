"""Single sign-on's pages and refusals go through the catalogues (docs/i18n.md): in the
pseudo-locale no plain word is left but the test's data (the provider's name, addresses); in
German a member at an SSO-only domain is told why in German."""

from __future__ import annotations

import html
from typing import Any

import pytest
from allauth.socialaccount.models import SocialApp
from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.utils.translation import override

from conftest import PASSWORD
from twoway.core.tests.pseudo import PSEUDO, main_of, untranslated
from twoway.identity.models import SsoOnlyDomain
from twoway.people.services import profile_ensure

pytestmark = pytest.mark.django_db
DATA = ["Acme ID", "corp.example", "charlie@corp.example", "alice@example.com", "Alice"]


@pytest.fixture
def acme(db: None) -> SocialApp:
    return SocialApp.objects.create(
        provider="openid_connect", provider_id="acme", name="Acme ID", client_id="twoway",
        settings={"server_url": "https://id.acme.example"},
    )  # fmt: skip


def _words_left(page: Any) -> list[str]:
    return untranslated(main_of(page.content.decode()), allowed=DATA)


@pytest.mark.parametrize(
    "url",
    ["/accounts/login/", "/auth/oidc/acme/login/", "/auth/3rdparty/login/cancelled/",
     "/auth/3rdparty/login/error/"],
)  # fmt: skip
def test_the_sign_in_pages_of_a_provider_are_translated(
    client: Client, pseudo_locale: str, acme: SocialApp, url: str
) -> None:
    page = client.get(url, HTTP_ACCEPT_LANGUAGE=PSEUDO)
    assert page.status_code in (200, 401), url  # the error page answers 401
    assert _words_left(page) == []


def test_alices_connections_page_is_translated(
    client: Client, pseudo_locale: str, acme: SocialApp, alice: Any
) -> None:
    profile = profile_ensure(user=alice)
    profile.interface_language = pseudo_locale
    profile.save()
    client.force_login(alice)
    assert _words_left(client.get("/auth/3rdparty/")) == []


def test_a_refused_sign_in_through_a_provider_is_translated(pseudo_locale: str) -> None:
    request = RequestFactory().get("/auth/oidc/acme/login/callback/")
    request.user = AnonymousUser()
    with override(PSEUDO):
        page = render_to_string(
            "identity/refused.html", {"provider_name": "Acme ID", "reason": ""}, request=request
        )
    assert untranslated(main_of(page), allowed=DATA) == []


def test_charlie_at_an_sso_only_domain_is_refused_in_german(client: Client, make_user: Any) -> None:
    make_user("charlie@corp.example", first_name="Charlie")
    SsoOnlyDomain.objects.create(domain="corp.example", provider_name="Acme ID")
    answer = client.post(
        "/accounts/login/",
        {"username": "charlie@corp.example", "password": PASSWORD},
        HTTP_ACCEPT_LANGUAGE="de",
    )
    assert (
        "Mitglieder mit einer @corp.example-Adresse können sich hier nicht mit einem Passwort "
        "anmelden: Deine Organisation meldet dich per Single Sign-on an. Nutze auf der "
        "Anmeldeseite die Schaltfläche „Mit Acme ID anmelden“."
    ) in html.unescape(answer.content.decode())
