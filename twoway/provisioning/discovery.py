"""What /scim/v2 says about itself: ServiceProviderConfig, Schemas and the base location.

The schemas published are the RFC 7643 ones cut down to the attributes Twoway keeps, so a
directory (and a compliance checker) knows exactly what round-trips. Changes from django-scim2's
copies of them: ``emails`` and its ``value`` are required, because every member needs an address
(a userName that is an address is accepted in their place, see resources.py); a Group's
``displayName`` is required, as RFC 7643's text says.
"""

from __future__ import annotations

import copy
from typing import Any
from urllib.parse import urljoin

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django_scim.constants import SchemaURI
from django_scim.schemas import ALL as PACKAGED_SCHEMAS

# The largest page a list answers; more is asked for page by page (startIndex, count).
MAX_RESULTS = 200

USER_ATTRIBUTES: dict[str, tuple[str, ...] | None] = {
    "userName": None,
    "name": ("formatted", "familyName", "givenName"),
    "displayName": None,
    "active": None,
    "emails": ("value", "type", "primary"),
    "groups": ("value", "$ref", "type"),
}
GROUP_ATTRIBUTES: dict[str, tuple[str, ...] | None] = {
    "displayName": None,
    "members": ("value", "$ref", "type"),
}
REQUIRED = {
    (SchemaURI.USER, "emails"),
    (SchemaURI.USER, "emails.value"),
    (SchemaURI.GROUP, "displayName"),
}


def base_location(request: HttpRequest | None = None, *args: Any, **kwargs: Any) -> str:
    """Where the service is reached, for ``meta.location`` and ``$ref``: the request's own
    scheme and host (checked by ALLOWED_HOSTS), else SITE_URL."""
    if request is not None:
        return request.build_absolute_uri("/")
    return settings.SITE_URL + "/"


def _packaged(uri: str) -> dict[str, Any]:
    return copy.deepcopy(next(s for s in PACKAGED_SCHEMAS if s["id"] == uri))


def _cut(uri: str, keep: dict[str, tuple[str, ...] | None]) -> dict[str, Any]:
    schema = _packaged(uri)
    attributes = []
    for attribute in schema["attributes"]:
        if attribute["name"] not in keep:
            continue
        parts = keep[attribute["name"]]
        if parts is not None:
            attribute["subAttributes"] = [
                sub for sub in attribute.get("subAttributes", []) if sub["name"] in parts
            ]
            for sub in attribute["subAttributes"]:
                sub["required"] = (uri, f"{attribute['name']}.{sub['name']}") in REQUIRED
        attribute["required"] = attribute["required"] or (uri, attribute["name"]) in REQUIRED
        attributes.append(attribute)
    schema["attributes"] = attributes
    return schema


def schemas() -> list[dict[str, Any]]:
    """The schemas /Schemas lists (django-scim2's ``SCHEMAS_GETTER``)."""
    found = [_cut(SchemaURI.USER, USER_ATTRIBUTES), _cut(SchemaURI.GROUP, GROUP_ATTRIBUTES)]
    for uri in (SchemaURI.SERVICE_PROVIDER_CONFIG, SchemaURI.RESOURCE_TYPE, _SCHEMA_URI):
        found.append(_packaged(uri))
    return [{"schemas": [_SCHEMA_URI], **schema} for schema in found]


_SCHEMA_URI = "urn:ietf:params:scim:schemas:core:2.0:Schema"


class ServiceProviderConfig:
    """django-scim2's ``SERVICE_PROVIDER_CONFIG_MODEL``: what this service supports."""

    def __init__(self, request: HttpRequest | None = None) -> None:
        self.request = request

    def to_dict(self) -> dict[str, Any]:
        path = reverse("scim:service-provider-config")
        return {
            "schemas": [SchemaURI.SERVICE_PROVIDER_CONFIG],
            "documentationUri": urljoin(base_location(self.request), "/"),
            "patch": {"supported": True},
            "bulk": {"supported": False, "maxOperations": 0, "maxPayloadSize": 0},
            "filter": {"supported": True, "maxResults": MAX_RESULTS},
            "changePassword": {"supported": False},
            "sort": {"supported": False},
            "etag": {"supported": False},
            "authenticationSchemes": settings.SCIM_SERVICE_PROVIDER["AUTHENTICATION_SCHEMES"],
            "meta": {
                "location": urljoin(base_location(self.request), path),
                "resourceType": "ServiceProviderConfig",
            },
        }
