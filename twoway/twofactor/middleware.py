"""Sends a member who must use a second factor, and has none, to set one up."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from twoway.core.api import error_response
from twoway.twofactor import policy

SET_UP_FIRST = _(
    "Your account needs two-factor sign-in. Set up an authenticator app or a passkey at "
    "%(url)s in your browser, then try again."
)


@cache
def _open_paths() -> tuple[str, ...]:
    """What a member who still has to set up a factor may reach: the set-up pages (and the
    re-authentication they may ask for), signing out, verifying their email (a factor can only be
    added to a verified address), health checks and static files."""
    names = ("mfa_index", "account_reauthenticate", "accounts:logout", "account_logout",
             "accounts:verify_resend", "health", "healthz", "readyz", "metrics")  # fmt: skip
    # STATIC_URL itself: static("") asks the manifest storage of production for a file "" and
    # raises, which answered every page with a 500.
    paths = [
        settings.STATIC_URL or "/static/",
        reverse("accounts:verify", args=["-"]).removesuffix("-/"),
    ]
    for name in names:
        try:
            paths.append(reverse(name))
        except NoReverseMatch:  # a page another app closed is simply not open here either
            continue
    return tuple(paths)


class SecondFactorRequiredMiddleware:
    """Every page but the open ones sends such a member to /auth/2fa/; the API answers 403.

    A request carrying a bearer token (a personal API token, a directory's SCIM token) is left to
    the token: personal tokens are created only from a session that passed this check, and die
    with the password. Sits after the authentication and message middleware.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self._exempt(request) or not policy.must_set_up(request):
            return self.get_response(request)
        set_up = reverse("mfa_index")
        if request.path.startswith("/api/"):
            return error_response(403, "forbidden", str(SET_UP_FIRST) % {"url": set_up})
        if request.headers.get("HX-Request"):
            # An htmx fragment (the bell, a poll) must not swap the set-up page into itself.
            return HttpResponse(status=403)
        return HttpResponseRedirect(set_up)

    @staticmethod
    def _exempt(request: HttpRequest) -> bool:
        if request.path.startswith(_open_paths()):
            return True
        return request.headers.get("Authorization", "").lower().startswith("bearer ")
