"""Bearer-token authentication for the API (personal tokens from the settings page)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth


class ApiTokenAuth(HttpBearer):
    """Accepts ``Authorization: Bearer tw_…``. Anything else leaves the request anonymous.

    A malformed, revoked or unknown token returns None, so ninja raises AuthenticationError and
    twoway/api.py answers 401 with the usual error shape.
    """

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        from twoway.accounts.models import ApiToken
        from twoway.core.i18n import speak_their_choice

        user = ApiToken.objects.user_for(token.strip())
        if user is not None:
            request.user = user
            # The API's messages in the token's member's chosen language (docs/i18n.md).
            speak_their_choice(request, user)
        return user


class MemberSessionAuth(SessionAuth):
    """Session authentication that checks CSRF only when there is a signed-in session.

    Without a session there is nothing to forge, so the caller gets 401 ("sign in or send a
    token") instead of a CSRF 403 that would hide the real problem.
    """

    def __call__(self, request: HttpRequest) -> Any:
        if not request.user.is_authenticated:
            return None
        return super().__call__(request)
