"""The seeded demo in a real browser: Sam logs in with the published password and finds Ana.

Also checks keyboard basics: the skip link is the first Tab stop and moves focus to the content.
"""

from __future__ import annotations

from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from twoway.core.demo.data import DEMO_PASSWORD, MEMBER_DOMAIN
from twoway.core.tests.browser import screenshot

pytestmark = [pytest.mark.browser]


def test_sam_logs_in_with_the_demo_password_and_finds_ana_to_swap_sql_for_figma(
    page: Page, live_server: Any, transactional_db: None, tmp_path: Path
) -> None:
    call_command("seed_demo", stdout=StringIO())
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(f"sam@{MEMBER_DOMAIN}")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("link", name="Directory").click()
    expect(page.get_by_text("members · page 1 of")).to_be_visible()
    screenshot(page, "demo-directory", tmp_path)

    page.get_by_label("Can teach").fill("SQL")
    page.get_by_label("Wants to learn").fill("Figma")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("link", name="Ana Lima")).to_be_visible()
    screenshot(page, "demo-directory-sql-figma", tmp_path)
    page.get_by_role("link", name="Ana Lima").click()
    expect(page.get_by_role("heading", name="Ana Lima")).to_be_visible()
    expect(page.get_by_text("Staff Data Engineer at Northwind Labs")).to_be_visible()
    screenshot(page, "demo-profile-ana", tmp_path)


def test_the_skip_link_is_the_first_tab_stop_and_jumps_to_the_content(
    page: Page, live_server: Any, transactional_db: None
) -> None:
    page.goto(f"{live_server.url}/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Join Twoway")).to_be_focused()
