"""The API's shared parts, imported by every app's ``api.py``: the error shape, the error part of
an endpoint's declaration, and how a member is shown to other members.

Every error, whatever raised it, leaves as ``{"error": {"code", "message", "fields"}}`` so a client
needs one parser; ``fields`` lists per-field problems for validation errors and is empty otherwise.
The handlers that produce it are registered on the site's one NinjaAPI in :mod:`twoway.api`.

The input types (``ShortText``, ``Text``, ``Finite``, ``SaneDate``, ``Id`` …) hold the rules every
request body and query parameter obeys before a service sees it: text without NUL characters or
lone surrogates (PostgreSQL and UTF-8 refuse both), within a length; finite numbers within the
columns' ranges; dates in a window that time-zone arithmetic can't push out of ``datetime``'s
range. A value that breaks one answers 422 naming the field, never 500. Services check what the
web forms send too (``clean_text``, ``local_datetime``); these types stop the rest at the door.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any

from django.http import HttpResponse, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext
from ninja import Schema
from pydantic import AfterValidator, Field, GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic_core import PydanticCustomError, core_schema

from twoway.accounts.models import User
from twoway.core.errors import TEXT_MAX
from twoway.core.times import DAY_MAX, DAY_MIN, day_window
from twoway.people.models import name_of

SHORT_TEXT_MAX = 300
LONG_TEXT_MAX = 50_000
LIST_MAX = 20  # skills, tags, languages in one request
SMALL_INT_MAX = 32_767  # PositiveSmallIntegerField on every database
ID_MAX = 2**63 - 1  # BigAutoField


def clean_str(value: str) -> str:
    """``value`` unchanged, or a validation error when it holds a NUL or a lone surrogate."""
    if "\x00" in value:
        raise PydanticCustomError("nul_character", gettext("Remove the NUL character (\\u0000)."))
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise PydanticCustomError(
            "lone_surrogate",
            gettext("This text holds an invalid character (a lone surrogate)."),
        ) from None
    return value


@dataclass(frozen=True, slots=True)
class Clean:
    """Text of at most ``max_length`` characters, clean for every database:
    ``Annotated[str, Clean(40)]`` for a field whose column is shorter than the named types.

    Too long reads as Django's own message, so the API and the forms say it alike."""

    max_length: int

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> Any:
        return core_schema.no_info_after_validator_function(self.check, handler(source))

    def __get_pydantic_json_schema__(self, schema: Any, handler: GetJsonSchemaHandler) -> Any:
        return {**handler(schema), "maxLength": self.max_length}

    def check(self, value: str) -> str:
        if len(value) > self.max_length:
            raise PydanticCustomError(
                "string_too_long",
                gettext("Ensure this value has at most {max_length} characters (it has {length})."),
                {"max_length": self.max_length, "length": len(value)},
            )
        return clean_str(value)


def _in_window(value: date) -> date:
    if not DAY_MIN <= value <= DAY_MAX:
        raise PydanticCustomError("date_window", day_window())
    return value


# A line: a name, a skill, a reason, a place. Each field's own column limit is the service's.
ShortText = Annotated[str, Clean(SHORT_TEXT_MAX)]
# A paragraph: a message, a note, a bio, a learning entry.
Text = Annotated[str, Clean(TEXT_MAX)]
# A post's Markdown body.
LongText = Annotated[str, Clean(LONG_TEXT_MAX)]
# A number the database stores as a float: never NaN or infinite. Give each field its range.
Finite = Annotated[float, Field(allow_inf_nan=False)]
# A count, level or duration: fits a PositiveSmallIntegerField.
SmallInt = Annotated[int, Field(ge=0, le=SMALL_INT_MAX)]
# A row's id: fits a BigAutoField.
Id = Annotated[int, Field(ge=1, le=ID_MAX)]
# A day to plan for (sessions, meetings, programs): see twoway.core.times.DAY_MIN and DAY_MAX.
SaneDate = Annotated[date, AfterValidator(_in_window)]


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
