"""In two browsers, Alice and Bob write to each other on their partnership page: Alice's message
reaches Bob as a notification, Bob opens it and answers, and Alice's page shows the answer by
itself (the thread polls every 15 seconds)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from conftest import PASSWORD
from twoway.conversations.models import Message
from twoway.core.tests.browser import screenshot
from twoway.partnerships.models import Partnership

pytestmark = [pytest.mark.browser]
POLL_WAIT = 25_000  # ms: one 15 s poll, with room to spare on a busy machine


def _signed_in(browser: Browser, base: str, email: str) -> Page:
    page = browser.new_context().new_page()
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("form[action$='/logout/']")).to_have_count(1)
    return page


def _send(page: Page, text: str) -> None:
    messages = page.locator("#messages")
    messages.get_by_role("textbox").fill(text)
    messages.get_by_role("button", name="Send message").click()
    expect(messages.locator(".thread-message.mine").last).to_contain_text(text)
    expect(messages.get_by_role("textbox")).to_have_value("")


def test_alice_and_bob_exchange_messages_and_bob_is_notified(
    browser: Browser,
    live_server: Any,
    transactional_db: None,
    partnership: Partnership,
    alice: Any,
    bob: Any,
    tmp_path: Path,
) -> None:
    base = live_server.url
    url = f"{base}{partnership.get_absolute_url()}"
    alice_page = _signed_in(browser, base, alice.email)
    bob_page = _signed_in(browser, base, bob.email)

    alice_page.goto(url)
    sections = alice_page.get_by_role("navigation", name="Sections of this partnership")
    sections.get_by_role("link", name="Messages").click()
    expect(alice_page).to_have_url(f"{url}#messages")
    expect(alice_page.locator("#messages")).to_contain_text("No messages yet. Say hello.")
    _send(alice_page, "Shall we meet on Tuesday evening?")
    assert Message.objects.get().author == alice

    # Bob is told: his notifications list Alice's message, and it leads to the thread.
    bob_page.goto(f"{base}/notifications/")
    notice = bob_page.get_by_role("link", name="Alice sent you a message")
    expect(notice).to_be_visible()
    notice.click()
    expect(bob_page).to_have_url(f"{url}#messages")
    expect(bob_page.locator("#messages")).to_contain_text("Shall we meet on Tuesday evening?")
    screenshot(bob_page, "messages-thread", tmp_path)
    _send(bob_page, "Tuesday works. Six o'clock?")

    # Alice didn't reload: her thread polls and shows Bob's answer.
    answer = alice_page.locator("#messages .thread-message:not(.mine)")
    expect(answer).to_contain_text("Tuesday works. Six o'clock?", timeout=POLL_WAIT)
    assert list(Message.objects.values_list("author__first_name", flat=True)) == ["Alice", "Bob"]
