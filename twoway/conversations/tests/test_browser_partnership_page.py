"""On a phone (390 × 844), the partnership page in sections: nothing scrolls sideways, the
section nav stays in reach and takes Alice to each section, whose heading is not hidden under the
sticky bars, and a collapsed form opens on demand."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, ViewportSize, expect

from conftest import PASSWORD
from twoway.conversations import services
from twoway.core.tests.browser import screenshot
from twoway.partnerships.models import Goal, Partnership

pytestmark = [pytest.mark.browser]
PHONE: ViewportSize = {"width": 390, "height": 844}
LONG = "Supercalifragilisticexpialidocious-and-a-very-long-link-https://example.com/" + "x" * 80

# What sticks out, to name the culprit when the page is too wide.
WIDE = """[...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > 391).slice(0, 8)
  .map(e => `${e.tagName}.${e.className}#${e.id}`)"""


def _fits(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, (width, page.evaluate(WIDE))


def test_on_a_phone_the_sections_fit_and_the_nav_reaches_each_one(
    page: Page, live_server: Any, transactional_db: None, partnership: Partnership,
    alice: Any, bob: Any, tmp_path: Path,
) -> None:  # fmt: skip
    Goal.objects.create(partnership=partnership, owner=alice, text="Design a landing page")
    thread = services.thread_for_partnership(user=bob, partnership_id=partnership.pk)
    services.message_post(user=bob, thread=thread, text=LONG)
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/accounts/login/?next={partnership.get_absolute_url()}")
    page.get_by_label("Email").fill(alice.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Two-way balance")).to_be_visible()
    page.wait_for_load_state("networkidle")
    _fits(page)

    nav = page.get_by_role("navigation", name="Sections of this partnership")
    for label, anchor, heading in (("Messages", "messages", "Messages"),
                                   ("Agreement", "agreement", "Our agreement"),
                                   ("Goals", "goals", "Goals both ways")):  # fmt: skip
        nav.get_by_role("link", name=label).click()
        expect(page).to_have_url(f"{live_server.url}{partnership.get_absolute_url()}#{anchor}")
        title = page.get_by_role("heading", name=heading, exact=True)
        expect(title).to_be_in_viewport()
        bar = nav.bounding_box()
        box = title.bounding_box()
        assert bar is not None and box is not None
        assert bar["y"] >= 0 and box["y"] >= bar["y"] + bar["height"] - 1, (label, bar, box)
    expect(page.locator("#messages")).to_contain_text("Supercalifragilistic")

    # Alice has a goal, so "Add a goal" is folded; it opens on demand.
    form_field = page.locator("#goal_text")
    expect(form_field).to_be_hidden()
    page.get_by_text("Add a goal", exact=True).click()
    expect(form_field).to_be_visible()
    _fits(page)
    screenshot(page, "partnership-phone", tmp_path)
