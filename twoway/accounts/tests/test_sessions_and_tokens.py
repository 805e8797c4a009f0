"""Credentials die with the password, and members can see and end their sessions.

Alice signs in on her laptop and her phone and has a script token; Charlie is someone else.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.hashers import make_password
from django.core.cache import cache
from django.test import Client

from conftest import PASSWORD
from twoway.accounts.models import ApiToken, MemberSession, User
from twoway.accounts.tests.helpers import link_path_in_last_email

NEW = "a brand new passphrase 42"
FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
)


def _device(agent: str, ip: str, email: str = "alice@example.com") -> Client:
    """A browser that logged in with the password, and has been used once since."""
    client = Client(HTTP_USER_AGENT=agent, REMOTE_ADDR=ip)
    response = client.post("/accounts/login/", {"username": email, "password": PASSWORD})
    assert response.status_code == 302
    return client


def _signed_in(client: Client) -> bool:
    return client.get("/accounts/settings/").status_code == 200


def _token_works(secret: str) -> bool:
    response = Client().get("/api/tokens", headers={"Authorization": f"Bearer {secret}"})
    return response.status_code == 200


def test_changing_the_password_revokes_tokens_and_ends_other_sessions_but_not_this_one(
    alice: Any,
) -> None:
    _, secret = ApiToken.objects.issue(user=alice, name="script")
    laptop, phone = _device(FIREFOX, "203.0.113.7"), _device(IPHONE, "198.51.100.9")
    assert _token_works(secret) and _signed_in(phone)
    response = laptop.post(
        "/accounts/password/change/",
        {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW},
    )
    assert response["Location"] == "/accounts/settings/"
    assert not _token_works(secret)
    assert not _signed_in(phone)
    assert _signed_in(laptop)
    assert [s.device for s in MemberSession.objects.filter(user=alice)] == ["Firefox on Linux"]


def test_resetting_the_password_revokes_tokens_and_ends_every_session(alice: Any) -> None:
    _, secret = ApiToken.objects.issue(user=alice, name="script")
    laptop = _device(FIREFOX, "203.0.113.7")
    visitor = Client()
    visitor.post("/accounts/password/reset/", {"email": "alice@example.com"})
    form_page = visitor.get(link_path_in_last_email(), follow=True)
    url = form_page.redirect_chain[-1][0]
    visitor.post(url, {"new_password1": NEW, "new_password2": NEW})
    assert not _token_works(secret)
    assert not _signed_in(laptop)
    assert not MemberSession.objects.filter(user=alice).exists()


def test_staff_setting_a_password_in_the_admin_revokes_the_members_tokens(
    client: Client, alice: Any, make_user: Any
) -> None:
    _, secret = ApiToken.objects.issue(user=alice, name="script")
    client.force_login(make_user("priya@example.com", is_staff=True, is_superuser=True))
    response = client.post(
        f"/admin/accounts/user/{alice.pk}/password/",
        {"usable_password": "true", "password1": NEW, "password2": NEW},
    )
    assert response.status_code == 302
    assert not _token_works(secret)


def test_a_password_hash_upgrade_at_login_is_not_a_password_change(alice: Any) -> None:
    _, secret = ApiToken.objects.issue(user=alice, name="script")
    old_hash = make_password(PASSWORD, hasher="pbkdf2_sha256")
    User.objects.filter(pk=alice.pk).update(password=old_hash)
    _device(FIREFOX, "203.0.113.7")  # Django re-hashes with Argon2 as it logs her in
    alice.refresh_from_db()
    assert alice.password.startswith("argon2")
    assert _token_works(secret)


def test_the_settings_page_lists_each_session_with_device_address_and_last_use(
    alice: Any,
) -> None:
    _device(IPHONE, "198.51.100.9")
    laptop = _device(FIREFOX, "203.0.113.7")
    page = laptop.get("/accounts/settings/").content.decode()
    assert "Where you're signed in" in page
    assert "Safari on iOS" in page and "198.51.100.9" in page
    assert "Firefox on Linux" in page and "203.0.113.7" in page
    assert "this device" in page
    assert page.count("this device") == 1
    assert "Sign out everywhere else" in page


def test_the_settings_page_lists_tokens_with_their_last_use(client: Client, alice: Any) -> None:
    _, secret = ApiToken.objects.issue(user=alice, name="laptop script")
    assert _token_works(secret)
    client.force_login(alice)
    page = client.get("/accounts/settings/").content.decode()
    row = page[page.index("<td>laptop script</td>") :]
    assert "Last used" in page
    assert "now" in row[: row.index("</tr>")]


def test_sign_out_everywhere_else_ends_the_other_sessions_and_keeps_this_one(
    alice: Any, charlie: Any
) -> None:
    laptop, phone = _device(FIREFOX, "203.0.113.7"), _device(IPHONE, "198.51.100.9")
    charlies = _device(FIREFOX, "192.0.2.5", email="charlie@example.com")
    response = laptop.post("/accounts/settings/sessions/end-others/", follow=True)
    assert "You are signed out everywhere else" in response.content.decode()
    assert _signed_in(laptop)
    assert not _signed_in(phone)
    assert _signed_in(charlies)
    page = laptop.get("/accounts/settings/").content.decode()
    assert "Safari on iOS" not in page


def test_sign_out_everywhere_else_needs_a_post(client: Client, alice: Any) -> None:
    client.force_login(alice)
    assert client.get("/accounts/settings/sessions/end-others/").status_code == 405


def test_a_logged_out_session_leaves_the_list(alice: Any) -> None:
    phone = _device(IPHONE, "198.51.100.9")
    phone.post("/accounts/logout/")
    laptop = _device(FIREFOX, "203.0.113.7")
    page = laptop.get("/accounts/settings/").content.decode()
    assert "Safari on iOS" not in page


def test_a_session_is_recorded_at_most_once_a_minute(alice: Any) -> None:
    laptop = _device(FIREFOX, "203.0.113.7")
    first = MemberSession.objects.get(user=alice).last_seen_at
    laptop.get("/")
    assert MemberSession.objects.get(user=alice).last_seen_at == first
    cache.clear()  # as if the minute had passed
    laptop.get("/", REMOTE_ADDR="203.0.113.8")
    row = MemberSession.objects.get(user=alice)
    assert row.last_seen_at > first
    assert row.ip == "203.0.113.8"


def test_an_api_token_request_records_no_session(alice: Any) -> None:
    _, secret = ApiToken.objects.issue(user=alice, name="script")
    assert _token_works(secret)
    assert not MemberSession.objects.exists()
