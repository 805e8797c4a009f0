"""API tokens and passwords: created, revoked, changed and reset, each one entry."""

from __future__ import annotations

from typing import Any

from django.core import mail
from django.test import Client
from django.urls import reverse

from conftest import PASSWORD
from twoway.accounts.models import ApiToken
from twoway.accounts.tests.helpers import link_path_in_last_email
from twoway.audit.models import AuditEvent
from twoway.audit.tests.conftest import only

NEW_PASSWORD = "a brand new passphrase 77"


def test_alice_creating_and_revoking_a_token_records_both_with_the_token_as_target(
    client: Client, alice: Any
) -> None:
    client.force_login(alice)
    client.post(reverse("accounts:token_create"), {"name": "laptop script"})
    token = ApiToken.objects.get(user=alice)
    client.post(reverse("accounts:token_revoke", args=[token.pk]))

    created, revoked = only("token.create"), only("token.revoke")
    for entry in (created, revoked):
        assert entry.actor == alice
        assert (entry.target_type, entry.target_id) == ("accounts.apitoken", str(token.pk))
        assert entry.target_label == f"laptop script (…{token.hint})"
        assert entry.detail == {"owner": "alice@example.com"}
    assert "tw_" not in str(AuditEvent.objects.values_list())  # the secret is never kept


def test_a_token_made_over_the_api_is_recorded_once(client: Client, alice: Any) -> None:
    client.force_login(alice)
    response = client.post("/api/tokens", {"name": "ci"}, content_type="application/json")
    assert response.status_code == 201, response.content

    assert only("token.create").actor == alice


def test_sam_revoking_alices_token_in_the_admin_names_sam_as_actor(
    sam_client: Client, alice: Any, sam: Any
) -> None:
    token, _ = ApiToken.objects.issue(user=alice, name="old script")
    form = {"action": "revoke", "_selected_action": [token.pk]}
    sam_client.post(reverse("admin:accounts_apitoken_changelist"), form)

    entry = only("token.revoke")
    assert (entry.actor, entry.detail["owner"]) == (sam, "alice@example.com")


def test_changing_a_password_on_the_settings_page_is_recorded(client: Client, alice: Any) -> None:
    client.force_login(alice)
    form = {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    assert client.post(reverse("accounts:password_change"), form).status_code == 302

    entry = only("password.change")
    assert (entry.actor, entry.target_id) == (alice, str(alice.pk))
    assert not AuditEvent.objects.filter(action="password.reset").exists()


def test_a_reset_by_emailed_link_is_recorded_as_a_reset_by_the_member(
    client: Client, alice: Any
) -> None:
    client.post(reverse("accounts:password_reset"), {"email": "alice@example.com"})
    assert len(mail.outbox) == 1
    form_page = client.get(link_path_in_last_email(), follow=True)
    form = {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    assert client.post(form_page.request["PATH_INFO"], form).status_code == 302

    entry = only("password.reset")
    assert (entry.actor, entry.target_id) == (alice, str(alice.pk))
    assert not AuditEvent.objects.filter(action="password.change").exists()
