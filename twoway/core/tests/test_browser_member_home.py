"""In Chromium: Alice signs in, lands on her home, sees what is next, what waits on her, her goals
and people she could swap with, and follows Bob's request; the page breaks no Content-Security-
Policy rule."""

from __future__ import annotations

from datetime import date, time, timedelta
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from conftest import PASSWORD
from twoway.core.tests.browser import screenshot
from twoway.partnerships import goals, requests, sessions
from twoway.partnerships.models import Request
from twoway.partnerships.tests.helpers import partner
from twoway.people.tests.helpers import make_complete

pytestmark = [pytest.mark.browser]


@pytest.fixture
def alice_with_plans(transactional_db: None, alice: Any, bob: Any, priya: Any) -> Any:
    """Alice partners with Priya (a session tomorrow, a goal) and Bob asks her to partner."""
    make_complete(alice, teaches={"SQL": 4}, learns={"Figma": 3}, capacity=2)
    for other in (bob, priya):
        make_complete(other, teaches={"Figma": 5}, learns={"SQL": 3}, capacity=2)
    partnership = partner(alice, priya)
    sessions.session_schedule(
        user=priya,
        partnership=partnership,
        day=date.today() + timedelta(days=1),
        at=time(10),
        tz="Europe/London",
    )
    goals.goal_add(user=alice, partnership=partnership, text="Learn Figma frames")
    requests.request_create(sender=bob, receiver=alice, message="SQL for Figma?")
    return alice


def test_alice_signs_in_and_her_home_shows_its_sections(
    page: Page, live_server: Any, alice_with_plans: Any, tmp_path: Path
) -> None:
    violations: list[str] = []
    page.on(
        "console",
        lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None,
    )
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(alice_with_plans.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    expect(page).to_have_url(f"{live_server.url}/")  # signing in lands on the home

    expect(page.get_by_role("heading", name="Welcome back, Alice")).to_be_visible()
    for heading in ("Coming up", "Requests", "Goals in progress", "People you could swap with"):
        expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Session with Priya")).to_be_visible()
    expect(page.get_by_role("link", name="From Bob")).to_be_visible()
    expect(page.get_by_role("link", name="Learn Figma frames")).to_be_visible()
    screenshot(page, "member-home", tmp_path)
    page.get_by_role("link", name="From Bob").click()
    expect(page).to_have_url(
        f"{live_server.url}{Request.objects.get(status='open').get_absolute_url()}"
    )
    assert not violations
