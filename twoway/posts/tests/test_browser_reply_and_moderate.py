"""A visitor replies, sees the reply held, a moderator approves it, and it is published without the
visitor's email."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from conftest import PASSWORD
from twoway.core.tests.browser import screenshot
from twoway.posts.tests.helpers import make_post
from twoway.twofactor.tests.helpers import STAFF_TOTP_SECRET, totp_code

pytestmark = [pytest.mark.browser]

EMAIL = "robin.reader@example.org"


def test_a_visitors_reply_is_held_then_approved_and_shown_without_the_email(
    page: Page, live_server: Any, transactional_db: None, make_user: Any, tmp_path: Path
) -> None:
    ana = make_user("ana@example.com", first_name="Ana")
    make_user("mod@example.com", is_staff=True)
    post = make_post(ana, title="What Sam taught me", body="Figma, mostly. And patience.")

    page.goto(live_server.url + post.get_absolute_url())
    expect(page.get_by_role("heading", name="Leave a Reply")).to_be_visible()
    expect(page.get_by_text("Your email address will not be published.")).to_be_visible()
    page.get_by_role("button", name="Post reply").click()
    expect(
        page.get_by_text("Enter your name, as you'd like it shown above your reply.")
    ).to_be_visible()
    page.get_by_label("Comment").fill("Thank you, Ana. This is my first reply.")
    page.get_by_label("Name").fill("Robin Reader")
    page.get_by_role("textbox", name="Email").fill(EMAIL)
    page.get_by_role("button", name="Post reply").click()
    held = page.locator(".comment-held")
    expect(held).to_contain_text("Your reply is awaiting moderation")
    expect(held).to_contain_text("This is my first reply.")
    screenshot(page, "posts-reply-held", tmp_path)

    staff = page.context.browser.new_page()  # type: ignore[union-attr]
    staff.goto(f"{live_server.url}/accounts/login/?next=/posts/moderation/")
    staff.get_by_label("Email").fill("mod@example.com")
    staff.get_by_label("Password").fill(PASSWORD)
    staff.get_by_label("Password").press("Enter")
    # Staff sign in with a second factor (make_user gave the moderator an authenticator app).
    staff.get_by_label("Code from your authenticator app").fill(totp_code(STAFF_TOTP_SECRET))
    staff.get_by_role("button", name="Sign in").click()
    item = staff.locator(".moderation-item", has_text="This is my first reply.")
    expect(item).to_contain_text(EMAIL)  # staff see it, here only
    screenshot(staff, "posts-moderation", tmp_path)
    item.get_by_role("button", name="Approve").click()
    expect(staff.get_by_text("The reply is published.")).to_be_visible()

    reader = staff.context.browser.new_context().new_page()  # type: ignore[union-attr]
    reader.goto(live_server.url + post.get_absolute_url())
    comment = reader.locator(".comment", has_text="This is my first reply.")
    expect(comment).to_contain_text("Robin Reader")
    expect(comment).not_to_contain_text("awaiting moderation")
    assert EMAIL not in reader.content()
    assert "robin.reader" not in reader.content()
    screenshot(reader, "posts-reply-published", tmp_path)
