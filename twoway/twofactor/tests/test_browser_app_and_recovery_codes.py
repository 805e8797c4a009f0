"""In Chromium: Alice sets up an authenticator app from her settings (the code is computed here
from the key the page shows, RFC 6238), saves her recovery codes, then signs in with a code from
the app, is refused a wrong one, and later signs in with a recovery code. No page breaks the
Content-Security-Policy."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from conftest import PASSWORD
from twoway.core.tests.browser import screenshot
from twoway.twofactor.tests.helpers import totp_code

pytestmark = [pytest.mark.browser]


def _password(page: Page, base: str) -> None:
    page.goto(f"{base}/accounts/login/?next=/accounts/settings/")
    page.get_by_label("Email").fill("alice@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Password").press("Enter")


def _log_out(page: Page) -> None:
    page.get_by_role("button", name="Log out").click()
    expect(
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Log in")
    ).to_be_visible()


def test_alice_sets_up_an_app_and_signs_in_with_its_code_then_a_recovery_code(
    page: Page, live_server: Any, transactional_db: None, make_user: Any,
    violations: list[str], tmp_path: Path,
) -> None:  # fmt: skip
    make_user("alice@example.com", first_name="Alice")
    base = live_server.url
    _password(page, base)
    page.get_by_role("link", name="Set up two-factor sign-in").click()
    expect(page.get_by_role("heading", name="Two-factor sign-in", exact=True)).to_be_visible()
    page.get_by_role("link", name="Set up an authenticator app").click()

    expect(
        page.get_by_role("img", name="QR code to scan with your authenticator app")
    ).to_be_visible()
    secret = page.get_by_label("Key, to type in instead of scanning").input_value()
    page.get_by_label("Code from the app").fill(totp_code(secret))
    page.get_by_role("button", name="Turn on").click()

    expect(page.get_by_text("Your authenticator app is on")).to_be_visible()
    codes = page.get_by_label("Your unused codes").input_value().split()
    assert len(codes) == 10 and len(set(codes)) == 10
    screenshot(page, "twofactor-recovery-codes", tmp_path)
    _log_out(page)

    _password(page, base)
    expect(page.get_by_role("heading", name="Two-factor sign-in")).to_be_visible()
    code_box = page.get_by_label("Code from your authenticator app")
    code_box.fill(f"{(int(totp_code(secret)) + 1) % 10**6:06d}")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("That code didn't work")).to_be_visible()
    page.get_by_label("Code from your authenticator app").fill(totp_code(secret))
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Settings", exact=True)).to_be_visible()
    expect(
        page.get_by_text("Signing in asks for a code from your authenticator app")
    ).to_be_visible()
    _log_out(page)

    _password(page, base)
    page.get_by_label("Code from your authenticator app").fill(codes[0])
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Settings", exact=True)).to_be_visible()
    page.goto(f"{base}/auth/2fa/")
    expect(page.get_by_text("9 of 10 codes left")).to_be_visible()
    screenshot(page, "twofactor-index", tmp_path)
    assert not violations + page.evaluate("window.__violations")
