"""Bearer-token authentication for /scim/v2: each request names its directory by its token.

django-scim2 wraps every SCIM view in the class named by its ``AUTH_CHECK_MIDDLEWARE`` setting;
this one stands in for its default (which trusts ``request.user``). A valid token puts the
directory on ``request.scim_directory``; anything else gets a SCIM error with status 401.
Members' sessions never reach SCIM: a signed-in browser without the token is refused too.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django_scim.constants import SCIM_CONTENT_TYPE, SchemaURI

from twoway.provisioning import services
from twoway.provisioning.models import Directory

logger = logging.getLogger(__name__)

CHALLENGE = 'Bearer realm="Twoway SCIM"'


def directory_of(request: HttpRequest) -> Directory | None:
    """The enabled directory whose token the request carries, or None."""
    scheme, _, secret = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not secret.strip():
        return None
    return Directory.objects.for_token(secret.strip())


def scim_error(status: int, detail: str, scim_type: str = "") -> HttpResponse:
    """A SCIM error response (RFC 7644, section 3.12)."""
    body: dict[str, Any] = {"schemas": [SchemaURI.ERROR], "status": str(status), "detail": detail}
    if scim_type:
        body["scimType"] = scim_type
    return HttpResponse(json.dumps(body), content_type=SCIM_CONTENT_TYPE, status=status)


def refused() -> HttpResponse:
    response = scim_error(
        401,
        "Send the directory's token as Authorization: Bearer <token>. A directory and its token "
        "are made by staff in the admin (Provisioning → Directories).",
    )
    response["WWW-Authenticate"] = CHALLENGE
    return response


class DirectoryTokenAuth:
    """Wraps one SCIM view: refuses a request without a valid directory token."""

    def __init__(self, get_response: Callable[..., HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        directory = directory_of(request)
        if directory is None:
            logger.warning("SCIM request refused: no valid directory token (%s)", request.path)
            return refused()
        request.scim_directory = directory  # type: ignore[attr-defined]
        services.directory_used(directory=directory)
        return self.get_response(request, *args, **kwargs)


def directory_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The same check for our own views (the 404 and 501 answers under /scim/v2)."""
    return DirectoryTokenAuth(view)
