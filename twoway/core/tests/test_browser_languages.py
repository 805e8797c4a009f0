"""In Chromium (docs/i18n.md): a visitor whose browser asks for French gets French, switches to
German in the footer, joins, and keeps German; their times follow the browser's zone."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, expect

pytestmark = [pytest.mark.browser]


def test_a_visitor_switches_from_french_to_german_in_the_footer_and_signs_up_in_german(
    browser: Browser, live_server: Any, transactional_db: None
) -> None:
    context = browser.new_context(locale="fr-FR", timezone_id="Asia/Tokyo")
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.get_by_role("button", name="Se connecter")).to_be_visible()

    page.get_by_label("Langue").select_option("de")
    page.locator("form.language-switcher button").click()
    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(page.get_by_role("button", name="Anmelden")).to_be_visible()
    assert "/accounts/login/" in page.url

    page.locator("nav").get_by_role("link", name="Registrieren").click()
    expect(page.locator("html")).to_have_attribute("lang", "de")
    zone = [c["value"] for c in context.cookies() if c["name"] == "tz"]
    assert zone == ["Asia%2FTokyo"]
    context.close()
