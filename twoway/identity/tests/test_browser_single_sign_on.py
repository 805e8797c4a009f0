"""A new member joins through each kind of provider in a real browser: the "Sign in with …"
button on Twoway's sign-in page, the provider's own sign-in form, and back to onboarding."""

from __future__ import annotations

from typing import Any

import pytest
from allauth.socialaccount.models import SocialAccount
from playwright.sync_api import Page, expect

from twoway.identity.tests.conftest import PROVIDER_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("sso_settings")]


def _provider_sign_in(page: Page, button: str, submit: str) -> None:
    page.get_by_role("button", name=button).click()
    page.get_by_label("Username").fill("dana")
    page.get_by_label("Password").fill(PROVIDER_PASSWORD)
    page.get_by_role("button", name=submit).click()


def test_dana_joins_through_the_oidc_provider_in_the_browser(
    page: Page, live_server: Any, transactional_db: None
) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    expect(page.get_by_role("button", name="Sign in with Globex")).to_be_visible()
    _provider_sign_in(page, "Sign in with Acme ID", "Sign in to the provider")

    expect(page.get_by_role("heading", name="Welcome! Tell us about you")).to_be_visible()
    assert page.url.startswith(live_server.url)
    assert SocialAccount.objects.get(user__email="dana@corp.example").provider == "acme"


def test_dana_joins_through_the_saml_idp_in_the_browser(
    page: Page, live_server: Any, transactional_db: None
) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    _provider_sign_in(page, "Sign in with Globex", "Sign in to the IdP")

    expect(page.get_by_role("heading", name="Welcome! Tell us about you")).to_be_visible()
    assert SocialAccount.objects.get(user__email="dana@corp.example").provider == "globex"
