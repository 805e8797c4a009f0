"""In a real browser: Bo finds "erase my account" from his settings, mistypes his password, tries
again, and is signed out; Ana then sees their partnership with "A former member"."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from conftest import PASSWORD
from twoway.privacy.models import FORMER_MEMBER, Erasure

from .conftest import World

pytestmark = [pytest.mark.browser]


def _sign_in(page: Page, url: str, email: str) -> None:
    page.goto(f"{url}/accounts/login/?next=/accounts/settings/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Password").press("Enter")


def test_bo_erases_his_account_from_his_settings(
    page: Page, live_server: Any, transactional_db: None, world: World
) -> None:
    _sign_in(page, live_server.url, world.bo.email)
    page.get_by_role("link", name="Download your data, or erase your account").click()
    expect(page.get_by_role("heading", name="Your data", exact=True)).to_be_visible()
    page.get_by_role("link", name="Erase my account…").click()

    page.get_by_label("Keep my published posts").check()
    page.get_by_label("Your password").fill("not my password")
    page.get_by_role("button", name="Erase my account").click()
    expect(page.get_by_text("That password isn't right")).to_be_visible()
    assert not Erasure.objects.exists()

    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_role("button", name="Erase my account").click()
    expect(page.get_by_role("heading", name="Your account is erased")).to_be_visible()
    assert Erasure.objects.filter(user=world.bo).exists()
    page.goto(f"{live_server.url}/account/data/")
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()

    _sign_in(page, live_server.url, world.ana.email)
    page.goto(f"{live_server.url}{world.partnership.get_absolute_url()}")
    expect(page.get_by_text(FORMER_MEMBER).first).to_be_visible()
