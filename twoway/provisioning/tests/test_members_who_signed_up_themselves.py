"""A member who signed up before the directory was connected is linked, not duplicated.

The directory vouches for the address, not for whoever chose the password: an account whose
address was never verified loses its password, sessions and tokens when it is linked.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from conftest import PASSWORD
from twoway.accounts.models import ApiToken, MemberSession, User
from twoway.audit.models import AuditEvent
from twoway.provisioning.tests.helpers import directory, user_body

pytestmark = pytest.mark.django_db


def test_alices_verified_account_is_linked_and_keeps_her_password(alice: Any) -> None:
    entra = directory("Entra")
    made = entra.create_user(
        "alice.a",
        emails=[{"value": "ALICE@example.com", "primary": True}],
        displayName="Alice Adams",
    )
    assert User.objects.count() == 1
    alice.refresh_from_db()
    assert alice.directory_link.scim_id == made["id"]
    assert alice.check_password(PASSWORD) and alice.profile.display_name == "Alice Adams"
    entry = AuditEvent.objects.get(action="scim.user_create")
    assert entry.detail == {"linked": True} and entry.actor_label == "Directory Entra"


def test_an_unverified_account_loses_the_password_someone_chose_for_it(make_user: Any) -> None:
    squatter = make_user("bob@example.com", verified=False, first_name="Not Bob")
    ApiToken.objects.issue(user=squatter, name="script")
    browser = Client()
    assert browser.login(email="bob@example.com", password=PASSWORD)
    browser.get("/")
    assert MemberSession.objects.filter(user=squatter).exists()
    directory("Entra").post("Users", user_body("bob@example.com", "bob@example.com", "Bob", "B"))
    bob = User.objects.get(pk=squatter.pk)
    assert bob.email_verified and not bob.has_usable_password()
    assert not ApiToken.objects.filter(user=bob, revoked_at__isnull=True).exists()
    assert not Client().login(email="bob@example.com", password=PASSWORD)
    assert not MemberSession.objects.filter(user=bob).exists()
    assert browser.session.get("_auth_user_id") is None
    assert bob.profile.display_name == "Bob B"
