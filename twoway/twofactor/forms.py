"""allauth.mfa's forms with Twoway's rules (settings.MFA_FORMS): a factor is added only to a
verified email address, and a failed passkey is audited like a wrong code."""

from __future__ import annotations

from typing import Any

from allauth.mfa.adapter import get_adapter
from allauth.mfa.totp.forms import ActivateTOTPForm
from allauth.mfa.webauthn.forms import (
    AddWebAuthnForm,
    AuthenticateWebAuthnForm,
    ReauthenticateWebAuthnForm,
)
from django.core.exceptions import ValidationError

from twoway.twofactor.receivers import second_factor_failed

# allauth's code for a refusal by its own attempt limit: not an attempt at a factor.
LIMITED = "too_many_login_attempts"


def _check_verified(user: Any) -> None:
    """Someone who signed up with another person's address, unverified, must not be able to lock
    its owner out by adding a factor of their own (allauth checks its own address table only)."""
    if not user.email_verified:
        raise get_adapter().validation_error("unverified_email")


class VerifiedActivateTOTPForm(ActivateTOTPForm):  # type: ignore[misc]
    def clean_code(self) -> str:
        _check_verified(self.user)
        return str(super().clean_code())


class VerifiedAddWebAuthnForm(AddWebAuthnForm):  # type: ignore[misc]
    def clean(self) -> dict[str, Any]:
        _check_verified(self.user)
        return dict(super().clean())


class _AuditedWebAuthnMixin:
    user: Any
    reauthenticated: bool

    def clean_credential(self) -> Any:
        try:
            return super().clean_credential()  # type: ignore[misc]
        except ValidationError as exc:
            if exc.code != LIMITED:
                second_factor_failed(user=self.user, factor="passkey",
                                     reauthentication=self.reauthenticated)  # fmt: skip
            raise


class AuditedAuthenticateWebAuthnForm(_AuditedWebAuthnMixin, AuthenticateWebAuthnForm):  # type: ignore[misc]
    """The passkey button on the sign-in's second step."""


class AuditedReauthenticateWebAuthnForm(_AuditedWebAuthnMixin, ReauthenticateWebAuthnForm):  # type: ignore[misc]
    """A passkey confirming a signed-in member before a sensitive change."""
