"""Alice, on a phone (390 × 844), finds two participants in the round page's search list as she
types (htmx), chooses them, and adds them as a pair by hand; the rest of the page stays put."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from conftest import PASSWORD
from twoway.core.tests.browser import screenshot
from twoway.programs.rounds import round_start
from twoway.programs.tests.crafted import participant, run
from twoway.programs.tests.helpers import program_for

pytestmark = [pytest.mark.browser]


def test_a_manager_finds_two_people_in_the_search_list_and_pairs_them(
    page: Page, live_server: Any, transactional_db: None, alice: Any, tmp_path: Path
) -> None:
    program = program_for(alice, name="Spring cohort")
    participant(program, "Ana Lima", teaches={"Python": 5}, learns={"SQL": 3})
    participant(program, "Ben Okafor", teaches={"SQL": 4}, learns={"Python": 3})
    participant(program, "Cai Wu", teaches={"Figma": 4}, learns={"Python": 2})
    round_ = run(round_start(user=alice, program=program))
    page.set_viewport_size({"width": 390, "height": 844})

    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(alice.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto(f"{live_server.url}{round_.get_absolute_url()}")

    page.get_by_label("Search participants").fill("lima")  # no click: results come as she types
    page.get_by_role("link", name="Choose Ana Lima").click()
    expect(page.get_by_text("Not chosen yet")).to_have_count(1)
    page.get_by_label("Search participants for the second person").fill("figma")
    expect(page.get_by_text("Teaches: Figma")).to_be_visible()
    page.get_by_role("link", name="Choose Cai Wu").click()
    screenshot(page, "programs-pair-search", tmp_path)
    page.get_by_role("button", name="Add and lock Ana Lima ⇄ Cai Wu").click()

    expect(page.get_by_text("Added and locked")).to_be_visible()
    added = page.locator("article.pair", has=page.locator(".badge", has_text="Added by hand"))
    expect(added.locator("h3")).to_contain_text("Ana Lima ⇄ Cai Wu")
    assert round_.pairs.filter(manual=True, locked=True).count() == 1
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the round page scrolls sideways on a phone ({width} px)"
