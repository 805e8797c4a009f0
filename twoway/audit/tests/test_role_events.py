"""Role changes: staff and superuser flags, groups, program managers, and the admin's own log."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from twoway.audit.models import AuditEvent
from twoway.audit.tests.conftest import only
from twoway.programs.tests.helpers import program_for


def test_sam_making_bob_staff_in_the_admin_records_the_role_change_and_the_admin_change(
    sam_client: Client, sam: Any, bob: Any
) -> None:
    form = {"email": bob.email, "first_name": "Bob", "last_name": "", "email_verified": "on",
            "is_active": "on", "is_staff": "on", "_save": "Save"}  # fmt: skip
    response = sam_client.post(reverse("admin:accounts_user_change", args=[bob.pk]), form)
    assert response.status_code == 302, response.content.decode()[:2000]

    role = only("role.change", target_id=str(bob.pk))  # (Sam becoming staff is one too)
    assert role.actor == sam
    assert role.detail == {"is_staff": [False, True]}
    admin = only("admin.change")
    assert (admin.actor, admin.target_type, admin.target_id) == (sam, "accounts.user", str(bob.pk))
    assert "Staff status" in admin.detail["change"]


def test_a_save_that_leaves_the_flags_alone_records_nothing(alice: Any) -> None:
    alice.first_name = "Alicia"
    alice.save()
    alice.is_staff = False
    alice.save(update_fields=["is_staff"])

    assert not AuditEvent.objects.exists()


def test_a_new_superuser_from_the_command_line_is_recorded_as_the_systems_doing(
    make_user: Any,
) -> None:
    from twoway.accounts.models import User

    root = User.objects.create_superuser(email="root@example.com", password="x-long-password-1")

    entry = only("role.change")
    assert (entry.actor, entry.who, entry.target_id) == (None, "the system", str(root.pk))
    assert entry.detail == {"is_staff": [False, True], "is_superuser": [False, True]}


def test_joining_and_leaving_the_program_managers_group_is_recorded_from_either_side(
    alice: Any,
) -> None:
    group = Group.objects.create(name="Program managers")
    alice.groups.add(group)
    group.user_set.remove(alice)

    added, removed = only("role.group_add"), only("role.group_remove")
    for entry in (added, removed):
        assert entry.target_id == str(alice.pk)
        assert entry.detail == {"group": "Program managers", "group_id": group.pk}


def test_priya_adding_bob_as_a_manager_names_priya_as_actor_and_bob_as_target(
    client: Client, priya: Any, bob: Any
) -> None:
    program = program_for(priya)
    AuditEvent.objects.all().delete()
    client.force_login(priya)
    client.post(reverse("programs:manager_add", args=[program.pk]), {"email": "bob@example.com"})

    entry = only("program.manager_add")
    assert (entry.actor, entry.target_id) == (priya, str(bob.pk))
    assert entry.detail == {"program": "Cohort", "program_id": program.pk}


def test_clearing_a_programs_managers_records_each_one_removed(priya: Any, bob: Any) -> None:
    program = program_for(priya)
    program.managers.add(bob)
    program.managers.clear()

    removed = AuditEvent.objects.filter(action="program.manager_remove")
    assert sorted(removed.values_list("target_id", flat=True)) == sorted(
        [str(priya.pk), str(bob.pk)]
    )
