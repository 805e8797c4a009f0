"""Priya's journey in a real browser: create a program, import participants from a CSV (they are
invited and accept), run a round, lock a pair, re-run, publish, and see the dashboard.

The round must actually run inside this test. With the database backend a task waits for a
separate `db_worker` process, which would read a different connection than the live server's
test database, so this test switches TASKS to django-tasks' ImmediateBackend: the task then runs
as soon as the request's transaction commits, in the live server's thread, through the same
`run_round` task and `round_execute` code as in production. (The real worker path is covered by
test_round_in_background.py.)
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import Page, expect

from conftest import PASSWORD
from twoway.core.tests.browser import screenshot
from twoway.notifications.models import Notification
from twoway.partnerships.models import Partnership
from twoway.programs.models import PairRule, Program
from twoway.programs.tests.helpers import accept_invitations, members

pytestmark = [pytest.mark.browser]


def test_a_manager_creates_imports_matches_locks_reruns_publishes_and_sees_the_dashboard(
    page: Page, live_server: Any, transactional_db: None, settings: Any, make_user: Any,
    tmp_path: Path,
) -> None:  # fmt: skip
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    priya = make_user("priya@example.com", first_name="Priya")
    Group.objects.get_or_create(name="Program managers")[0].user_set.add(priya)
    people = members(24)
    sheet = tmp_path / "cohort.csv"
    rows = "\n".join(f"{u.email};Person {i};either;Team {i % 4}" for i, u in enumerate(people))
    sheet.write_text("\ufeffE-mail;Name;Role;Team\n" + rows + "\n", encoding="utf-8")

    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(priya.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("link", name="Programs").click()
    page.get_by_role("link", name="New program").click()
    page.get_by_label("Name").fill("Winter cohort")
    page.get_by_label("Keep people of the same team apart").check()
    page.get_by_role("button", name="Create program").click()
    expect(page.get_by_role("heading", name="Winter cohort")).to_be_visible()

    page.get_by_role("link", name="Import participants").click()
    page.get_by_label("Participants file").set_input_files(str(sheet))
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_text("24 to invite by email")).to_be_visible()
    screenshot(page, "programs-import-report", tmp_path)
    page.get_by_role("button", name="Import 24 participants").click()
    expect(page.get_by_text("Imported: 24 invited by email")).to_be_visible()
    # Members are invited, not enrolled: each says yes before a round can pair them.
    assert len(accept_invitations(Program.objects.get(name="Winter cohort"))) == 24
    page.get_by_role("link", name="← Winter cohort").click()

    page.get_by_role("button", name="Run a match round").click()
    expect(page.get_by_role("heading", name="Round 1")).to_be_visible()
    expect(page.get_by_text("Proposal ready")).to_be_visible()
    expect(page.get_by_text("Gap to the upper bound")).to_be_visible()
    screenshot(page, "programs-proposal", tmp_path)
    first = page.locator("article.pair").first
    names = first.locator("h3").inner_text().split("⇄")[0].strip()
    first.get_by_role("button", name="Lock this pair").click()
    expect(page.get_by_text("Locked: this pair stays")).to_be_visible()
    assert PairRule.objects.filter(kind="lock").count() == 1

    page.get_by_role("button", name="Re-run with locks and forbids").click()
    locked = page.locator("article.pair", has=page.locator(".badge", has_text="Locked"))
    expect(locked).to_have_count(1)
    expect(locked.locator("h3")).to_contain_text(names)

    page.get_by_label("I have reviewed the pairs").check()
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_text("partnerships created; both partners")).to_be_visible()
    program = Program.objects.get(name="Winter cohort")
    assert Partnership.objects.count() == program.rounds.get().pairs.count() > 0
    assert (
        Notification.objects.filter(kind="program_matched").count()
        == 2 * Partnership.objects.count()
    )

    page.get_by_role("link", name=f"← {program.name}").click()
    page.get_by_role("link", name="Dashboard").click()
    expect(page.get_by_role("heading", name="Participation funnel")).to_be_visible()
    expect(page.locator("svg.chart").first).to_be_visible()
    screenshot(page, "programs-dashboard", tmp_path)
