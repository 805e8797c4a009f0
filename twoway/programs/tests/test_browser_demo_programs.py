"""The demo's programs in a browser: Priya sees a real dashboard and runs the ready program's
first round. TASKS is the ImmediateBackend here for the reason given in
test_browser_manager_journey.py (the round must run inside the test)."""

from __future__ import annotations

from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from twoway.core.demo.data import DEMO_PASSWORD
from twoway.core.tests.browser import screenshot
from twoway.programs.demo import MANAGER, READY, RUNNING

pytestmark = [pytest.mark.browser]


def test_priya_sees_her_running_program_and_runs_the_next_programs_first_round(
    page: Page, live_server: Any, transactional_db: None, settings: Any, tmp_path: Path
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    call_command("seed_demo", stdout=StringIO())
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(MANAGER)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("link", name="Programs").click()
    page.locator("article", has_text=RUNNING).get_by_role("link", name="Dashboard").click()
    expect(page.get_by_role("heading", name="Skill growth on both sides")).to_be_visible()
    expect(page.get_by_text("Mentors learned").first).to_be_attached()
    expect(page.get_by_role("button", name="Nudge both").first).to_be_visible()
    screenshot(page, "demo-program-dashboard", tmp_path)

    page.get_by_role("link", name="Programs").click()
    page.get_by_role("link", name=READY).click()
    page.get_by_role("button", name="Run a match round").click()
    expect(page.get_by_text("Proposal ready")).to_be_visible()
    expect(page.locator("article.pair").first).to_be_visible()
    screenshot(page, "demo-program-proposal", tmp_path)
