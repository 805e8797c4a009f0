"""A request id on every request, its response and every log record written while it runs.

The id comes from the reverse proxy's ``X-Request-ID`` header (nginx's ``$request_id``, HAProxy's
``unique-id``) when it looks like one, so the proxy's access log, ours and an error report share
it; otherwise a new one is made. A value that isn't a short run of letters, digits and ``.-_:``
is replaced, so a client can't write into our logs through it. The id goes back to the client as
``X-Request-ID`` (gunicorn's access log prints it too, see gunicorn_conf.py) and onto every log
record as ``request_id`` (``-`` outside a request: the worker, commands).
"""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Callable
from contextvars import ContextVar

from django.http import HttpRequest, HttpResponse

HEADER = "X-Request-ID"
NONE = "-"
_current: ContextVar[str] = ContextVar("request_id", default=NONE)
_WELL_FORMED = re.compile(r"[A-Za-z0-9._:-]{8,128}")


def current_request_id() -> str:
    """The id of the request being served in this thread, or ``-``."""
    return _current.get()


def request_id_for(incoming: str | None) -> str:
    """The proxy's id when it is well formed (8–128 letters, digits or ``.-_:``), else a new
    one (32 hex digits)."""
    if incoming and _WELL_FORMED.fullmatch(incoming):
        return incoming
    return uuid.uuid4().hex


class RequestIdMiddleware:
    """Sets the request id for the request's duration and sends it back as ``X-Request-ID``."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = request_id_for(request.headers.get(HEADER))
        token = _current.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            _current.reset(token)
        response[HEADER] = request_id
        return response


class RequestIdFilter(logging.Filter):
    """Adds ``request_id`` to every record (settings.LOGGING puts it on the console handler)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = _current.get()
        return True
