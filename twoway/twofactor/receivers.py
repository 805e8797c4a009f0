"""Audit entries for second factors (docs/security.md, "Audit log"), from allauth.mfa's signals:
``mfa.change`` when a member adds or removes an authenticator or makes new recovery codes, and
``auth.mfa_failed`` for a wrong code or a failed passkey. Staff removals in the admin record
their own entries (services.py).
"""

from __future__ import annotations

from typing import Any

from allauth.mfa import signals
from allauth.mfa.models import Authenticator
from django.dispatch import receiver
from django.http import HttpRequest

from twoway.audit.context import current_request
from twoway.audit.models import Action
from twoway.audit.services import record
from twoway.twofactor import policy


def _changed(request: HttpRequest | None, user: Any, authenticator: Authenticator,
             change: str) -> None:  # fmt: skip
    record(Action.MFA_CHANGE, target=user, request=request, change=change,
           type=authenticator.type, authenticator=authenticator.pk)  # fmt: skip


@receiver(signals.authenticator_added, dispatch_uid="twofactor_added")
def _added(sender: Any, request: HttpRequest, user: Any, authenticator: Authenticator,
           **kwargs: Any) -> None:  # fmt: skip
    _changed(request, user, authenticator, "added")


@receiver(signals.authenticator_removed, dispatch_uid="twofactor_removed")
def _removed(sender: Any, request: HttpRequest, user: Any, authenticator: Authenticator,
             **kwargs: Any) -> None:  # fmt: skip
    _changed(request, user, authenticator, "removed")
    if authenticator.type in policy.FACTORS and not policy.has_factor(user):
        request.session.pop(policy.HAS_FACTOR_SESSION_KEY, None)


@receiver(signals.authenticator_reset, dispatch_uid="twofactor_reset")
def _reset(sender: Any, request: HttpRequest, user: Any, authenticator: Authenticator,
           **kwargs: Any) -> None:  # fmt: skip
    _changed(request, user, authenticator, "recovery_codes_regenerated")


@receiver(signals.authentication_failed, dispatch_uid="twofactor_failed")
def _failed(sender: Any, request: HttpRequest, user: Any, authenticator: Authenticator,
            reauthentication: bool = False, **kwargs: Any) -> None:  # fmt: skip
    # The code box takes an app's code or a recovery code: which one was meant is unknown.
    second_factor_failed(user=user, factor="code", reauthentication=reauthentication,
                         request=request)  # fmt: skip


def second_factor_failed(
    *, user: Any, factor: str, reauthentication: bool, request: HttpRequest | None = None
) -> None:
    """Record a wrong code (``factor="code"``) or a failed passkey (``"passkey"``) for ``user``'s
    account: during sign-in the actor
    is a visitor (the password was right, the session not yet theirs); when re-confirming a
    signed-in member, that member."""
    record(Action.MFA_FAILED, target=user, request=request or current_request(), factor=factor,
           reauthentication=reauthentication)  # fmt: skip
