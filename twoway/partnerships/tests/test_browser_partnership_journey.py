"""Alice and Bob, in two browsers, go from a suggestion to a completed partnership.

suggestion → request with a message → Bob asks for more information → Alice replies → Bob accepts
→ goals both ways → a session with its calendar file → learning logged both ways → the balance
reads even → Alice completes the partnership and gives feedback.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import icalendar
import pytest
from playwright.sync_api import Browser, Page, expect

from conftest import PASSWORD
from twoway.core.tests.browser import screenshot
from twoway.partnerships.models import Feedback, LearningEntry, Partnership
from twoway.partnerships.tests.helpers import swap_profiles

pytestmark = [pytest.mark.browser]


@pytest.fixture(autouse=True)
def _contexts_closed(browser: Browser) -> Iterator[None]:
    """Both partners' contexts close after the test, so no page holds the live server's
    connections open into the next test."""
    yield
    for context in browser.contexts:
        context.close()


def _signed_in(browser: Browser, base: str, email: str) -> Page:
    page = browser.new_context().new_page()
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("link", name="Suggestions", exact=True)).to_be_visible()
    return page


def _open_request(page: Page, label: str) -> None:
    page.get_by_role("link", name="Partnerships").click()
    page.get_by_role("link", name=label).click()
    expect(page.get_by_role("heading", name=f"Request {label.lower()}")).to_be_visible()


def test_alice_and_bob_partner_work_together_and_finish(
    browser: Browser, live_server: Any, transactional_db: None, alice: Any, bob: Any, tmp_path: Path
) -> None:
    swap_profiles(alice, bob)
    base = live_server.url
    alice_page = _signed_in(browser, base, alice.email)
    bob_page = _signed_in(browser, base, bob.email)

    # Alice finds Bob among her suggestions and asks, with a message and a focus.
    alice_page.get_by_role("link", name="Suggestions", exact=True).click()
    expect(
        alice_page.get_by_text("You can teach Bob SQL (you: proficient, Bob wants it: high)")
    ).to_be_visible()
    screenshot(alice_page, "partnerships-suggestions", tmp_path)
    alice_page.get_by_role("link", name="Ask to partner with Bob").click()
    alice_page.get_by_label("Message").fill("Hi Bob! Figma for SQL, every two weeks?")
    alice_page.get_by_label("Figma").check()
    alice_page.get_by_label("SQL").check()
    alice_page.get_by_role("button", name="Send request").click()
    expect(alice_page.get_by_text("Your request is on its way to Bob.")).to_be_visible()

    # Bob asks for more information; the request stays open.
    _open_request(bob_page, "From Alice")
    bob_page.get_by_label("Message").fill("Could we meet in the evenings?")
    bob_page.get_by_role("button", name="Ask for more information").click()
    expect(bob_page.get_by_text("Could we meet in the evenings?")).to_be_visible()

    # Alice replies in the thread.
    alice_page.reload()
    expect(alice_page.get_by_text("Could we meet in the evenings?")).to_be_visible()
    alice_page.get_by_label("Message").fill("Evenings are perfect.")
    alice_page.get_by_role("button", name="Send reply").click()
    expect(alice_page.get_by_text("Evenings are perfect.")).to_be_visible()

    # Bob accepts and lands on the partnership page.
    bob_page.reload()
    expect(bob_page.get_by_text("Evenings are perfect.")).to_be_visible()
    bob_page.get_by_role("button", name="Accept").click()
    expect(bob_page.get_by_role("heading", name="Two-way balance")).to_be_visible()
    expect(bob_page.get_by_text("Nothing logged yet", exact=True)).to_be_visible()
    partnership = Partnership.objects.get()
    url = f"{base}{partnership.get_absolute_url()}"

    # Goals both ways: each writes what they want to learn from the other.
    bob_page.get_by_label(re.compile(r"^Goal\b")).fill("Write window functions")
    bob_page.get_by_label("Skill (optional)").fill("SQL")
    bob_page.get_by_role("button", name="Add goal").click()
    expect(bob_page.get_by_text("Write window functions")).to_be_visible()
    alice_page.goto(url)
    alice_page.get_by_label(re.compile(r"^Goal\b")).fill("Design a landing page")
    alice_page.get_by_role("button", name="Add goal").click()
    expect(alice_page.get_by_text("Design a landing page")).to_be_visible()
    expect(alice_page.get_by_text("Write window functions")).to_be_visible()

    # Alice schedules a session and downloads its calendar file.
    day = date.today() + timedelta(days=3)
    alice_page.get_by_label(re.compile(r"^Date\b")).fill(day.isoformat())
    alice_page.get_by_label(re.compile(r"^Time\b(?! zone)")).fill("18:30")
    alice_page.get_by_label("Time zone").select_option("Europe/Paris")
    alice_page.get_by_label("Agenda (one item per line)").fill("Figma basics\nSQL joins")
    alice_page.get_by_role("button", name="Schedule session").click()
    expect(alice_page.get_by_text("Session scheduled.")).to_be_visible()
    with alice_page.expect_download() as download:
        alice_page.get_by_role("link", name="Add to calendar (.ics)").click()
    event = icalendar.Calendar.from_ical(Path(download.value.path()).read_bytes()).walk("VEVENT")[0]
    assert event.decoded("DTSTART").date() == day
    assert "- Figma basics\n- SQL joins" in str(event["DESCRIPTION"])

    # Both log what they learned from the other.
    alice_page.get_by_label("In a few words").fill("Auto layout and components")
    alice_page.get_by_label("Figma").check()
    alice_page.get_by_role("button", name="Save to the log").click()
    expect(alice_page.get_by_text("So far learning flows only from Bob to Alice")).to_be_visible()
    bob_page.goto(url)
    bob_page.get_by_label("In a few words").fill("Window functions, at last")
    bob_page.get_by_label("SQL").check()
    bob_page.get_by_role("button", name="Save to the log").click()
    expect(bob_page.get_by_text("Learning flows both ways evenly")).to_be_visible()
    screenshot(bob_page, "partnerships-detail", tmp_path)
    assert LearningEntry.objects.count() == 2

    # Alice completes the partnership and gives feedback.
    alice_page.goto(url)
    expect(alice_page.get_by_text("Learning flows both ways evenly")).to_be_visible()
    alice_page.get_by_role("link", name="Complete or end…").click()
    alice_page.get_by_label("We're done: complete it").check()
    alice_page.get_by_role("button", name="Close the partnership").click()
    alice_page.get_by_label("How was this partnership?").select_option("5")
    alice_page.get_by_label("Your feedback").fill("Bob explains joins like nobody else.")
    alice_page.get_by_role("button", name="Send feedback").click()
    expect(alice_page.get_by_text("Thank you for your feedback.")).to_be_visible()
    assert Partnership.objects.get().status == "completed"
    assert Feedback.objects.get().rating == 5
