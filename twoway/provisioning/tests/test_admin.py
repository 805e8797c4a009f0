"""Priya (staff) connects a directory in the admin: its token is shown once, on the page that
follows, and never again; she replaces it, and maps a pushed group to a team."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from twoway.audit.models import AuditEvent
from twoway.provisioning.models import Directory, DirectoryGroup
from twoway.provisioning.tests.helpers import Scim, directory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client: Client, make_user: Any) -> Client:
    client.force_login(make_user("priya@example.com", is_staff=True, is_superuser=True))
    return client


def _token(html: str) -> str:
    found = re.search(r'<code id="scim-token">([^<]+)</code>', html)
    assert found, html[:3000]
    return found.group(1)


def test_priya_adds_a_directory_and_sees_its_token_once(staff: Client) -> None:
    response = staff.post(
        "/admin/provisioning/directory/add/", {"name": "Entra ID", "enabled": "on"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    secret = _token(html)
    assert "/scim/v2/" in html
    added = Directory.objects.get(name="Entra ID")
    assert Scim(added, secret).get("Users").status_code == 200
    later = staff.get(f"/admin/provisioning/directory/{added.pk}/change/").content.decode()
    assert secret not in later and added.token_hint in later
    assert AuditEvent.objects.filter(action="scim.token_issue", target_id=str(added.pk)).exists()


def test_priya_replaces_a_token_and_the_old_one_is_refused(staff: Client) -> None:
    entra = directory("Entra")
    response = staff.post(
        "/admin/provisioning/directory/",
        {"action": "replace_token", "_selected_action": [entra.directory.pk]},
    )
    secret = _token(response.content.decode())
    assert secret != entra.token
    assert entra.get("Users").status_code == 401
    assert Scim(entra.directory, secret).get("Users").status_code == 200


def test_priya_maps_a_pushed_group_to_a_team(staff: Client) -> None:
    entra = directory("Entra")
    dana = entra.create_user("dana@corp.example")
    group = entra.post("Groups", {"displayName": "Data", "members": [{"value": dana["id"]}]}).json()
    row = DirectoryGroup.objects.get(scim_id=group["id"])
    where = f"/admin/provisioning/directorygroup/{row.pk}/change/"
    refused = staff.post(where, {"maps_to": "program", "program": "", "team_name": ""})
    assert "Choose the program" in refused.content.decode()
    response = staff.post(where, {"maps_to": "team", "program": "", "team_name": "Data & AI"})
    assert response.status_code == 302, response.content.decode()[:3000]
    assert DirectoryGroup.objects.get(pk=row.pk).team == "Data & AI"
    from twoway.accounts.models import User

    assert User.objects.get(email="dana@corp.example").profile.team == "Data & AI"
    assert staff.get("/admin/provisioning/directorygroup/add/").status_code == 403
