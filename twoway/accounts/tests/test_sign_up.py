import re
from typing import Any

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.test import Client

from twoway.accounts.models import User
from twoway.accounts.tests.helpers import link_path_in_last_email

GOOD = {
    "email": "Sam@Example.com",
    "display_name": "Sam",
    "password": "a long and unusual passphrase",
    "password_again": "a long and unusual passphrase",
}


def test_it_creates_a_member_and_sends_a_verification_email_that_logs_them_in(
    client: Client, db: None
) -> None:
    response = client.post("/accounts/signup/", GOOD)
    assert response.status_code == 200
    assert "Check your inbox" in response.content.decode()
    user = User.objects.get()
    assert user.email == "sam@example.com"
    assert user.first_name == "Sam"
    assert not user.email_verified
    assert "_auth_user_id" not in client.session
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["sam@example.com"]
    assert "/accounts/verify/" in link_path_in_last_email()
    client.get(link_path_in_last_email())
    assert client.session["_auth_user_id"] == str(user.pk)


def test_it_stores_the_password_hashed_with_argon2(client: Client, db: None) -> None:
    client.post("/accounts/signup/", GOOD)
    user = User.objects.get()
    assert user.password.startswith("argon2")
    assert user.check_password(GOOD["password"])


def test_it_shows_an_unverified_member_a_banner_to_verify(client: Client, db: None) -> None:
    client.post("/accounts/signup/", GOOD)
    client.post("/accounts/login/", {"username": GOOD["email"], "password": GOOD["password"]})
    page = client.get("/").content.decode()
    assert "Please verify your email" in page


def _answer(response: Any) -> tuple[int, list[str], str]:
    """Status, cookies set and page, without the CSRF tokens and script nonces (they differ on
    every response)."""
    page = re.sub(r"\b[A-Za-z0-9]{64}\b", "CSRF", response.content.decode())
    page = re.sub(r'nonce="[^"]*"', "nonce", page)
    return response.status_code, sorted(response.cookies), page


def test_a_taken_email_gets_the_same_answer_as_a_new_one_in_any_case(
    client: Client, alice: Any
) -> None:
    new = client.post("/accounts/signup/", {**GOOD, "email": "sam@example.com"})
    for email in ("alice@example.com", "ALICE@example.COM", " Alice@Example.com "):
        taken = Client().post("/accounts/signup/", {**GOOD, "email": email})
        status, cookies, page = _answer(new)
        assert _answer(taken) == (status, cookies, page.replace("sam@", "alice@"))
        assert "already exists" not in taken.content.decode()
    assert User.objects.filter(email="alice@example.com").count() == 1
    alice.refresh_from_db()
    assert alice.first_name == "Alice"


def test_the_owner_of_a_taken_email_is_told_and_pointed_to_log_in_or_reset(
    client: Client, alice: Any
) -> None:
    client.post("/accounts/signup/", {**GOOD, "email": "Alice@Example.com"})
    (message,) = mail.outbox
    assert message.to == ["alice@example.com"]
    assert message.subject == "Someone tried to join Twoway with your email"
    assert "You already have an account" in message.body
    assert "/accounts/login/" in message.body
    assert "/accounts/password/reset/" in message.body
    assert "/accounts/verify/" not in message.body


def test_a_taken_email_does_not_log_anyone_in(client: Client, alice: Any) -> None:
    client.post("/accounts/signup/", {**GOOD, "email": "alice@example.com"})
    assert "_auth_user_id" not in client.session
    assert client.get("/accounts/settings/").status_code == 302


def test_it_refuses_two_passwords_that_differ(client: Client, db: None) -> None:
    response = client.post("/accounts/signup/", {**GOOD, "password_again": "something else 123"})
    assert "The two passwords don&#x27;t match" in response.content.decode()
    assert not User.objects.exists()


def test_it_refuses_a_common_password_with_the_reason(client: Client, db: None) -> None:
    response = client.post(
        "/accounts/signup/", {**GOOD, "password": "password", "password_again": "password"}
    )
    assert "too common" in response.content.decode()
    assert not User.objects.exists()


def test_the_error_is_linked_to_its_field(client: Client, db: None) -> None:
    page = client.post("/accounts/signup/", {**GOOD, "email": "not an address"}).content
    assert b'aria-describedby="id_email_error"' in page
    assert b'aria-invalid="true"' in page


def test_the_database_refuses_one_address_in_two_cases(alice: Any, bob: Any) -> None:
    # Bypasses save() on purpose: the constraint must hold even when the code is skipped.
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.filter(pk=bob.pk).update(email="ALICE@example.com")


def test_sign_up_still_works_when_the_mail_server_is_down(
    client: Client, db: None, settings: Any
) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, 2
    response = client.post("/accounts/signup/", GOOD)
    assert response.status_code == 200
    assert "Check your inbox" in response.content.decode()
    user = User.objects.get()
    client.post("/accounts/login/", {"username": GOOD["email"], "password": GOOD["password"]})
    assert client.session["_auth_user_id"] == str(user.pk)
    assert "Send the link again" in client.get("/").content.decode()
