"""In Chromium set to Vienna's time: onboarding's time zone starts at the browser's zone (not in
the common list, so it is added), and saving keeps it. A zone already saved is left alone."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from conftest import PASSWORD
from twoway.people.models import Profile

pytestmark = [pytest.mark.browser]


def signed_in_page(browser: Browser, base: str, email: str) -> Page:
    page = browser.new_context(timezone_id="Europe/Vienna").new_page()
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("form[action$='/logout/']")).to_have_count(1)
    return page


def test_onboarding_starts_from_the_browsers_time_zone(
    browser: Browser, live_server: Any, transactional_db: None, alice: Any
) -> None:
    page = signed_in_page(browser, live_server.url, alice.email)
    page.goto(f"{live_server.url}/onboarding/")
    expect(page.get_by_label("Time zone")).to_have_value("Europe/Vienna")
    page.get_by_label("Languages").fill("English")
    page.get_by_role("button", name="Next: what I can teach").click()
    expect(page).to_have_url(f"{live_server.url}/onboarding/teach/")
    assert Profile.objects.get(user=alice).timezone == "Europe/Vienna"


def test_a_zone_the_member_saved_is_not_replaced(
    browser: Browser, live_server: Any, transactional_db: None, bob: Any
) -> None:
    Profile.objects.filter(user=bob).update(timezone="Asia/Tokyo")
    page = signed_in_page(browser, live_server.url, bob.email)
    page.goto(f"{live_server.url}/onboarding/")
    expect(page.get_by_label("Time zone")).to_have_value("Asia/Tokyo")
    page.goto(f"{live_server.url}/me/edit/")
    expect(page.get_by_label("Time zone")).to_have_value("Asia/Tokyo")
