"""A member logs in with the keyboard and creates an API token in a real browser."""

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from conftest import PASSWORD

pytestmark = [pytest.mark.browser]


def test_a_member_logs_in_and_creates_a_token_in_the_browser(
    page: Page, live_server: Any, transactional_db: None, make_user: Any
) -> None:
    make_user("alice@example.com", first_name="Alice")
    page.goto(f"{live_server.url}/accounts/settings/")
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()
    page.get_by_label("Email").fill("alice@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Password").press("Enter")

    expect(page.get_by_role("heading", name="Settings", exact=True)).to_be_visible()
    page.get_by_label("Token name").fill("laptop script")
    page.get_by_role("button", name="Create token").click()

    secret = page.get_by_label("Your new token")
    expect(secret).to_be_visible()
    expect(secret).to_be_focused()
    assert secret.input_value().startswith("tw_")
    expect(page.get_by_role("cell", name="laptop script", exact=True)).to_be_visible()

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Revoke token laptop script").click()
    expect(page.get_by_text("You have no active tokens")).to_be_visible()
    expect(page.get_by_label("Your new token")).to_have_count(0)
