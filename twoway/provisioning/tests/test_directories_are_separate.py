"""Two directories never see or change each other's members or groups."""

from __future__ import annotations

import pytest

from twoway.accounts.models import User
from twoway.provisioning.tests.helpers import Scim, directory, user_body

pytestmark = pytest.mark.django_db


@pytest.fixture
def entra() -> Scim:
    return directory("Entra")


@pytest.fixture
def okta() -> Scim:
    return directory("Okta")


def test_okta_cannot_read_change_or_delete_a_member_entra_provisioned(
    entra: Scim, okta: Scim
) -> None:
    dana = entra.create_user("dana@corp.example")
    where = f"Users/{dana['id']}"
    assert okta.get(where).status_code == 404
    assert (
        okta.put(where, user_body("dana@corp.example", "dana@corp.example", "D", "D")).status_code
        == 404
    )
    assert okta.patch(where, {"op": "replace", "path": "active", "value": False}).status_code == 404
    assert okta.delete(where).status_code == 404
    assert okta.get("Users").json()["totalResults"] == 0
    filtered = okta.get("Users", QUERY_STRING='filter=userName eq "dana@corp.example"')
    assert filtered.json()["totalResults"] == 0
    assert User.objects.get(email="dana@corp.example").is_active
    assert entra.get(where).status_code == 200


def test_okta_cannot_take_an_address_entra_manages(entra: Scim, okta: Scim) -> None:
    entra.create_user("dana@corp.example")
    response = okta.post("Users", user_body("d.diaz", "dana@corp.example", "Dana", "Diaz"))
    assert response.status_code == 409 and response.json()["scimType"] == "uniqueness"
    assert "another directory" in response.json()["detail"]


def test_okta_cannot_put_entras_member_in_its_group_nor_see_entras_groups(
    entra: Scim, okta: Scim
) -> None:
    dana = entra.create_user("dana@corp.example")
    team = entra.post("Groups", {"displayName": "Data", "members": [{"value": dana["id"]}]})
    assert team.status_code == 201
    response = okta.post("Groups", {"displayName": "Sneaky", "members": [{"value": dana["id"]}]})
    assert response.status_code == 400 and response.json()["scimType"] == "invalidValue"
    assert okta.get(f"Groups/{team.json()['id']}").status_code == 404
    assert okta.get("Groups").json()["totalResults"] == 0
