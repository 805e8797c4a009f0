"""The few /scim/v2 answers django-scim2 leaves empty, made SCIM errors (RFC 7644, 3.12):
an unknown schema, resource type or address (404), and what we do not support (501)."""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urljoin

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django_scim import views as scim_views
from django_scim.constants import SCIM_CONTENT_TYPE, SchemaURI
from django_scim.exceptions import NotFoundError

from twoway.provisioning import discovery
from twoway.provisioning.auth import directory_required, scim_error


def _listed(resources: list[dict[str, Any]]) -> HttpResponse:
    body = {
        "schemas": [SchemaURI.LIST_RESPONSE],
        "totalResults": len(resources),
        "itemsPerPage": len(resources),
        "startIndex": 1,
        "Resources": resources,
    }
    return HttpResponse(json.dumps(body), content_type=SCIM_CONTENT_TYPE)


def _one(resource: dict[str, Any]) -> HttpResponse:
    return HttpResponse(json.dumps(resource), content_type=SCIM_CONTENT_TYPE)


class SchemasView(scim_views.SchemasView):  # type: ignore[misc]
    def get(
        self, request: HttpRequest, uuid: str | None = None, *args: Any, **kwargs: Any
    ) -> HttpResponse:
        found = {}
        for schema in discovery.schemas():
            path = reverse("scim:schemas", kwargs={"uuid": schema["id"]})
            location = urljoin(discovery.base_location(request), path)
            found[schema["id"]] = {
                **schema,
                "meta": {"resourceType": "Schema", "location": location},
            }
        if uuid is None:
            return _listed(sorted(found.values(), key=lambda s: str(s["id"])))
        if uuid not in found:
            raise NotFoundError(uuid)
        return _one(found[uuid])


class ResourceTypesView(scim_views.ResourceTypesView):  # type: ignore[misc]
    def get(
        self, request: HttpRequest, uuid: str | None = None, *args: Any, **kwargs: Any
    ) -> HttpResponse:
        found = self.type_dict_by_type_id(request)
        if uuid is None:
            return _listed(sorted(found.values(), key=lambda s: str(s["id"])))
        if uuid not in found:
            raise NotFoundError(uuid)
        return _one(found[uuid])


def scim_answer(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Wraps django-scim2's views: a page holds at most MAX_RESULTS resources (a larger or
    negative ``count`` is brought within 0..MAX_RESULTS, as RFC 7644 allows), and an error's
    status is a string, as RFC 7644 says (django-scim2 writes a number)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if "count" in request.GET:
            query = request.GET.copy()
            query["count"] = str(_count(request.GET.get("count", "")))
            request.GET = query  # type: ignore[assignment]
        response = view(request, *args, **kwargs)
        if response.status_code >= 400 and response.content.startswith(b"{"):
            body = json.loads(response.content)
            if isinstance(body.get("status"), int):
                body["status"] = str(body["status"])
                response.content = json.dumps(body).encode()
        return response

    return wrapped


def _count(value: str) -> int | str:
    try:
        return max(0, min(int(value), discovery.MAX_RESULTS))
    except ValueError:
        return value  # django-scim2 answers 400 for it


@csrf_exempt
@directory_required
def not_found(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    return scim_error(404, f"Nothing is at {request.path}. Resources are /Users and /Groups.")


@csrf_exempt
@directory_required
def not_supported(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    return scim_error(
        501,
        "Not supported here: bulk operations, /Me and searching every resource type at once. "
        "Use /Users or /Groups (and their /.search).",
    )
