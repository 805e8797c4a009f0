"""Checks every request passes before any view reads it, and a header every response carries.

``RequestGuardMiddleware`` answers at once, without reading the body:
- 413 when a body other than a file upload is larger than ``DATA_UPLOAD_MAX_MEMORY_SIZE`` (Django
  would raise ``RequestDataTooBig`` later, as a 400, or as a 500 where the body is read late);
- 400 when the path, the query string or a posted form field holds a NUL character, which
  PostgreSQL refuses in any query (a 500 otherwise, wherever a view reads the value itself rather
  than through a form). Form fields can't carry a lone surrogate: Django decodes them with
  replacement characters. JSON bodies are the API schemas' to check (:mod:`twoway.core.api`).
Under /api/ both answer in the API's error shape; elsewhere as a short plain page.

``PermissionsPolicyMiddleware`` sends ``Permissions-Policy`` from the setting of that name, so no
page (or anything injected into one) can ask for the camera, the microphone, the location …
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, QueryDict
from django.utils import translation
from django.utils.translation import gettext_lazy

from twoway.core.api import error_response

Handler = Callable[[HttpRequest], HttpResponse]
API_PREFIX = "/api/"
TOO_LARGE = gettext_lazy("The request is larger than %(kb)s KB. Send less at once.")
NUL = gettext_lazy("The request holds a NUL character (%(char)s). Remove it.")


def _refuse(request: HttpRequest, status: int, code: str, message: str) -> HttpResponse:
    if request.path.startswith(API_PREFIX):
        return error_response(status, code, message)
    return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")


def _too_large(request: HttpRequest) -> bool:
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    if limit is None or request.content_type == "multipart/form-data":
        return False  # uploads are counted field by field as they stream in
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0) > limit
    except ValueError:
        return False  # Django reads a malformed length as no body


def _nul_in(data: QueryDict) -> bool:
    return any("\x00" in key or "\x00" in "".join(values) for key, values in data.lists())


def refuse_too_large(request: HttpRequest) -> HttpResponse:
    kb = settings.DATA_UPLOAD_MAX_MEMORY_SIZE // 1024
    return _refuse(request, 413, "too_large", TOO_LARGE % {"kb": kb})


def _has_nul(request: HttpRequest) -> bool:
    """True when the path, the query or a posted form field holds a NUL."""
    if "\x00" in request.path or _nul_in(request.GET):
        return True
    return request.method == "POST" and _nul_in(request.POST)


class RequestGuardMiddleware:
    """413 for an oversized body, 400 for a NUL character; see the module's docstring."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            too_large = _too_large(request)
            nul = not too_large and _has_nul(request)
        except RequestDataTooBig:  # a form whose fields, not its files, are too large
            too_large, nul = True, False
        if not (too_large or nul):
            return self.get_response(request)
        # Before LocaleMiddleware: answer in the language the browser (or its cookie) asks for.
        with translation.override(translation.get_language_from_request(request)):
            if too_large:
                return refuse_too_large(request)
            return _refuse(request, 400, "bad_request", NUL % {"char": "%00"})


class PermissionsPolicyMiddleware:
    """Adds ``Permissions-Policy`` built from ``settings.PERMISSIONS_POLICY``."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response
        self.header = ", ".join(
            f"{feature}=({' '.join(allowed)})"
            for feature, allowed in settings.PERMISSIONS_POLICY.items()
        )

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.header)
        return response
