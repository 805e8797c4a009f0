"""In Chromium, on a phone (390 × 844): Alice uploads a photo on her edit page and sees it on her
profile, loaded as an image (the Content-Security-Policy lets it through); a file that is not an
image is explained on the form; she removes the photo and her initial comes back."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, ViewportSize, expect

from conftest import PASSWORD
from twoway.core.tests.browser import screenshot
from twoway.people.tests import photo_files

pytestmark = [pytest.mark.browser]
PHONE: ViewportSize = {"width": 390, "height": 844}


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path


def test_alice_uploads_a_photo_sees_it_on_her_profile_and_removes_it(
    page: Page, live_server: Any, transactional_db: None, alice: Any, media: Path
) -> None:
    base = live_server.url
    photo = media / "portrait.jpg"
    photo.write_bytes(photo_files.phone_jpeg())
    not_a_photo = media / "notes.jpg"
    not_a_photo.write_bytes(b"just some notes, not a picture\n")
    page.set_viewport_size(PHONE)
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Email").fill(alice.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("form[action$='/logout/']")).to_have_count(1)

    page.goto(f"{base}/me/edit/")
    page.get_by_label("Choose a photo").set_input_files(str(not_a_photo))
    page.get_by_role("button", name="Upload photo").click()
    expect(page.get_by_text("This file is not a JPEG, PNG or WebP image.")).to_be_visible()

    page.get_by_label("Choose a photo").set_input_files(str(photo))
    page.get_by_role("button", name="Upload photo").click()
    expect(page.get_by_text("Your photo is saved.")).to_be_visible()

    page.get_by_role("link", name="View my profile").click()
    avatar = page.locator(".profile-id img.avatar-photo")
    expect(avatar).to_be_visible()
    expect(avatar).to_have_attribute("alt", "")
    # Decoded by the browser: a 256 px WebP, shown as a 64 px circle.
    assert avatar.evaluate("img => img.complete && img.naturalWidth") == 256
    box = avatar.bounding_box()
    assert box is not None and round(box["width"]) == 64
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(page, "profile-photo-phone", media)

    page.goto(f"{base}/me/edit/")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(page, "edit-photo-phone", media)
    page.get_by_role("button", name="Remove photo").click()
    expect(page.get_by_text("Your photo is removed")).to_be_visible()
    page.goto(f"{base}/me/")
    expect(page.locator(".profile-id .avatar")).to_have_text("A")
