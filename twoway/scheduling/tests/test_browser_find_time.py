"""In two real browsers: Alice (Berlin) finds times and proposes three; Bob (New York, on a
phone) sees them on his own clock, picks one, and finds the session on the partnership page with
a video room and a calendar file."""

from __future__ import annotations

import re
import zoneinfo
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import icalendar
import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from conftest import PASSWORD
from twoway.core.tests.browser import screenshot
from twoway.partnerships.models import Session
from twoway.scheduling.models import Proposal

from .helpers import NEW_YORK, berlin_and_new_york, free_most_days

pytestmark = [pytest.mark.browser]

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def signed_in(browser: Browser, live_server: Any) -> Iterator[Callable[..., Page]]:
    """Open a signed-in browser context per member; all are closed after the test, so no
    keep-alive connection holds a live-server thread on the shared test database."""
    contexts: list[BrowserContext] = []

    def open_as(email: str, **options: Any) -> Page:
        context = browser.new_context(**options)
        contexts.append(context)
        page = context.new_page()
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("Email").fill(email)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Log in").click()
        expect(page).not_to_have_url(re.compile("/accounts/login/"))
        return page

    yield open_as
    for context in contexts:
        context.close()


def _label(instant: Any, tz: str) -> str:
    local = instant.astimezone(zoneinfo.ZoneInfo(tz))
    return f"{local:%A} {local.day} {local:%B, %H:%M}"


def test_alice_proposes_and_bob_picks_on_his_own_clock(
    signed_in: Callable[..., Page],
    live_server: Any,
    transactional_db: None,
    alice: Any,
    bob: Any,
    tmp_path: Path,
) -> None:
    pair = berlin_and_new_york(alice, bob)
    free_most_days(alice, bob)
    base, find = live_server.url, f"/scheduling/partnerships/{pair.pk}/find-time/"

    alice_page = signed_in(alice.email)
    alice_page.goto(base + find)
    alice_page.get_by_label("How long").select_option("60")
    alice_page.get_by_role("button", name="Find times that suit us both").click()
    boxes = alice_page.get_by_role("checkbox")
    expect(boxes).to_have_count(5)
    expect(alice_page.get_by_text("in your time zone (Europe/Berlin)")).to_be_visible()
    boxes.nth(3).uncheck()
    boxes.nth(4).uncheck()
    alice_page.get_by_role("button", name="Send these times to Bob").click()
    expect(alice_page.get_by_text("We sent Bob 3 times.")).to_be_visible()
    expect(alice_page.get_by_text("You proposed these times to Bob")).to_be_visible()
    proposal = Proposal.objects.get()
    starts = [slot.starts_at for slot in proposal.slots.all()]
    assert len(starts) == 3

    bob_page = signed_in(bob.email, viewport=PHONE)
    bob_page.goto(base + find)
    expect(bob_page.get_by_text("Alice proposes these times (60 minutes)")).to_be_visible()
    expect(bob_page.get_by_text("in your time zone, America/New_York")).to_be_visible()
    for start in starts:
        expect(
            bob_page.get_by_role("button", name=f"Pick {_label(start, NEW_YORK)}")
        ).to_be_visible()
    assert bob_page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(bob_page, "scheduling-pick-phone", tmp_path)
    bob_page.get_by_role("button", name=f"Pick {_label(starts[1], NEW_YORK)}").click()

    expect(bob_page.get_by_text("Your session is booked.")).to_be_visible()
    session = Session.objects.get()
    assert session.starts_at == starts[1]
    video = bob_page.locator(f"#session-{session.pk}").get_by_role("link", name="Video link")
    expect(video).to_have_attribute("href", session.link)
    assert session.link.startswith("https://meet.jit.si/Twoway-")
    with bob_page.expect_download() as download:
        bob_page.locator(f"#session-{session.pk}").get_by_role(
            "link", name="Add to calendar (.ics)"
        ).click()
    ics = icalendar.Calendar.from_ical(Path(download.value.path()).read_bytes())
    event = ics.walk("VEVENT")[0]
    assert str(event["URL"]) == session.link
    assert event.decoded("DTSTART") == starts[1]


def test_bob_sets_his_week_on_a_phone(
    signed_in: Callable[..., Page],
    live_server: Any,
    transactional_db: None,
    bob: Any,
    tmp_path: Path,
) -> None:
    page = signed_in(bob.email, viewport=PHONE)
    page.goto(f"{live_server.url}/scheduling/availability/")
    first = page.get_by_role("group", name="Time 1")
    first.get_by_label("Day").select_option(label="Monday")
    first.get_by_label("From").fill("09:00")
    first.get_by_label("To").fill("12:00")
    page.get_by_role("button", name="Add a row").click()
    second = page.get_by_role("group", name="Time 2")
    second.get_by_label("Day").select_option(label="Monday")
    second.get_by_label("From").fill("11:00")
    second.get_by_label("To").fill("13:00")
    page.get_by_role("button", name="Save availability").click()
    expect(second.locator(".error")).to_have_text(
        "This overlaps Monday 09:00–12:00. Join them into one row."
    )
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(page, "scheduling-availability-phone", tmp_path)
    second.get_by_label("From").fill("12:00")
    page.get_by_role("button", name="Save availability").click()
    expect(page.get_by_text("Your availability is saved.")).to_be_visible()
    expect(page.get_by_role("group", name="Time 2").get_by_label("To")).to_have_value("13:00")
