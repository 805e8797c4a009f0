"""Who must use a second factor, and whether they have one (docs/security.md, "Multi-factor
sign-in").

Staff and superusers always must; everyone must when the site sets ``MFA_REQUIRED=true``. A second
factor is an authenticator app (TOTP) or a passkey / security key (WebAuthn); recovery codes are a
way back in, not a factor of their own.
"""

from __future__ import annotations

from typing import Any

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.http import HttpRequest

FACTORS = (Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN)
# Set in a session once its member is known to have a factor, so the check costs no query after
# that. Removing one's own last factor clears it (receivers.py); staff removing a member's factors
# ends all of that member's sessions (services.py).
HAS_FACTOR_SESSION_KEY = "twofactor_has_factor"


def is_required(user: Any) -> bool:
    """Whether ``user`` must sign in with a second factor."""
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(user.is_staff or user.is_superuser or settings.MFA_REQUIRED)


def has_factor(user: Any) -> bool:
    """Whether ``user`` has an authenticator app or a passkey (one query)."""
    return bool(Authenticator.objects.filter(user_id=user.pk, type__in=FACTORS).exists())


def factor_types(user: Any) -> set[str]:
    """The kinds of authenticator ``user`` has: "totp", "webauthn", "recovery_codes"."""
    return set(Authenticator.objects.filter(user_id=user.pk).values_list("type", flat=True))


def must_set_up(request: HttpRequest) -> bool:
    """Whether the request's signed-in member must use a second factor and has none yet.

    Costs no query for a member the policy does not cover, and one query per session for one it
    does, until they have a factor.
    """
    user = getattr(request, "user", None)
    if not is_required(user):
        return False
    if request.session.get(HAS_FACTOR_SESSION_KEY):
        return False
    if has_factor(user):
        request.session[HAS_FACTOR_SESSION_KEY] = True
        return False
    return True
