"""Keeps a row per signed-in session, so members can see where they are signed in."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from twoway.accounts import services


class SessionRecordMiddleware:
    """After each response, record the signed-in session (at most once a minute).

    Sits after AuthenticationMiddleware. It runs after the view, so a login, a password change
    (which moves the session to a new key) or a logout is seen as it ends.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if hasattr(request, "session") and hasattr(request, "user"):
            services.session_seen(request=request)
        return response
