"""An SSO-only email domain: its members can't sign in with a password, reset one or sign up
with one, and are told to use single sign-on; other addresses are not affected."""

from __future__ import annotations

import html
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client

from conftest import PASSWORD
from twoway.accounts.models import LoginFailure
from twoway.identity.models import SsoOnlyDomain

REFUSED_SIGN_IN = (
    "Members with an @corp.example address can't sign in with a password here: your "
    "organisation signs you in through single sign-on. Use the “Sign in with Acme ID” button"
)


def page_text(response: Any) -> str:
    return str(html.unescape(response.content.decode()))


@pytest.fixture
def corp_only(db: None) -> SsoOnlyDomain:
    return SsoOnlyDomain.objects.create(domain="Corp.Example", provider_name="Acme ID")


@pytest.fixture
def charlie_at_corp(make_user: Any) -> Any:
    return make_user("charlie@corp.example", first_name="Charlie")


def test_charlie_at_an_sso_only_domain_is_refused_a_password_sign_in(
    client: Client, corp_only: SsoOnlyDomain, charlie_at_corp: Any
) -> None:
    response = client.post(
        "/accounts/login/", {"username": "CHARLIE@corp.example", "password": PASSWORD}
    )

    assert response.status_code == 200
    assert REFUSED_SIGN_IN in page_text(response)
    assert "_auth_user_id" not in client.session
    assert not LoginFailure.objects.exists()  # refused before any password is looked at


def test_the_admin_login_refuses_the_sso_only_domain_too(
    client: Client, corp_only: SsoOnlyDomain, make_user: Any
) -> None:
    make_user("charlie@corp.example", is_staff=True, is_superuser=True)
    response = client.post(
        "/admin/login/", {"username": "charlie@corp.example", "password": PASSWORD}
    )

    assert REFUSED_SIGN_IN in page_text(response)
    assert "_auth_user_id" not in client.session


def test_alice_at_another_domain_still_signs_in_with_her_password(
    client: Client, corp_only: SsoOnlyDomain, alice: Any
) -> None:
    response = client.post("/accounts/login/", {"username": alice.email, "password": PASSWORD})

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(alice.pk)


def test_a_password_reset_for_the_sso_only_domain_is_refused_and_sends_nothing(
    client: Client, corp_only: SsoOnlyDomain, charlie_at_corp: Any
) -> None:
    response = client.post("/accounts/password/reset/", {"email": "charlie@corp.example"})

    assert response.status_code == 200
    assert "can't reset a password here" in page_text(response)
    assert mail.outbox == []


def test_signing_up_with_a_password_at_the_sso_only_domain_is_refused(
    client: Client, corp_only: SsoOnlyDomain
) -> None:
    response = client.post(
        "/accounts/signup/",
        {
            "email": "dana@corp.example",
            "display_name": "Dana",
            "password": PASSWORD,
            "password_again": PASSWORD,
        },
    )

    assert response.status_code == 200
    assert "can't create an account with a password here" in page_text(response)
    assert mail.outbox == []


def test_without_a_provider_name_the_message_speaks_of_single_sign_on(db: None) -> None:
    domain = SsoOnlyDomain.objects.create(domain="corp.example")

    assert "your organisation's single sign-on button" in domain.refusal(doing="login")


@pytest.mark.parametrize("typed", ["@corp.example", "https://corp.example", "corp", "a b.com"])
def test_a_domain_that_is_not_just_a_domain_is_refused_with_a_clear_error(
    db: None, typed: str
) -> None:
    with pytest.raises(ValidationError) as refusal:
        SsoOnlyDomain(domain=typed).full_clean()

    assert "Enter a domain such as example.com" in str(refusal.value)
