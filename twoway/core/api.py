"""The API's shared parts, imported by every app's ``api.py``: the error shape, the error part of
an endpoint's declaration, and how a member is shown to other members.

Every error, whatever raised it, leaves as ``{"error": {"code", "message", "fields"}}`` so a client
needs one parser; ``fields`` lists per-field problems for validation errors and is empty otherwise.
The handlers that produce it are registered on the site's one NinjaAPI in :mod:`twoway.api`.
"""

from __future__ import annotations

from django.http import HttpResponse, JsonResponse
from django.urls import reverse
from ninja import Schema

from twoway.accounts.models import User
from twoway.people.models import name_of


class FieldError(Schema):
    field: str
    message: str


class ErrorBody(Schema):
    code: str
    message: str
    fields: list[FieldError] = []


class ErrorOut(Schema):
    error: ErrorBody


def errors(*codes: int) -> dict[int, type[ErrorOut]]:
    """The error part of an endpoint's ``response=`` declaration, e.g. ``{200: X, **errors(404)}``.

    401 and 422 are always declared: every endpoint authenticates and validates input.
    """
    return {code: ErrorOut for code in sorted({401, 422, *codes})}


def error_response(
    status: int, code: str, message: str, fields: list[dict[str, str]] | None = None
) -> HttpResponse:
    body = {"error": {"code": code, "message": message, "fields": fields or []}}
    return JsonResponse(body, status=status)


class MemberOut(Schema):
    """A member as other members see them: handle, name and profile page, never the email."""

    handle: str
    display_name: str
    url: str


def member(user: User) -> dict[str, str]:
    """``MemberOut`` for a user; one without a profile yet has an empty handle and url."""
    profile = getattr(user, "profile", None)
    handle = profile.handle if profile is not None else ""
    return {
        "handle": handle,
        "display_name": name_of(user),
        "url": reverse("people:profile", args=[handle]) if handle else "",
    }
