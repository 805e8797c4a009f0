"""Groups: Entra pushes them with their members; staff map one to a team or a program, and
membership then sets Dana's team or enrols her, and leaving undoes it."""

from __future__ import annotations

from typing import Any

import pytest

from twoway.accounts.models import User
from twoway.audit.models import AuditEvent
from twoway.programs.models import Enrolment, Program
from twoway.provisioning.groups import group_mapping_set
from twoway.provisioning.models import DirectoryGroup
from twoway.provisioning.tests.helpers import Scim, directory

pytestmark = pytest.mark.django_db


@pytest.fixture
def entra() -> Scim:
    return directory("Entra")


@pytest.fixture
def people(entra: Scim) -> dict[str, str]:
    return {name: entra.create_user(f"{name}@corp.example")["id"] for name in ("dana", "eli")}


def _team(name: str) -> str:
    return User.objects.select_related("profile").get(email=f"{name}@corp.example").profile.team


def _enrolment(name: str, program: Program) -> str:
    row = Enrolment.objects.filter(program=program, user__email=f"{name}@corp.example").first()
    return row.status if row else ""


def test_a_group_is_created_with_members_read_back_and_found_by_name(
    entra: Scim, people: dict[str, str]
) -> None:
    response = entra.post(
        "Groups", {"displayName": "Data team", "members": [{"value": people["dana"]}]}
    )
    assert response.status_code == 201, response.content
    group = response.json()
    assert [m["value"] for m in group["members"]] == [people["dana"]]
    assert group["members"][0]["$ref"].endswith(f"/scim/v2/Users/{people['dana']}")
    found = entra.get("Groups", QUERY_STRING='filter=displayName eq "data TEAM"').json()
    assert [g["id"] for g in found["Resources"]] == [group["id"]]
    by_member = entra.get("Groups", QUERY_STRING=f'filter=members[value eq "{people["dana"]}"]')
    assert by_member.json()["totalResults"] == 1
    lean = entra.get(f"Groups/{group['id']}", QUERY_STRING="excludedAttributes=members").json()
    assert "members" not in lean
    dana = entra.get(f"Users/{people['dana']}").json()
    assert [g["value"] for g in dana["groups"]] == [group["id"]]


def test_a_team_group_sets_and_clears_the_profiles_team(
    entra: Scim, people: dict[str, str]
) -> None:
    group = entra.post(
        "Groups", {"displayName": "Data", "members": [{"value": people["dana"]}]}
    ).json()
    assert _team("dana") == ""  # mapped to nothing until staff choose
    row = DirectoryGroup.objects.get(scim_id=group["id"])
    group_mapping_set(group=row, maps_to=DirectoryGroup.Maps.TEAM)
    assert _team("dana") == "Data"
    where = f"Groups/{group['id']}"
    entra.patch(where, {"op": "Add", "path": "members", "value": [{"value": people["eli"]}]})
    assert _team("eli") == "Data"
    entra.patch(where, {"op": "Replace", "path": "displayName", "value": "Data & AI"})
    assert _team("dana") == _team("eli") == "Data & AI"
    # Entra ID removes members by listing them as the value.
    entra.patch(where, {"op": "Remove", "path": "members", "value": [{"value": people["dana"]}]})
    assert _team("dana") == "" and _team("eli") == "Data & AI"
    entra.patch(where, {"op": "remove", "path": f'members[value eq "{people["eli"]}"]'})
    assert _team("eli") == ""
    assert AuditEvent.objects.filter(action="scim.group_update").count() == 4


def test_a_program_group_enrols_and_withdraws(
    entra: Scim, people: dict[str, str], priya: Any
) -> None:
    program = Program.objects.create(name="Mentoring 2027", created_by=priya)
    group = entra.post(
        "Groups", {"displayName": "Mentoring", "members": [{"value": people["dana"]}]}
    ).json()
    group_mapping_set(
        group=DirectoryGroup.objects.get(scim_id=group["id"]),
        maps_to=DirectoryGroup.Maps.PROGRAM,
        program=program,
        actor=priya,
    )
    assert _enrolment("dana", program) == Enrolment.Status.ACTIVE
    entra.put(
        f"Groups/{group['id']}", {"displayName": "Mentoring", "members": [{"value": people["eli"]}]}
    )
    assert _enrolment("dana", program) == Enrolment.Status.WITHDRAWN
    assert _enrolment("eli", program) == Enrolment.Status.ACTIVE
    assert entra.delete(f"Groups/{group['id']}").status_code == 204
    assert _enrolment("eli", program) == Enrolment.Status.WITHDRAWN
    assert entra.get(f"Groups/{group['id']}").status_code == 404
    assert AuditEvent.objects.filter(action="scim.group_map", actor=priya).count() == 1


def test_leaving_one_of_two_groups_for_the_same_program_keeps_the_enrolment(
    entra: Scim, people: dict[str, str], priya: Any
) -> None:
    program = Program.objects.create(name="Peers", created_by=priya)
    ids = []
    for name in ("Peers A", "Peers B"):
        made = entra.post("Groups", {"displayName": name, "members": [{"value": people["dana"]}]})
        ids.append(made.json()["id"])
        group_mapping_set(
            group=DirectoryGroup.objects.get(scim_id=ids[-1]),
            maps_to=DirectoryGroup.Maps.PROGRAM,
            program=program,
        )
    entra.patch(f"Groups/{ids[0]}", {"op": "remove", "path": "members"})
    assert _enrolment("dana", program) == Enrolment.Status.ACTIVE


def test_bad_groups_are_refused_clearly(entra: Scim, people: dict[str, str]) -> None:
    no_name = entra.post("Groups", {"members": []})
    assert no_name.status_code == 400 and "displayName is required" in no_name.json()["detail"]
    stranger = entra.post("Groups", {"displayName": "X", "members": [{"value": "no-such-user"}]})
    assert stranger.status_code == 400 and "no user with the id" in stranger.json()["detail"]
    nested = entra.post(
        "Groups", {"displayName": "X", "members": [{"value": "g", "type": "Group"}]}
    )
    assert nested.status_code == 400 and "groups inside groups" in nested.json()["detail"]
    assert not DirectoryGroup.objects.exists()
