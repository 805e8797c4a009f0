"""The log keeps a year by default, forgets an erased member's name, and refuses bad entries."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.conf import settings
from django.utils import timezone

from twoway.accounts.models import ApiToken
from twoway.audit.context import AuditRequestMiddleware
from twoway.audit.models import FORMER_MEMBER, AuditEvent
from twoway.audit.services import member_forget, purge_older_than, record


def aged(days: float) -> None:
    """Record an entry made ``days`` days ago."""
    record("auth.sign_in_failed", username=f"{days}@example.com")
    AuditEvent.objects.filter(pk=AuditEvent.objects.order_by("-pk").first().pk).update(  # type: ignore[union-attr]
        created_at=timezone.now() - timedelta(days=days)
    )


def test_purging_deletes_only_entries_older_than_the_retention(db: Any) -> None:
    for days in (400, 366, 364, 1):
        aged(days)

    assert purge_older_than(settings.AUDIT_LOG_RETENTION_DAYS) == 2
    left = sorted(AuditEvent.objects.values_list("detail__username", flat=True))
    assert left == ["1@example.com", "364@example.com"]
    assert purge_older_than(365) == 0


def test_the_retention_defaults_to_a_year(db: Any) -> None:
    assert settings.AUDIT_LOG_RETENTION_DAYS == 365


@pytest.mark.parametrize("days", [0, -5])
def test_purging_refuses_to_empty_the_log_by_a_slip(db: Any, days: int) -> None:
    aged(0.5)
    with pytest.raises(ValueError, match="at least one day"):
        purge_older_than(days)
    assert AuditEvent.objects.count() == 1


def test_erasing_alice_keeps_what_she_did_but_not_who_she_was(
    alice: Any, bob: Any, make_user: Any
) -> None:
    sam = make_user("sam@example.com", is_staff=True)
    token, _ = ApiToken.objects.issue(user=alice, name="alice's laptop")
    record("auth.sign_in_failed", username="alice@example.com")
    record("auth.sign_in", actor=alice, target=alice)
    record("program.manager_add", actor=alice, target=bob, program="Cohort")
    record("token.revoke", actor=sam, target=token, owner="alice@example.com")
    AuditEvent.objects.update(ip="192.0.2.1", user_agent="Firefox")
    before = AuditEvent.objects.count()

    alice.delete()

    assert AuditEvent.objects.count() == before  # nothing is deleted
    text = str(list(AuditEvent.objects.values_list()))
    assert "alice@example.com" not in text and "laptop" not in text
    failed = AuditEvent.objects.get(action="auth.sign_in_failed")
    assert (failed.detail, failed.ip) == ({"username": FORMER_MEMBER}, None)
    signed_in = AuditEvent.objects.get(action="auth.sign_in")
    assert (signed_in.actor, signed_in.who, signed_in.target_label) == (
        None,
        FORMER_MEMBER,
        FORMER_MEMBER,
    )
    assert (signed_in.ip, signed_in.user_agent, signed_in.target_id) == (None, "", "")
    added = AuditEvent.objects.get(action="program.manager_add")
    assert (added.who, added.target_label) == (FORMER_MEMBER, "bob@example.com")
    revoked = AuditEvent.objects.get(
        action="token.revoke"
    )  # Sam did it: Sam stays, with his address
    assert (revoked.actor, revoked.ip, revoked.target_label) == (sam, "192.0.2.1", FORMER_MEMBER)
    assert revoked.detail == {"owner": FORMER_MEMBER}


def test_forgetting_touches_nobody_else(alice: Any, bob: Any) -> None:
    record("auth.sign_in", actor=bob, target=bob)
    assert member_forget(user=alice) == 0
    assert AuditEvent.objects.get().who == "bob@example.com"


def test_an_unknown_action_code_is_refused_with_where_to_add_it(db: Any) -> None:
    with pytest.raises(ValueError, match="twoway.audit.models.Action"):
        record("auth.signin")
    assert not AuditEvent.objects.exists()


def test_an_entry_never_holds_a_password_or_a_secret(alice: Any) -> None:
    with pytest.raises(ValueError, match="drop new_password, token_secret"):
        record("password.change", actor=alice, new_password="x", token_secret="y")


def test_the_codes_other_apps_use_are_known(alice: Any) -> None:
    for code in ("data.export", "account.erase", "retention.run", "mfa.change"):
        record(code, actor=alice)
    assert AuditEvent.objects.count() == 4


def test_entries_written_while_alice_is_erased_keep_neither_her_address_nor_her_ip(
    client: Any, alice: Any
) -> None:
    client.force_login(alice)
    request = client.get("/").wsgi_request  # its user is Alice as she was before the erasure
    AuditEvent.objects.all().delete()

    def erase(request: Any) -> Any:
        member_forget(user=alice)
        alice.email, alice.is_active = "former-1@erased.invalid", False
        alice.save()  # the erasure's scrub: a role change, by Alice, inside her request
        record("account.erase", actor=request.user, target=alice)
        return None

    AuditRequestMiddleware(erase)(request)

    entries = AuditEvent.objects.filter(action__in=["role.change", "account.erase"])
    assert entries.count() == 2
    for entry in entries:
        assert entry.actor_label == "former-1@erased.invalid"
        assert (entry.ip, entry.user_agent) == (None, "")
    assert "alice@example.com" not in str(list(AuditEvent.objects.values_list()))
