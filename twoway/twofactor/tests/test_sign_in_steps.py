"""Signing in with a second factor: Alice has an authenticator app, so her password alone gives
her no session; her code (or a recovery code, once) does. Bob has no factor and signs in as
before. Charlie knows Alice's password but not her phone."""

from __future__ import annotations

import html
from typing import Any

from django.test import Client

from conftest import PASSWORD
from twoway.accounts.models import LoginFailure, MemberSession
from twoway.audit.models import AuditEvent
from twoway.twofactor.tests.helpers import (
    AUTHENTICATE,
    STAFF_TOTP_SECRET,
    code_step,
    give_totp,
    password_step,
    totp_code,
)

LIMITED = "Too many failed attempts. Try again in"


def _signed_in(client: Client) -> str | None:
    return client.session.get("_auth_user_id")


def test_alice_gets_no_session_until_her_code_checks_out(client: Client, alice: Any) -> None:
    give_totp(alice)

    response = password_step(client, alice, next_url="/accounts/settings/")
    assert response.status_code == 302 and response["Location"] == AUTHENTICATE
    assert _signed_in(client) is None
    assert client.get("/accounts/settings/")["Location"].startswith("/accounts/login/")
    assert not MemberSession.objects.exists()
    assert not AuditEvent.objects.filter(action="auth.sign_in").exists()

    page = client.get(AUTHENTICATE).content.decode()
    assert "Code from your authenticator app" in page
    response = code_step(client, totp_code(STAFF_TOTP_SECRET))
    assert response.status_code == 302 and response["Location"] == "/accounts/settings/"
    assert _signed_in(client) == str(alice.pk)
    assert client.get("/accounts/settings/").status_code == 200
    assert MemberSession.objects.filter(user=alice).count() == 1
    entry = AuditEvent.objects.get(action="auth.sign_in")
    assert (entry.actor, entry.detail) == (alice, {"via": AUTHENTICATE})


def test_charlie_with_alices_password_and_a_wrong_code_stays_out_and_is_audited(
    client: Client, alice: Any
) -> None:
    give_totp(alice)
    password_step(client, alice)
    right = totp_code(STAFF_TOTP_SECRET)
    wrong = f"{(int(right) + 1) % 10**6:06d}"

    response = code_step(client, wrong)
    assert response.status_code == 200
    assert "That code didn't work" in html.unescape(response.content.decode())
    assert _signed_in(client) is None
    entry = AuditEvent.objects.get(action="auth.mfa_failed")
    assert (entry.actor, entry.actor_label) == (None, "")
    assert (entry.target_type, entry.target_id) == ("accounts.user", str(alice.pk))
    assert entry.detail == {"factor": "code", "reauthentication": False}
    assert entry.ip == "127.0.0.1"


def test_a_flood_of_wrong_codes_is_cut_off_even_before_the_right_one(
    client: Client, alice: Any
) -> None:
    give_totp(alice)
    password_step(client, alice)
    for guess in range(5):
        code_step(client, f"{guess:06d}")
    response = code_step(client, totp_code(STAFF_TOTP_SECRET))
    assert "Too many failed login attempts" in response.content.decode()
    assert _signed_in(client) is None
    # Refusals by the limit are not attempts: the log grows no faster than the limit allows.
    assert AuditEvent.objects.filter(action="auth.mfa_failed").count() <= 5


def test_a_recovery_code_signs_alice_in_once(client: Client, alice: Any) -> None:
    codes = give_totp(alice)
    password_step(client, alice)
    assert code_step(client, codes[0])["Location"] == "/"
    assert _signed_in(client) == str(alice.pk)

    again = Client()
    password_step(again, alice)
    response = code_step(again, codes[0])
    assert response.status_code == 200 and _signed_in(again) is None
    assert code_step(again, codes[1]).status_code == 302


def test_an_outside_next_address_is_dropped_across_the_second_step(
    client: Client, alice: Any
) -> None:
    give_totp(alice)
    password_step(client, alice, next_url="https://evil.example/")
    assert code_step(client, totp_code(STAFF_TOTP_SECRET))["Location"] == "/"


def test_bob_without_a_factor_signs_in_with_his_password_as_before(
    client: Client, bob: Any
) -> None:
    response = password_step(client, bob, next_url="/accounts/settings/")
    assert response["Location"] == "/accounts/settings/"
    assert _signed_in(client) == str(bob.pk)


def test_the_password_lock_still_comes_first(client: Client, alice: Any) -> None:
    give_totp(alice)
    for n in range(5):
        client.post("/accounts/login/", {"username": alice.email, "password": f"guess {n}"})
    response = password_step(client, alice)
    assert response.status_code == 200 and LIMITED in response.content.decode()
    assert client.get(AUTHENTICATE).status_code == 302  # no pending sign-in to finish
    assert LoginFailure.objects.filter(email=alice.email).count() == 5


def test_the_admin_login_page_asks_for_the_second_factor_too(
    client: Client, priya_staff: Any
) -> None:
    form = {"username": priya_staff.email, "password": PASSWORD, "next": "/admin/"}
    response = client.post("/admin/login/?next=/admin/", form)
    assert response["Location"] == AUTHENTICATE
    assert _signed_in(client) is None
    assert client.get("/admin/")["Location"].startswith("/admin/login/")

    assert code_step(client, totp_code(STAFF_TOTP_SECRET))["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_cancelling_at_the_second_step_forgets_the_password_step(
    client: Client, alice: Any
) -> None:
    give_totp(alice)
    password_step(client, alice)
    client.post("/accounts/logout/")
    assert client.get(AUTHENTICATE).status_code == 302
    assert code_step(client, totp_code(STAFF_TOTP_SECRET)).status_code == 302
    assert _signed_in(client) is None
