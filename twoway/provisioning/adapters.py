"""django-scim2's adapters for our resources: a ``DirectoryMember`` as a SCIM User, a
``DirectoryGroup`` as a SCIM Group.

django-scim2's views (GET, POST, PUT, PATCH, DELETE, list, ``.search``) call these; they read
and render JSON (resources.py) and hand every write to the services, scoped to the directory
that ``auth.DirectoryTokenAuth`` found for the request.
"""

from __future__ import annotations

import copy
import json
from typing import Any
from urllib.parse import urljoin

from django.http import HttpRequest
from django.urls import reverse
from django_scim.adapters import SCIMMixin
from django_scim.constants import SchemaURI

from twoway.provisioning import groups, services
from twoway.provisioning.discovery import base_location
from twoway.provisioning.models import Directory, DirectoryGroup, DirectoryMember
from twoway.provisioning.resources import (
    GROUP,
    USER,
    GroupInput,
    UserInput,
    group_input,
    patch,
    user_input,
)

ALWAYS = ("schemas", "id", "meta")


def user_document(member: DirectoryMember) -> dict[str, Any]:
    """The writable attributes of a member, as a PATCH starts from them."""
    document: dict[str, Any] = {"userName": member.user_name}
    if member.external_id:
        document["externalId"] = member.external_id
    document.update(copy.deepcopy(member.attributes))
    if "active" in document:  # the account's state, which staff may also have changed
        document["active"] = member.user.is_active
    return document


def group_document(group: DirectoryGroup, request: HttpRequest | None) -> dict[str, Any]:
    document: dict[str, Any] = {"displayName": group.display_name}
    if group.external_id:
        document["externalId"] = group.external_id
    if group.pk is not None and not _excluded(request, "members"):
        links = group.links.select_related("member").order_by("id")
        members = [_ref("scim:users", link.member.scim_id, request, "User") for link in links]
        if members:
            document["members"] = members
    return document


def _ref(url_name: str, scim_id: str, request: HttpRequest | None, kind: str) -> dict[str, str]:
    path = reverse(url_name, kwargs={"uuid": scim_id})
    return {"value": scim_id, "$ref": urljoin(base_location(request), path), "type": kind}


def _meta(adapter: SCIMMixin, created: Any, modified: Any) -> dict[str, str]:
    return {
        "resourceType": adapter.resource_type,
        "created": created.isoformat(),
        "lastModified": modified.isoformat(),
        "location": adapter.location,
    }


# ---------------------------------------------------------------------------------------------
# attributes= and excludedAttributes= (RFC 7644, section 3.4.2.5)


def _asked(request: HttpRequest | None) -> tuple[set[str], set[str]]:
    """The attributes the client asked for, and those it asked to leave out (lowercased)."""
    if request is None:
        return set(), set()
    if request.method == "POST" and request.path.endswith(".search"):
        try:
            body = json.loads(request.body or b"{}")
        except ValueError:
            body = {}
        wanted, unwanted = body.get("attributes") or [], body.get("excludedAttributes") or []
    else:
        wanted = request.GET.get("attributes", "").split(",")
        unwanted = request.GET.get("excludedAttributes", "").split(",")
    return _names(wanted), _names(unwanted)


def _names(values: Any) -> set[str]:
    names = set()
    for value in values if isinstance(values, list) else []:
        name = str(value).strip()
        for urn in (USER.urn, GROUP.urn):
            if name.lower().startswith(urn.lower() + ":"):
                name = name[len(urn) + 1 :]
        if name:
            names.add(name.split(".")[0].lower())
    return names


def _excluded(request: HttpRequest | None, name: str) -> bool:
    wanted, unwanted = _asked(request)
    return name.lower() in unwanted or bool(wanted) and name.lower() not in wanted


def project(document: dict[str, Any], request: HttpRequest | None) -> dict[str, Any]:
    wanted, unwanted = _asked(request)
    return {
        key: value
        for key, value in document.items()
        if key in ALWAYS or (key.lower() in wanted if wanted else key.lower() not in unwanted)
    }


