"""Alice sees her unread count on the bell, opens a notification and saves her settings."""

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from conftest import PASSWORD
from twoway.notifications.models import Kind
from twoway.notifications.services import notify

pytestmark = [pytest.mark.browser]


def test_alice_reads_her_notifications_in_the_browser(
    page: Page, live_server: Any, transactional_db: None, make_user: Any
) -> None:
    alice = make_user("alice@example.com", first_name="Alice")
    notify(recipient=alice, kind=Kind.REQUEST_RECEIVED, title="Bob asks to partner with you")
    notify(recipient=alice, kind=Kind.SESSION_DUE_TOMORROW, title="Your session is tomorrow")
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill("alice@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Password").press("Enter")

    bell = page.get_by_role("link", name="Notifications, 2 unread")
    expect(bell).to_be_visible()
    bell.click()
    expect(page.get_by_role("heading", name="Notifications")).to_be_visible()
    page.get_by_role("button", name="Mark read “Your session is tomorrow”").click()
    expect(page.get_by_role("link", name="Notifications, 1 unread")).to_be_visible()

    page.get_by_role("link", name="Choose what you get").click()
    email_box = page.get_by_role("checkbox", name="Nudge when learning flows only one way by email")
    email_box.uncheck()
    page.get_by_role("button", name="Save settings").click()
    expect(page.get_by_text("Your notification settings are saved.")).to_be_visible()
    expect(email_box).not_to_be_checked()
