"""Right after signing up, asking for the link again shows one notice about it, not the
verification banner and a message saying the same thing."""

from __future__ import annotations

from typing import Any

from django.test import Client


def test_asking_again_within_the_minute_shows_one_notice(client: Client, make_user: Any) -> None:
    sam = make_user("sam@example.com", verified=False)
    client.force_login(sam)
    client.post("/accounts/verify/resend/")  # the sign-up email counts the same way

    page = client.post("/accounts/verify/resend/", follow=True).content.decode()

    assert "less than a minute ago" in page
    assert "Please verify your email" not in page
    assert 'class="message' not in page


def test_the_new_link_page_shows_no_banner_but_other_pages_still_do(
    client: Client, make_user: Any
) -> None:
    sam = make_user("sam@example.com", verified=False)
    client.force_login(sam)

    page = client.post("/accounts/verify/resend/").content.decode()
    assert "We sent a new link to" in page
    assert "Please verify your email" not in page
    assert "Please verify your email" in client.get("/accounts/settings/").content.decode()
