"""Shared pieces of the provisioning tests: a directory with its token, and SCIM requests.

Personas: Entra is the organisation's directory; Okta is a second, separate directory that must
never see or change Entra's members. Alice and Bob (root conftest) signed up themselves.
"""

from __future__ import annotations

import json
from typing import Any

from django.test import Client
from django.test.client import RequestFactory

from twoway.provisioning.models import Directory
from twoway.provisioning.services import directory_create

SCIM = "application/scim+json"
USER_URN = "urn:ietf:params:scim:schemas:core:2.0:User"
GROUP_URN = "urn:ietf:params:scim:schemas:core:2.0:Group"
PATCH_URN = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
ERROR_URN = "urn:ietf:params:scim:api:messages:2.0:Error"


class Scim:
    """A SCIM client for one directory, through Django's test client (real views, middleware
    and database; no network)."""

    def __init__(self, directory: Directory, token: str) -> None:
        self.directory, self.token = directory, token
        self.client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")

    def call(self, method: str, path: str, body: Any = None, **extra: Any) -> Any:
        data = json.dumps(body) if body is not None else None
        send = getattr(self.client, method.lower())
        kwargs = {"content_type": SCIM} if data is not None else {}
        return (
            send(f"/scim/v2/{path}", data, **kwargs, **extra)
            if data
            else send(f"/scim/v2/{path}", **extra)
        )

    def get(self, path: str, **extra: Any) -> Any:
        return self.call("GET", path, **extra)

    def post(self, path: str, body: Any) -> Any:
        return self.call("POST", path, body)

    def put(self, path: str, body: Any) -> Any:
        return self.call("PUT", path, body)

    def patch(self, path: str, *operations: dict[str, Any]) -> Any:
        return self.call("PATCH", path, {"schemas": [PATCH_URN], "Operations": list(operations)})

    def delete(self, path: str) -> Any:
        return self.call("DELETE", path)

    def create_user(self, user_name: str, **attributes: Any) -> dict[str, Any]:
        body = {"schemas": [USER_URN], "userName": user_name, **attributes}
        response = self.post("Users", body)
        assert response.status_code == 201, response.content
        return dict(response.json())


def directory(name: str) -> Scim:
    found, token = directory_create(name=name)
    return Scim(found, token)


def user_body(user_name: str, email: str, given: str, family: str, **more: Any) -> dict[str, Any]:
    """A User as Entra ID and Okta send one."""
    return {
        "schemas": [USER_URN],
        "userName": user_name,
        "name": {"givenName": given, "familyName": family},
        "emails": [{"value": email, "type": "work", "primary": True}],
        "active": True,
        **more,
    }


__all__ = ["RequestFactory", "directory", "user_body"]
