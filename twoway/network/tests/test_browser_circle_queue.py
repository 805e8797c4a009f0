"""In a real browser: Ana asks to be placed in a circle, the periodic job forms one, and after a
reload she sees the circle and opens it (desktop and a 390×844 phone)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from conftest import PASSWORD
from twoway.core.tests.browser import screenshot
from twoway.network.circle_queue import queue_join
from twoway.network.periodic import place_waiting_members
from twoway.network.tests.test_circle_queue import RING, person

pytestmark = [pytest.mark.browser]


@pytest.mark.parametrize("size", [(1280, 900), (390, 844)], ids=["desktop", "mobile"])
def test_a_member_queues_the_job_places_her_and_she_opens_her_circle(
    page: Page,
    live_server: Any,
    transactional_db: None,
    make_user: Any,
    tmp_path: Path,
    size: tuple[int, int],
) -> None:
    ana, sam, lee = [person(make_user, *row) for row in RING]
    for other in (sam, lee):
        queue_join(user=other)
    page.set_viewport_size({"width": size[0], "height": size[1]})
    page.goto(f"{live_server.url}/accounts/login/?next=/circles/")
    page.get_by_label("Email").fill(ana.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Password").press("Enter")

    page.get_by_label("Themes (optional)").fill("figma")
    page.get_by_label("Preferred size (optional)").select_option("3")
    page.get_by_role("button", name="Place me in a circle").click()
    status = page.locator("[data-queue-status]")
    expect(status).to_contain_text("You are waiting since")
    expect(status).to_contain_text("for a circle about Figma, of about 3 people")
    screenshot(page, f"circle-queue-waiting-{size[0]}", tmp_path)
    assert page.evaluate("document.documentElement.scrollWidth") <= size[0]

    assert place_waiting_members(timezone.now()) == 3

    page.reload()
    mine = page.locator("section[aria-labelledby=mine-title]")
    expect(mine).to_contain_text("Formed by the engine")
    expect(page.get_by_role("button", name="Place me in a circle")).to_be_visible()
    mine.get_by_role("link").first.click()
    expect(page.locator("h1")).to_contain_text("circle")
    expect(page.locator("body")).to_contain_text("Sam")
    expect(page.locator("body")).to_contain_text("Lee")
    screenshot(page, f"circle-queue-formed-{size[0]}", tmp_path)