# ---------------------------------------------------------------------------------------------
# The adapters


class _Adapter(SCIMMixin):  # type: ignore[misc]
    id_field = "scim_id"

    @property
    def directory(self) -> Directory:
        directory: Directory = self.request.scim_directory
        return directory

    @classmethod
    def resource_type_dict(cls, request: HttpRequest | None = None) -> dict[str, Any]:
        kind: str = cls.resource_type
        path = reverse("scim:resource-types", kwargs={"uuid": kind})
        return {
            "schemas": [SchemaURI.RESOURCE_TYPE],
            "id": kind,
            "name": kind,
            "endpoint": f"/{kind}s",
            "description": cls.__doc__.strip().splitlines()[0] if cls.__doc__ else kind,
            "schema": cls.urn,
            "meta": {
                "location": urljoin(base_location(request), path),
                "resourceType": "ResourceType",
            },
        }


class MemberAdapter(_Adapter):
    """A member of the organisation, provisioned by a directory."""

    url_name = "scim:users"
    resource_type = "User"
    urn = SchemaURI.USER
    obj: DirectoryMember

    def __init__(self, obj: DirectoryMember, request: HttpRequest | None = None) -> None:
        super().__init__(obj, request=request)
        self.data: UserInput | None = None

    def to_dict(self) -> dict[str, Any]:
        member = self.obj
        document = {"schemas": [SchemaURI.USER], "id": self.id, **user_document(member)}
        if not _excluded(self.request, "groups"):
            links = member.links.select_related("group").order_by("id")
            found = [
                _ref("scim:groups", link.group.scim_id, self.request, "direct") for link in links
            ]
            if found:
                document["groups"] = found
        document["meta"] = _meta(self, member.created_at, member.updated_at)
        return project(document, self.request)

    def validate_dict(self, d: dict[str, Any]) -> None:
        self.data = user_input(d)

    def from_dict(self, d: dict[str, Any]) -> None:
        if self.data is None:
            self.data = user_input(d)

    def save(self) -> None:
        assert self.data is not None
        self.obj = services.member_write(
            directory=self.directory,
            member=self.obj if self.obj.pk is not None else None,
            data=self.data,
            request=self.request,
        )

    def delete(self) -> None:
        services.member_delete(directory=self.directory, member=self.obj, request=self.request)

    def handle_operations(self, operations: Any) -> None:
        self.data = user_input(patch(user_document(self.obj), operations, USER))
        self.save()


class GroupAdapter(_Adapter):
    """A directory group: a team or a program in Twoway, as mapped by staff."""

    url_name = "scim:groups"
    resource_type = "Group"
    urn = SchemaURI.GROUP
    obj: DirectoryGroup

    def __init__(self, obj: DirectoryGroup, request: HttpRequest | None = None) -> None:
        super().__init__(obj, request=request)
        self.data: GroupInput | None = None

    def to_dict(self) -> dict[str, Any]:
        group = self.obj
        document = {"schemas": [SchemaURI.GROUP], "id": self.id}
        document.update(group_document(group, self.request))
        document["meta"] = _meta(self, group.created_at, group.updated_at)
        return project(document, self.request)

    def validate_dict(self, d: dict[str, Any]) -> None:
        self.data = group_input(d)

    def from_dict(self, d: dict[str, Any]) -> None:
        if self.data is None:
            self.data = group_input(d)

    def save(self) -> None:
        assert self.data is not None
        self.obj = groups.group_write(
            directory=self.directory,
            group=self.obj if self.obj.pk is not None else None,
            data=self.data,
            request=self.request,
        )

    def delete(self) -> None:
        groups.group_delete(directory=self.directory, group=self.obj, request=self.request)

    def handle_operations(self, operations: Any) -> None:
        document = group_document(self.obj, None)  # every member, whatever was asked to show
        self.data = group_input(patch(document, operations, GROUP))
        self.save()
