"""A directory's whole cycle over real HTTP against a live server, as Entra ID runs it: look the
person up by userName, create them, put them in a group, change them, deactivate, delete."""

from __future__ import annotations

from typing import Any

import httpx2
import pytest

from twoway.accounts.models import User
from twoway.provisioning.models import DirectoryGroup
from twoway.provisioning.services import directory_create
from twoway.provisioning.tests.helpers import PATCH_URN, SCIM, user_body

pytestmark = pytest.mark.django_db(transaction=True)


def _client(live_server: Any, token: str) -> httpx2.Client:
    return httpx2.Client(
        base_url=f"{live_server.url}/scim/v2/",
        headers={"Authorization": f"Bearer {token}", "Content-Type": SCIM},
    )


def _ops(*operations: dict[str, Any]) -> dict[str, Any]:
    return {"schemas": [PATCH_URN], "Operations": list(operations)}


def test_entra_provisions_changes_deactivates_and_deletes_dana(live_server: Any) -> None:
    _entra, token = directory_create(name="Entra")
    with _client(live_server, token) as scim:
        wanted = {"filter": 'userName eq "dana@corp.example"'}
        assert scim.get("Users", params=wanted).json()["totalResults"] == 0
        made = scim.post(
            "Users", json=user_body("dana@corp.example", "dana@corp.example", "Dana", "Diaz")
        )
        assert made.status_code == 201 and made.headers["Content-Type"] == SCIM
        dana = made.json()
        assert scim.get("Users", params=wanted).json()["Resources"][0]["id"] == dana["id"]
        group = scim.post("Groups", json={"displayName": "Data"}).json()
        added = scim.patch(
            f"Groups/{group['id']}",
            json=_ops({"op": "Add", "path": "members", "value": [{"value": dana["id"]}]}),
        )
        assert [m["value"] for m in added.json()["members"]] == [dana["id"]]
        renamed = scim.patch(
            f"Users/{dana['id']}",
            json=_ops({"op": "Replace", "path": "displayName", "value": "Dana D."}),
        )
        assert renamed.status_code == 200
        assert User.objects.get(email="dana@corp.example").profile.display_name == "Dana D."
        off = scim.patch(
            f"Users/{dana['id']}", json=_ops({"op": "Replace", "path": "active", "value": "False"})
        )
        assert off.json()["active"] is False
        assert not User.objects.get(email="dana@corp.example").is_active
        assert scim.delete(f"Users/{dana['id']}").status_code == 204
        gone = scim.get(f"Users/{dana['id']}")
        assert gone.status_code == 404 and gone.json()["status"] == "404"
        assert "members" not in scim.get(f"Groups/{group['id']}").json()
        assert scim.delete(f"Groups/{group['id']}").status_code == 204
    assert not DirectoryGroup.objects.exists()
    assert not User.objects.filter(email="dana@corp.example").exists()


def test_a_wrong_token_over_http_is_a_scim_401(live_server: Any) -> None:
    directory_create(name="Entra")
    with _client(live_server, "twscim_not-the-token-at-all-00000") as scim:
        response = scim.get("Users")
    assert response.status_code == 401 and response.headers["WWW-Authenticate"].startswith("Bearer")
    assert response.json()["schemas"] == ["urn:ietf:params:scim:api:messages:2.0:Error"]
