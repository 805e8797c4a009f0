"""Journey 1 in a real browser: a visitor joins, verifies, onboards, and another member finds them.

A screenshot of the new profile goes to $TWOWAY_SCREENSHOT_DIR when set (see browser.py).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from playwright.sync_api import Browser, Page, expect

from conftest import PASSWORD
from twoway.core.tests.browser import screenshot
from twoway.people.tests.helpers import make_complete

pytestmark = [pytest.mark.browser]
LINK = re.compile(r"https?://[^/\s]+(/\S+)")


def sign_up(page: Page, base: str) -> None:
    page.goto(f"{base}/")
    page.get_by_role("link", name="Join", exact=True).click()
    page.get_by_label("Email").fill("wren@example.org")
    page.get_by_label("Your name").fill("Wren")
    page.get_by_label(re.compile(r"^Password\b(?! again)")).fill(PASSWORD)
    page.get_by_label("Password again").fill(PASSWORD)
    page.get_by_role("button", name="Create my account").click()
    # Sign-up never logs in (it answers alike for a taken address): the emailed link does.
    expect(page.get_by_role("heading", name="Check your inbox")).to_be_visible()
    expect(page.get_by_text("wren@example.org")).to_be_visible()


def verify_email(page: Page, base: str) -> None:
    (message,) = [m for m in mail.outbox if m.to == ["wren@example.org"]]
    match = LINK.search(str(message.body))
    assert match, message.body
    page.goto(base + match.group(1))
    expect(page.get_by_text("Thank you: your email is verified.")).to_be_visible()
    expect(page.get_by_role("region", name="Email verification")).to_have_count(0)


def onboard(page: Page) -> None:
    expect(page.get_by_role("heading", name="Welcome! Tell us about you")).to_be_visible()
    page.get_by_label("Display name").fill("Wren Castillo")
    page.get_by_label("Headline").fill("Backend developer who loves Elixir")
    page.get_by_label(re.compile(r"^Time ?zone", re.IGNORECASE)).select_option("Europe/Lisbon")
    page.get_by_label("Languages").fill("English, Portuguese")
    page.get_by_role("button", name="Next: what I can teach").click()

    expect(page.get_by_role("heading", name="What can you teach?")).to_be_visible()
    page.get_by_label("Skill").fill("elixir")
    page.get_by_label("Level").select_option(label="5 · expert")
    page.get_by_role("button", name="Add to what I teach").click()
    expect(page.get_by_label("Level for Elixir")).to_have_value("5")
    page.get_by_role("link", name="Next: what I want to learn").click()

    expect(page.get_by_role("heading", name="What do you want to learn?")).to_be_visible()
    page.get_by_label("Skill").fill("system design")
    page.get_by_label("Priority").select_option(label="high")
    page.get_by_role("button", name="Add to what I want to learn").click()
    expect(page.get_by_label("Priority for System design")).to_have_value("3")
    page.get_by_role("button", name="Finish").click()
    expect(page.get_by_text("Your profile is ready. Welcome to Twoway!")).to_be_visible()
    expect(page.get_by_role("heading", name="Wren Castillo")).to_be_visible()


def test_a_visitor_joins_and_another_member_finds_them_by_what_they_teach(
    page: Page,
    browser: Browser,
    live_server: Any,
    transactional_db: None,
    make_user: Any,
    tmp_path: Path,
) -> None:
    sign_up(page, live_server.url)
    verify_email(page, live_server.url)
    onboard(page)
    screenshot(page, "new-member-profile", tmp_path)

    make_complete(make_user("bob@example.com", first_name="Bob"), teaches={"Go": 3})
    context = browser.new_context()
    bob = context.new_page()
    bob.goto(f"{live_server.url}/people/")
    bob.get_by_label("Email").fill("bob@example.com")
    bob.get_by_label("Password").fill(PASSWORD)
    bob.get_by_role("button", name="Log in").click()
    expect(bob.get_by_role("heading", name="Directory")).to_be_visible()
    # Typing searches by itself (after a short pause). Enter as well would send a second request
    # while the first runs, and the test server's one shared SQLite connection is not safe for
    # two at once (a CI run lost the results that way).
    bob.get_by_label("Can teach").fill("ELIXIR")
    expect(bob.get_by_text("1 member", exact=True)).to_be_visible()
    bob.get_by_role("link", name="Wren Castillo").click()
    expect(bob.get_by_role("heading", name="Wren Castillo")).to_be_visible()
    expect(bob.get_by_role("listitem").filter(has_text="Elixir")).to_contain_text("5/5")
    context.close()
