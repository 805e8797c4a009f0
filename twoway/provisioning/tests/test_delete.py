"""A directory's DELETE erases the account (privacy.erasure): the shared record stays,
signed "A former member"; the directory then finds nothing at that id."""

from __future__ import annotations

from typing import Any

import pytest

from twoway.accounts.models import User
from twoway.audit.models import AuditEvent
from twoway.privacy.erasure import account_erase, is_erased
from twoway.privacy.models import FORMER_MEMBER
from twoway.provisioning.models import DirectoryMember
from twoway.provisioning.tests.helpers import directory

pytestmark = pytest.mark.django_db


def test_delete_erases_the_member_and_the_id_is_gone() -> None:
    entra = directory("Entra")
    dana = entra.create_user("dana@corp.example", displayName="Dana Diaz")
    team = entra.post("Groups", {"displayName": "Data", "members": [{"value": dana["id"]}]}).json()
    member = User.objects.get(email="dana@corp.example")
    response = entra.delete(f"Users/{dana['id']}")
    assert response.status_code == 204
    member.refresh_from_db()
    assert is_erased(member) and not member.is_active
    assert member.email.endswith("@erased.invalid") and member.profile.display_name == FORMER_MEMBER
    assert entra.get(f"Users/{dana['id']}").status_code == 404
    assert "members" not in entra.get(f"Groups/{team['id']}").json()
    assert not DirectoryMember.objects.exists()
    entry = AuditEvent.objects.get(action="scim.user_delete")
    assert entry.actor_label == "Directory Entra" and "dana" not in str(entry.target_label)


def test_a_member_who_erases_their_own_account_leaves_the_directory_too(alice: Any) -> None:
    entra = directory("Entra")
    made = entra.create_user("alice@example.com")
    account_erase(user=alice)
    assert entra.get(f"Users/{made['id']}").status_code == 404
    # The directory may provision the person again: a fresh account, not the tombstone.
    again = entra.create_user("alice@example.com")
    assert User.objects.get(email="alice@example.com").directory_link.scim_id == again["id"]
