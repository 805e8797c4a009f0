"""One NinjaAPI for the whole site: the apps' routers, authentication, and one handler per kind
of error, each answering in the shape of :mod:`twoway.core.api`.

A service's ``Refused`` leaves as 409 with its own ``code`` (``capacity``, ``duplicate_request`` …);
the codes are listed in docs/api.md.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from twoway.accounts.auth import ApiTokenAuth, MemberSessionAuth
from twoway.core.api import error_response
from twoway.core.errors import Refused
from twoway.core.middleware import refuse_too_large

api = NinjaAPI(
    title="Twoway API",
    version="1",
    description="Mentorship as a two-way street. Authenticate with your session or a personal "
    "token (`Authorization: Bearer <token>`, created at /accounts/settings/).",
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
    # The token goes first: a bearer request without a session must not fail the CSRF check.
    auth=[ApiTokenAuth(), MemberSessionAuth(csrf=True)],
)


def _location(loc: Any) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "payload")]
    return ".".join(parts) or "request"


@api.exception_handler(NinjaValidationError)
def on_validation_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    fields = [
        {"field": _location(e.get("loc", [])), "message": e.get("msg", "")} for e in exc.errors
    ]
    return error_response(422, "invalid", _("Some fields are not valid."), fields)


@api.exception_handler(DjangoValidationError)
def on_model_validation_error(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    if hasattr(exc, "error_dict"):
        fields = [
            {"field": name, "message": str(msg)}
            for name, messages in exc.message_dict.items()
            for msg in messages
        ]
    else:
        fields = [{"field": "request", "message": str(m)} for m in exc.messages]
    return error_response(422, "invalid", _("Some fields are not valid."), fields)


@api.exception_handler(AuthenticationError)
def on_auth_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return error_response(
        401,
        "unauthenticated",
        _("Sign in, or send a valid token as 'Authorization: Bearer <token>'."),
    )


@api.exception_handler(PermissionDenied)
def on_forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return error_response(403, "forbidden", str(exc) or _("You may not do this."))


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return error_response(404, "not_found", str(exc) or _("Not found."))


@api.exception_handler(Refused)
def on_refused(request: HttpRequest, exc: Refused) -> HttpResponse:
    """The state forbids the action: 409 with the service's own code and words."""
    return error_response(409, exc.code, str(exc))


@api.exception_handler(RequestDataTooBig)
def on_too_large(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    """A body over DATA_UPLOAD_MAX_MEMORY_SIZE: 413 ``too_large``, as the request guard answers."""
    return refuse_too_large(request)


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if isinstance(exc.__cause__, RequestDataTooBig):  # ninja's body parser wraps it in a 400
        return refuse_too_large(request)
    code = {400: "bad_request", 403: "forbidden", 409: "conflict", 429: "rate_limited"}.get(
        exc.status_code, "error"
    )
    return error_response(exc.status_code, code, str(exc))


def _register_routers() -> None:
    from twoway.accounts.api import router as accounts_router
    from twoway.conversations.api import router as conversations_router
    from twoway.network.api import router as network_router
    from twoway.notifications.api import router as notifications_router
    from twoway.partnerships.api import router as partnerships_router
    from twoway.people.api import router as people_router
    from twoway.posts.api import router as posts_router
    from twoway.privacy.api import router as privacy_router
    from twoway.programs.api import router as programs_router
    from twoway.scheduling.api import router as scheduling_router

    api.add_router("/", accounts_router)
    api.add_router("/", people_router)
    api.add_router("/", notifications_router)
    api.add_router("/", partnerships_router)
    api.add_router("/", programs_router)
    api.add_router("/", posts_router)
    api.add_router("/", network_router)
    api.add_router("/", conversations_router)
    api.add_router("/", scheduling_router)
    api.add_router("/", privacy_router)


_register_routers()
