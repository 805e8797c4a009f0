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


def test_it_creates_a_member_logs_them_in_and_sends_a_verification_email(
    client: Client, db: None
) -> None:
    response = client.post("/accounts/signup/", GOOD)
    assert response.status_code == 302
    user = User.objects.get()
    assert user.email == "sam@example.com"
    assert user.first_name == "Sam"
    assert not user.email_verified
    assert client.session["_auth_user_id"] == str(user.pk)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["sam@example.com"]
    assert "/accounts/verify/" in link_path_in_last_email()


def test_it_stores_the_password_hashed_with_argon2(client: Client, db: None) -> None:
    client.post("/accounts/signup/", GOOD)
    user = User.objects.get()
    assert user.password.startswith("argon2")
    assert user.check_password(GOOD["password"])


def test_it_shows_an_unverified_member_a_banner_to_verify(client: Client, db: None) -> None:
    client.post("/accounts/signup/", GOOD)
    page = client.get("/").content.decode()
    assert "Please verify your email" in page


def test_it_refuses_an_email_that_is_already_taken_in_any_case(client: Client, alice: Any) -> None:
    for email in ("alice@example.com", "ALICE@example.COM", " Alice@Example.com "):
        response = client.post("/accounts/signup/", {**GOOD, "email": email})
        assert response.status_code == 200
        assert "An account with this email already exists" in response.content.decode()
    assert User.objects.count() == 1
    assert mail.outbox == []


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


def test_the_error_is_linked_to_its_field(client: Client, alice: Any) -> None:
    page = client.post("/accounts/signup/", {**GOOD, "email": "alice@example.com"}).content
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
    assert response.status_code == 302
    user = User.objects.get()
    assert client.session["_auth_user_id"] == str(user.pk)
    assert "Send the link again" in client.get("/").content.decode()
