"""Lets a page with "Sign in with …" buttons post to the providers it shows.

The site's Content-Security-Policy allows forms to post to this site only (``form-action
'self'``), and browsers apply that to the redirect a form's answer makes too: the button posts
to /auth/…/login/, which redirects to the provider, so that redirect would be blocked. The
``sso_providers`` template tag notes the providers' origins on the request; this adds them to
that one response's ``form-action``. Listed after django-csp's middleware, so it runs first on
the way out.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase

ORIGINS_ATTRIBUTE = "_sso_form_origins"


class SsoFormActionMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        origins = sorted(getattr(request, ORIGINS_ATTRIBUTE, ()))
        if origins:
            update = dict(getattr(response, "_csp_update", None) or {})
            update["form-action"] = [*update.get("form-action", []), *origins]
            response._csp_update = update  # type: ignore[attr-defined]
        return response
