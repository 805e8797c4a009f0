"""Changes from a directory: PUT replaces a user, PATCH changes parts of it, in the shapes
Entra ID and Okta really send (capitalised ops, booleans as strings, paths with filters)."""

from __future__ import annotations

from typing import Any

import pytest

from twoway.accounts.models import User
from twoway.audit.models import AuditEvent
from twoway.people.models import Profile
from twoway.provisioning.tests.helpers import Scim, directory, user_body

pytestmark = pytest.mark.django_db


@pytest.fixture
def entra() -> Scim:
    return directory("Entra")


@pytest.fixture
def dana(entra: Scim) -> dict[str, Any]:
    return entra.create_user(
        "dana@corp.example",
        name={"givenName": "Dana", "familyName": "Diaz"},
        emails=[{"value": "dana@corp.example", "type": "work", "primary": True}],
        externalId="e-1",
    )


def _member(email: str) -> User:
    return User.objects.select_related("profile").get(email=email)


def test_entra_style_patches_change_the_name_and_the_address(
    entra: Scim, dana: dict[str, Any]
) -> None:
    response = entra.patch(
        f"Users/{dana['id']}",
        {"op": "Replace", "path": "name.givenName", "value": "Daniela"},
        {"op": "Replace", "path": 'emails[type eq "work"].value', "value": "daniela@corp.example"},
        {
            "op": "Add",
            "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department",
            "value": "Data",
        },
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["name"] == {"givenName": "Daniela", "familyName": "Diaz"}
    assert body["emails"] == [{"value": "daniela@corp.example", "type": "work", "primary": True}]
    member = _member("daniela@corp.example")
    assert member.profile.display_name == "Daniela Diaz" and member.email_verified
    entry = AuditEvent.objects.get(action="scim.user_update")
    assert set(entry.detail["changed"]) == {"name", "emails"}


def test_okta_style_patch_without_a_path_changes_several_attributes(
    entra: Scim, dana: dict[str, Any]
) -> None:
    response = entra.patch(
        f"Users/{dana['id']}",
        {
            "op": "replace",
            "value": {
                "id": dana["id"],
                "displayName": "DD",
                "name.familyName": "Díaz",
                "externalId": "e-2",
            },
        },
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["displayName"], body["name"]["familyName"], body["externalId"]) == (
        "DD",
        "Díaz",
        "e-2",
    )
    assert _member("dana@corp.example").profile.display_name == "DD"


def test_a_members_own_display_name_stays_until_the_directory_changes_the_name(
    entra: Scim, dana: dict[str, Any]
) -> None:
    Profile.objects.filter(user__email="dana@corp.example").update(display_name="Dee")
    entra.patch(f"Users/{dana['id']}", {"op": "replace", "path": "externalId", "value": "e-9"})
    assert _member("dana@corp.example").profile.display_name == "Dee"
    entra.patch(f"Users/{dana['id']}", {"op": "replace", "path": "displayName", "value": "Dana D."})
    assert _member("dana@corp.example").profile.display_name == "Dana D."


def test_put_replaces_the_whole_user_and_unassigns_what_it_leaves_out(
    entra: Scim, dana: dict[str, Any]
) -> None:
    body = user_body("dana.d@corp.example", "dana.d@corp.example", "Dana", "Dee")
    response = entra.put(f"Users/{dana['id']}", body)
    assert response.status_code == 200, response.content
    got = response.json()
    assert got["userName"] == "dana.d@corp.example" and "externalId" not in got
    assert got["id"] == dana["id"]
    assert _member("dana.d@corp.example").profile.display_name == "Dana Dee"
    assert not User.objects.filter(email="dana@corp.example").exists()


def test_an_address_another_account_has_is_a_conflict(
    entra: Scim, dana: dict[str, Any], bob: Any
) -> None:
    response = entra.patch(
        f"Users/{dana['id']}",
        {"op": "replace", "path": "emails", "value": [{"value": "bob@example.com"}]},
    )
    assert response.status_code == 409 and response.json()["scimType"] == "uniqueness"
    assert (
        _member("dana@corp.example").directory_link.attributes["emails"][0]["value"]
        == "dana@corp.example"
    )


@pytest.mark.parametrize(
    ("operation", "scim_type"),
    [
        ({"op": "move", "path": "active", "value": False}, "invalidSyntax"),
        ({"op": "remove"}, "noTarget"),
        ({"op": "replace", "value": "not an object"}, "invalidSyntax"),
        ({"op": "replace", "path": 'userName[value eq "x"]', "value": "y"}, "invalidPath"),
        (
            {"op": "replace", "path": 'emails[type ne "work"].value', "value": "a@b.example"},
            "invalidFilter",
        ),
        ({"op": "replace", "path": "active", "value": "sometimes"}, "invalidValue"),
        ({"op": "remove", "path": "userName"}, "invalidValue"),
    ],
)
def test_a_patch_it_cannot_apply_is_refused_and_changes_nothing(
    entra: Scim, dana: dict[str, Any], operation: dict[str, Any], scim_type: str
) -> None:
    response = entra.patch(
        f"Users/{dana['id']}", {"op": "replace", "path": "displayName", "value": "X"}, operation
    )
    assert response.status_code == 400, response.content
    assert response.json()["scimType"] == scim_type
    assert entra.get(f"Users/{dana['id']}").json() == dana


def test_a_patch_without_operations_is_refused(entra: Scim, dana: dict[str, Any]) -> None:
    response = entra.call("PATCH", f"Users/{dana['id']}", {"schemas": []})
    assert response.status_code == 400 and "operations" in response.json()["detail"]
