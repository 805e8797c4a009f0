"""Accepting an invitation without an account signs up through the accounts service.

Alice manages the program and invites Nico (no account yet) and Bob (who already has one).
"""

from __future__ import annotations

from typing import Any
from unittest import mock

from django.core import mail
from django.test import Client

from twoway.accounts import services as accounts
from twoway.accounts.models import User
from twoway.programs.models import Enrolment, Invitation
from twoway.programs.services import invitation_token
from twoway.programs.tests.helpers import program_for


def invite(alice: Any, email: str, name: str = "") -> str:
    program = program_for(alice)
    invitation = Invitation.objects.create(program=program, email=email, name=name)
    return f"/programs/invitations/{invitation_token(invitation)}/"


def test_an_invited_person_signs_up_through_the_accounts_service_with_the_address_verified(
    client: Client, alice: Any
) -> None:
    url = invite(alice, "nico@example.com", "Nico")

    with mock.patch.object(accounts, "user_signup", wraps=accounts.user_signup) as signup:
        client.post(url, {"display_name": "Nico N", "password": "a long pass phrase 42"})

    signup.assert_called_once()
    assert signup.call_args.kwargs["email_verified"] is True
    nico = User.objects.get(email="nico@example.com")
    assert nico.email_verified and nico.profile.display_name == "Nico N"
    assert mail.outbox == []  # the invitation proved the address: no verification email
    assert Enrolment.objects.filter(user=nico).exists()


def test_an_invited_person_with_a_weak_password_is_told_why_and_nothing_is_created(
    client: Client, alice: Any
) -> None:
    url = invite(alice, "nico@example.com")

    response = client.post(url, {"display_name": "Nico", "password": "password"})

    assert response.status_code == 200
    assert "This password is too common." in response.content.decode()
    assert not User.objects.filter(email="nico@example.com").exists()


def test_someone_invited_who_already_has_an_account_is_asked_to_log_in_first(
    client: Client, alice: Any, bob: Any
) -> None:
    url = invite(alice, bob.email)

    response = client.post(url, {"display_name": "Bob", "password": "a long pass phrase 42"})

    assert "Log in, then open the link again." in response.content.decode()
    assert not Enrolment.objects.filter(user=bob).exists()
