"""Every way in checks passwords through one rate-limited path: the login page, the admin's own
login page, and any direct ``authenticate()`` call. Priya is staff; Charlie guesses."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import authenticate
from django.test import Client

from conftest import PASSWORD
from twoway.accounts.models import LoginFailure
from twoway.twofactor.tests.helpers import AUTHENTICATE, STAFF_TOTP_SECRET, code_step, totp_code

LIMITED = "Too many failed attempts. Try again in"


@pytest.fixture
def priya_staff(make_user: Any) -> Any:
    return make_user("priya@example.com", first_name="Priya", is_staff=True, is_superuser=True)


def _admin_login(client: Client, password: str, ip: str = "203.0.113.7") -> Any:
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": "priya@example.com", "password": password, "next": "/admin/"},
        REMOTE_ADDR=ip,
    )


def test_thirty_wrong_staff_passwords_at_the_admin_are_cut_off_after_five(
    client: Client, priya_staff: Any
) -> None:
    pages = [_admin_login(client, f"guess {n}").content.decode() for n in range(30)]
    assert sum(LIMITED not in page for page in pages) == 5
    assert LoginFailure.objects.filter(email="priya@example.com").count() == 5
    response = _admin_login(client, PASSWORD)
    assert response.status_code == 200
    assert LIMITED in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_lock_set_on_the_login_page_holds_at_the_admin(
    client: Client, priya_staff: Any, settings: Any
) -> None:
    settings.LOGIN_MAX_FAILURES_PER_IP = 3
    for name in ("ann", "ben", "cat"):
        client.post(
            "/accounts/login/",
            {"username": f"{name}@example.com", "password": "wrong"},
            REMOTE_ADDR="203.0.113.7",
        )
    assert LIMITED in _admin_login(client, PASSWORD).content.decode()
    assert _admin_login(Client(), PASSWORD, ip="198.51.100.9").status_code == 302


def test_priya_logs_in_to_the_admin_with_the_right_password_then_her_code(
    client: Client, priya_staff: Any
) -> None:
    _admin_login(client, "one wrong guess")
    response = _admin_login(client, PASSWORD)
    assert response["Location"] == AUTHENTICATE  # staff have a second factor (twoway/twofactor)
    assert not LoginFailure.objects.exists()
    assert code_step(client, totp_code(STAFF_TOTP_SECRET))["Location"] == "/admin/"
    assert client.session["_auth_user_id"] == str(priya_staff.pk)


def test_a_member_who_is_not_staff_is_not_let_into_the_admin(client: Client, alice: Any) -> None:
    response = client.post("/admin/login/", {"username": "alice@example.com", "password": PASSWORD})
    assert response.status_code == 200
    assert "staff account" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_direct_authenticate_call_is_limited_and_recorded_too(alice: Any) -> None:
    for _ in range(5):
        assert authenticate(None, username="alice@example.com", password="wrong") is None
    assert LoginFailure.objects.filter(email="alice@example.com").count() == 5
    assert authenticate(None, email="alice@example.com", password=PASSWORD) is None


def test_a_direct_authenticate_call_with_the_right_password_works(alice: Any) -> None:
    assert authenticate(None, email="ALICE@example.com", password=PASSWORD) == alice
    assert authenticate(None, username="alice@example.com", password=None) is None
