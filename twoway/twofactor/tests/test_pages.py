"""The two-factor pages in Twoway's layout: the settings page's section, the set-up page, and
confirming it's you again (password, or the code) before a change, once the sign-in is a few
minutes old."""

from __future__ import annotations

import html
from typing import Any

from django.test import Client

from conftest import PASSWORD
from twoway.twofactor.tests.helpers import give_totp, password_step, sign_in


def _page(client: Client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    return html.unescape(response.content.decode())


def test_alices_settings_offer_to_set_it_up(client: Client, alice: Any) -> None:
    password_step(client, alice)
    page = _page(client, "/accounts/settings/")
    assert "Two-factor sign-in" in page and "Set up two-factor sign-in" in page
    assert 'href="/auth/2fa/"' in page


def test_with_an_app_her_settings_link_to_managing_it_and_her_codes(
    client: Client, alice: Any
) -> None:
    give_totp(alice)
    sign_in(client, alice)
    page = _page(client, "/accounts/settings/")
    assert "a code from your authenticator app" in page
    assert 'href="/auth/2fa/recovery-codes/"' in page
    assert 'href="/auth/2fa/recovery-codes/generate/"' in page


def test_the_set_up_page_is_ours_and_lists_each_kind(client: Client, alice: Any) -> None:
    password_step(client, alice)
    page = _page(client, "/auth/2fa/")
    assert 'class="topbar"' in page and "Skip to content" in page
    for words in ("Authenticator app", "Passkeys and security keys", "Recovery codes"):
        assert words in page
    assert "/auth/2fa/totp/activate/" in page and "/auth/2fa/webauthn/add/" in page


def test_the_recovery_codes_page_shows_her_unused_codes(client: Client, alice: Any) -> None:
    codes = give_totp(alice)
    sign_in(client, alice)
    page = _page(client, "/auth/2fa/recovery-codes/")
    assert all(code in page for code in codes)
    assert "10 of 10 codes left" in page


def test_a_later_change_asks_for_her_password_first(
    client: Client, alice: Any, settings: Any
) -> None:
    give_totp(alice)
    sign_in(client, alice)
    settings.ACCOUNT_REAUTHENTICATION_TIMEOUT = 0  # as if she signed in an hour ago
    response = client.get("/auth/2fa/totp/deactivate/")
    assert response["Location"] == "/auth/reauthenticate/?next=%2Fauth%2F2fa%2Ftotp%2Fdeactivate%2F"
    page = _page(client, response["Location"])
    assert "Confirm it's you" in page and "Use authenticator app or code" in page

    wrong = client.post(response["Location"], {"password": "not it"})
    assert wrong.status_code == 200
    settings.ACCOUNT_REAUTHENTICATION_TIMEOUT = 300
    right = client.post(response["Location"], {"password": PASSWORD})
    assert right["Location"] == "/auth/2fa/totp/deactivate/"
    assert client.get("/auth/2fa/totp/deactivate/").status_code == 200


def test_she_may_confirm_with_a_recovery_code_instead(
    client: Client, alice: Any, settings: Any
) -> None:
    codes = give_totp(alice)
    sign_in(client, alice)
    settings.ACCOUNT_REAUTHENTICATION_TIMEOUT = 0
    confirm = "/auth/2fa/reauthenticate/?next=/auth/2fa/recovery-codes/generate/"
    assert "Code from your authenticator app, or a recovery code" in _page(client, confirm)
    settings.ACCOUNT_REAUTHENTICATION_TIMEOUT = 300
    response = client.post(confirm, {"code": codes[0]})
    assert response["Location"] == "/auth/2fa/recovery-codes/generate/"
    assert "Make new recovery codes" in _page(client, response["Location"])
