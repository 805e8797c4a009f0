"""Twoway's allauth.mfa adapter: the site's name in authenticator apps and passkey prompts, plain
error messages, and the rule that a member the policy covers keeps at least one factor."""

from __future__ import annotations

from typing import Any

from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from twoway.twofactor import policy


class TwowayMFAAdapter(DefaultMFAAdapter):  # type: ignore[misc]
    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "cannot_delete_authenticator": _(
            "Your account needs two-factor sign-in, so this is your last way to give a second "
            "factor. Add a passkey (or another authenticator app) first, then remove this one."
        ),
        "incorrect_code": _(
            "That code didn't work. Type the 6 digits your authenticator app shows now, or one of "
            "your recovery codes."
        ),
        "unverified_email": _(
            "Verify your email address first: a second factor can only protect a verified "
            "address. Use the link we emailed you, or ask for a new one on your settings page."
        ),
    }

    def _get_site_name(self) -> str:
        return settings.SITE_NAME

    def generate_authenticator_name(self, user: Any, type: Authenticator.Type) -> str:
        """A new passkey's name until its owner gives one: "Passkey 1", "Passkey 2"…"""
        count = Authenticator.objects.filter(user_id=user.pk, type=type).count()
        return gettext("Passkey %(number)d") % {"number": count + 1}

    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        """No when the member must use a second factor and this is the last one they have."""
        user: Any = authenticator.user
        if not policy.is_required(user):
            return True
        others = Authenticator.objects.filter(user_id=user.pk, type__in=policy.FACTORS)
        return bool(others.exclude(pk=authenticator.pk).exists())
