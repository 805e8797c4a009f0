"""Sign-up and password reset send emails, so both are limited per address and per client.

Known and unknown addresses count alike, so the limit tells nothing about who has an account.
"""

from __future__ import annotations

from typing import Any

from django.core import mail
from django.test import Client

from twoway.accounts.models import User
from twoway.accounts.tests.helpers import FAST_HASHERS
from twoway.accounts.tests.test_sign_up import GOOD

RESET_LIMITED = "We have sent several reset links lately"
SIGNUP_LIMITED = "Too many sign-ups from here or for this address"


def _reset(client: Client, email: str, ip: str = "203.0.113.7") -> str:
    response = client.post("/accounts/password/reset/", {"email": email}, REMOTE_ADDR=ip)
    return "sent" if response.status_code == 302 else response.content.decode()


def _sign_up(client: Client, email: str, ip: str = "203.0.113.7") -> str:
    return client.post(
        "/accounts/signup/", {**GOOD, "email": email}, REMOTE_ADDR=ip
    ).content.decode()


def test_fifteen_resets_in_a_row_for_alice_send_three_emails(client: Client, alice: Any) -> None:
    answers = [_reset(client, "alice@example.com") for _ in range(15)]
    assert answers[:3] == ["sent"] * 3
    assert all(RESET_LIMITED in answer and "Try again in" in answer for answer in answers[3:])
    assert len(mail.outbox) == 3


def test_the_reset_limit_holds_from_any_address(client: Client, alice: Any) -> None:
    for n in range(3):
        assert _reset(client, "alice@example.com", ip=f"198.51.100.{n + 1}") == "sent"
    assert RESET_LIMITED in _reset(client, "Alice@Example.com", ip="198.51.100.9")


def test_an_unknown_address_is_limited_exactly_like_a_known_one(client: Client, db: None) -> None:
    answers = [_reset(client, "nobody@example.com") for _ in range(4)]
    assert answers[:3] == ["sent"] * 3
    assert RESET_LIMITED in answers[3]
    assert mail.outbox == []


def test_one_client_asking_resets_for_many_addresses_is_limited(
    client: Client, alice: Any, settings: Any
) -> None:
    for n in range(settings.PASSWORD_RESET_MAX_PER_IP):
        assert _reset(client, f"someone{n}@example.com") == "sent"
    assert RESET_LIMITED in _reset(client, "alice@example.com")
    assert _reset(client, "alice@example.com", ip="198.51.100.9") == "sent"
    assert [m.to for m in mail.outbox] == [["alice@example.com"]]


def test_signing_up_one_address_again_and_again_is_limited(client: Client, alice: Any) -> None:
    answers = [_sign_up(Client(), "alice@example.com", ip=f"198.51.100.{n}") for n in range(6)]
    assert all("Check your inbox" in answer for answer in answers[:3])
    assert all(SIGNUP_LIMITED in answer for answer in answers[3:])
    assert len(mail.outbox) == 3


def test_one_client_signing_up_many_addresses_is_limited(
    client: Client, db: None, settings: Any
) -> None:
    settings.PASSWORD_HASHERS = FAST_HASHERS
    for n in range(settings.SIGNUP_MAX_PER_IP):
        assert "Check your inbox" in _sign_up(Client(), f"new{n}@example.com")
    assert SIGNUP_LIMITED in _sign_up(Client(), "one.more@example.com")
    assert not User.objects.filter(email="one.more@example.com").exists()
    assert "Check your inbox" in _sign_up(Client(), "one.more@example.com", ip="198.51.100.9")
