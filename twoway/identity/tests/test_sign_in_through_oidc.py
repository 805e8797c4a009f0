"""Signing in through a real OpenID Connect provider (django-oauth-toolkit in its own process)."""

from __future__ import annotations

from typing import Any

import pytest
import requests
from allauth.socialaccount.models import SocialAccount

from conftest import PASSWORD
from twoway.accounts.models import User
from twoway.audit.models import AuditEvent
from twoway.identity.models import SsoOnlyDomain
from twoway.identity.tests.conftest import PROVIDER_PASSWORD
from twoway.identity.tests.driver import oidc_sign_in

pytestmark = pytest.mark.usefixtures("oidc_settings")


def test_dana_joins_just_in_time_and_lands_on_onboarding(
    live_server: Any, transactional_db: None
) -> None:
    browser, page = oidc_sign_in(live_server.url, "dana", PROVIDER_PASSWORD)

    assert page.status_code == 200
    assert "/onboarding/" in page.url
    dana = User.objects.get(email="dana@corp.example")
    assert dana.email_verified and not dana.has_usable_password()
    assert dana.profile.display_name == "Dana Diaz"
    assert SocialAccount.objects.get(user=dana).provider == "acme"
    link = AuditEvent.objects.get(action="sso.link")
    assert link.detail["new_account"] is True and link.detail["provider"] == "Acme ID"
    sign_in = AuditEvent.objects.get(action="auth.sign_in", actor=dana)
    assert sign_in.detail["via"] == "/auth/oidc/acme/login/callback/"


def test_dana_signs_in_again_into_the_same_account(
    live_server: Any, transactional_db: None
) -> None:
    oidc_sign_in(live_server.url, "dana", PROVIDER_PASSWORD)
    _browser, page = oidc_sign_in(live_server.url, "dana", PROVIDER_PASSWORD)

    assert page.status_code == 200
    assert User.objects.filter(email="dana@corp.example").count() == 1
    assert AuditEvent.objects.filter(action="sso.link").count() == 1
    assert AuditEvent.objects.filter(action="auth.sign_in").count() == 2


def test_alice_is_linked_by_her_verified_email_and_keeps_her_password(
    live_server: Any, transactional_db: None, alice: Any
) -> None:
    browser, page = oidc_sign_in(live_server.url, "alice", PROVIDER_PASSWORD)

    assert page.status_code == 200 and "/onboarding/" not in page.url
    assert SocialAccount.objects.get(provider="acme").user == alice
    alice.refresh_from_db()
    assert alice.has_usable_password()
    settings_page = browser.get(f"{live_server.url}/accounts/settings/")
    assert settings_page.url.endswith("/accounts/settings/")
    link = AuditEvent.objects.get(action="sso.link")
    assert link.detail["new_account"] is False and link.detail["address_was_verified"] is True


def test_erin_is_refused_because_the_provider_did_not_verify_her_email(
    live_server: Any, transactional_db: None, make_user: Any
) -> None:
    erin = make_user("erin@example.com", first_name="Erin")
    _browser, page = oidc_sign_in(live_server.url, "erin", PROVIDER_PASSWORD)

    assert page.status_code == 403
    assert "Acme ID did not confirm that erin@example.com is yours" in page.text
    assert not SocialAccount.objects.exists()
    assert not AuditEvent.objects.filter(action="auth.sign_in", actor=erin).exists()


def test_dana_at_an_sso_only_domain_still_signs_in_through_the_provider(
    live_server: Any, transactional_db: None
) -> None:
    SsoOnlyDomain.objects.create(domain="corp.example", provider_name="Acme ID")

    _browser, page = oidc_sign_in(live_server.url, "dana", PROVIDER_PASSWORD)

    assert page.status_code == 200 and "/onboarding/" in page.url


def test_alice_signed_in_with_her_password_connects_acme_from_her_settings(
    live_server: Any, transactional_db: None, make_user: Any
) -> None:
    alice = make_user("alice.work@example.com", first_name="Alice")
    browser = requests.Session()
    browser.get(f"{live_server.url}/accounts/login/")
    signed_in = browser.post(
        f"{live_server.url}/accounts/login/",
        {"username": alice.email, "password": PASSWORD,
         "csrfmiddlewaretoken": browser.cookies["csrftoken"]},
    )  # fmt: skip
    assert signed_in.url.endswith("/")

    _browser, page = oidc_sign_in(
        live_server.url, "alice", PROVIDER_PASSWORD, browser=browser, process="connect"
    )

    assert page.url.endswith("/auth/3rdparty/")
    assert "Acme ID" in page.text
    assert SocialAccount.objects.get(provider="acme").user == alice
