"""Signing in, failing to, and signing out each leave one entry."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse

from conftest import PASSWORD
from twoway.audit.models import AuditEvent
from twoway.audit.tests.conftest import only

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0"


def sign_in(client: Client, email: str, password: str, **headers: str) -> Any:
    form = {"username": email, "password": password}
    return client.post(reverse("accounts:login"), form, headers={"User-Agent": BROWSER, **headers})


def test_alice_signing_in_records_one_entry_with_her_as_actor_and_target(
    client: Client, alice: Any
) -> None:
    assert sign_in(client, "alice@example.com", PASSWORD).status_code == 302

    entry = only("auth.sign_in")
    assert (entry.actor, entry.actor_label) == (alice, "alice@example.com")
    assert (entry.target_type, entry.target_id) == ("accounts.user", str(alice.pk))
    assert (entry.ip, entry.user_agent) == ("127.0.0.1", BROWSER)
    assert entry.detail == {"via": "/accounts/login/"}
    assert AuditEvent.objects.count() == 1


def test_a_wrong_password_records_the_typed_address_but_never_the_password(
    client: Client, alice: Any
) -> None:
    assert sign_in(client, " Alice@Example.com", "not-her-password-42").status_code == 200

    entry = only("auth.sign_in_failed")
    assert entry.actor is None and entry.actor_label == ""
    assert entry.detail == {"username": "alice@example.com"}
    assert entry.who == "a visitor"
    assert "not-her-password-42" not in str(AuditEvent.objects.values_list())
    assert not AuditEvent.objects.filter(action="auth.sign_in").exists()


def test_attempts_past_the_limit_add_no_entries_so_a_flood_cannot_grow_the_log(
    client: Client, alice: Any, settings: Any
) -> None:
    settings.LOGIN_MAX_FAILURES = 3
    for _ in range(6):
        sign_in(client, "alice@example.com", "wrong-password-again")

    assert AuditEvent.objects.filter(action="auth.sign_in_failed").count() == 3


def test_signing_out_records_who_left(client: Client, alice: Any) -> None:
    client.force_login(alice)
    client.post(reverse("accounts:logout"))

    entry = only("auth.sign_out")
    assert (entry.actor, entry.target_id) == (alice, str(alice.pk))


def test_a_forwarded_address_counts_only_behind_a_trusted_proxy(
    client: Client, alice: Any, settings: Any
) -> None:
    forged = {"X-Forwarded-For": "203.0.113.9"}
    sign_in(client, "alice@example.com", "wrong-password-1", **forged)
    settings.TRUST_X_FORWARDED_FOR = True
    sign_in(
        client,
        "alice@example.com",
        "wrong-password-2",
        **{"X-Forwarded-For": "1.2.3.4, 198.51.100.7"},
    )

    first, second = AuditEvent.objects.order_by("pk")
    assert first.ip == "127.0.0.1"  # nobody trusted the header: the connection's address
    assert second.ip == "198.51.100.7"  # the address our one proxy saw, not the client's claim
