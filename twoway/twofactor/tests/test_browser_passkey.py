"""In Chromium with a virtual authenticator (the DevTools protocol's WebAuthn domain): Sam is staff
without a second factor, so signing in sends him to set one up; he adds a passkey, reaches the
audit log, and next time signs in with his password and the passkey. The site's RP ID is the
host, so the live server is reached at localhost (a domain) rather than 127.0.0.1."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from conftest import PASSWORD
from twoway.core.tests.browser import screenshot
from twoway.twofactor.tests.helpers import has_factor_of

pytestmark = [pytest.mark.browser]
AUTHENTICATOR = {
    "protocol": "ctap2",
    "transport": "internal",
    "hasResidentKey": True,
    "hasUserVerification": True,
    "isUserVerified": True,
    "automaticPresenceSimulation": True,
}


def _sign_in(page: Page, base: str) -> None:
    page.goto(f"{base}/accounts/login/?next=/staff/audit/")
    page.get_by_label("Email").fill("sam@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Password").press("Enter")


def test_sam_adds_a_passkey_when_told_to_and_signs_in_with_it(
    page: Page, live_server: Any, transactional_db: None, sam: Any, violations: list[str],
    tmp_path: Path,
) -> None:  # fmt: skip
    assert live_server.url.startswith("http://localhost:")
    devtools = page.context.new_cdp_session(page)
    devtools.send("WebAuthn.enable")
    added = devtools.send("WebAuthn.addVirtualAuthenticator", {"options": AUTHENTICATOR})
    base = live_server.url

    _sign_in(page, base)
    expect(
        page.get_by_text("Your account needs two-factor sign-in because you are staff")
    ).to_be_visible()
    page.get_by_role("link", name="Add a passkey").click()
    page.get_by_label("Name").fill("work laptop")
    page.get_by_role("button", name="Add a passkey").click()
    expect(page.get_by_text("Passkey added")).to_be_visible()
    expect(page.get_by_role("heading", name="Recovery codes")).to_be_visible()
    assert has_factor_of(sam, "webauthn")
    credentials = devtools.send(
        "WebAuthn.getCredentials", {"authenticatorId": added["authenticatorId"]}
    )
    assert len(credentials["credentials"]) == 1

    page.goto(f"{base}/staff/audit/")
    expect(page.get_by_role("cell", name="Second factor changed").first).to_be_visible()
    page.get_by_role("button", name="Log out").click()

    _sign_in(page, base)
    expect(page.get_by_role("heading", name="Two-factor sign-in")).to_be_visible()
    screenshot(page, "twofactor-passkey-step", tmp_path)
    page.get_by_role("button", name="Use a passkey or security key").click()
    expect(page).to_have_url(f"{base}/staff/audit/")
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    page.goto(f"{base}/auth/2fa/webauthn/")
    expect(page.get_by_role("cell", name="work laptop", exact=True)).to_be_visible()
    assert not violations + page.evaluate("window.__violations")
