"""In Chromium, a right-to-left language turns the layout (docs/i18n.md): the log-in page and
Alice's home page in the pseudo right-to-left language have <html dir="rtl">, the brand sits at
the top bar's right edge, and nothing scrolls sideways, on a phone and on a desktop.

The stylesheet uses logical properties (margin-inline-start, text-align: start …), so nothing in
it is written for one direction only."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, ViewportSize, expect

from conftest import PASSWORD
from twoway.core.tests.browser import screenshot
from twoway.core.tests.pseudo import PSEUDO_RTL
from twoway.people.services import profile_ensure

pytestmark = [pytest.mark.browser]
PHONE: ViewportSize = {"width": 390, "height": 844}
DESKTOP: ViewportSize = {"width": 1280, "height": 800}
# The container keeps 1rem on each side of the page, and a desktop's is at most 1120 px wide.
EDGE = 24


def _check_turned(page: Page, viewport: ViewportSize) -> None:
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    width = page.evaluate("window.innerWidth")
    assert page.evaluate("document.documentElement.scrollWidth") <= width, page.url
    brand = page.locator("header.topbar .brand").bounding_box()
    bar = page.locator("header.topbar .topbar-inner").bounding_box()
    assert brand is not None and bar is not None
    # The brand ends where the top bar's content ends: its right, not its left.
    assert brand["x"] + brand["width"] >= bar["x"] + bar["width"] - 2, (brand, bar)
    if viewport == PHONE:
        assert brand["x"] + brand["width"] >= width - EDGE, (brand, width)


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_log_in_page_and_alices_home_turn_right_to_left(
    page: Page,
    live_server: Any,
    transactional_db: None,
    pseudo_locale: str,
    alice: Any,
    viewport: ViewportSize,
    tmp_path: Path,
) -> None:
    profile = profile_ensure(user=alice)
    profile.interface_language = PSEUDO_RTL
    profile.save()
    page.set_viewport_size(viewport)
    page.set_extra_http_headers({"Accept-Language": PSEUDO_RTL})

    page.goto(f"{live_server.url}/accounts/login/")
    _check_turned(page, viewport)
    screenshot(page, f"rtl-login-{viewport['width']}", tmp_path)

    page.locator("input[name=username]").fill(alice.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main button[type=submit]").click()
    expect(page.locator("form[action$='/logout/']")).to_have_count(1)
    page.goto(f"{live_server.url}/")
    page.wait_for_load_state("networkidle")
    _check_turned(page, viewport)
    screenshot(page, f"rtl-home-{viewport['width']}", tmp_path)
