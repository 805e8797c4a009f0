"""The request being served, for audit entries written by signal receivers.

A receiver for ``post_save`` or ``m2m_changed`` is not handed the request, yet the entry needs
who did it and from where. ``AuditRequestMiddleware`` keeps the request in a context variable
for the length of the response (each thread or task has its own), and ``record`` reads it when
its caller passes none. Outside a request (a worker, a command) there is none: the system acted.
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar

from django.http import HttpRequest, HttpResponse

_request: ContextVar[HttpRequest | None] = ContextVar("twoway_audit_request", default=None)


def current_request() -> HttpRequest | None:
    """The request this thread is serving, or None outside one."""
    return _request.get()


class AuditRequestMiddleware:
    """Makes the request known to ``record`` while it is served. Sits after authentication."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _request.set(request)
        try:
            return self.get_response(request)
        finally:
            _request.reset(token)
