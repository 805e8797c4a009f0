"""Single sign-on workflows: who may come in through a provider, linking an existing account by
verified email, creating an account just in time, and the SSO-only email domains.

django-allauth runs the protocol (OpenID Connect, SAML 2.0) and calls these through
``twoway.identity.adapters.SocialAccountAdapter``; the password pages call
:func:`sso_only_refusal`. docs/security.md, "Single sign-on", explains the rules to IT.
"""

from __future__ import annotations

import logging
from typing import Any

from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialLogin
from allauth.socialaccount.providers.base import AuthProcess
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from twoway.accounts.models import User
from twoway.accounts.services import create_member_without_password, url_after_join
from twoway.audit.models import Action
from twoway.audit.services import record
from twoway.identity.models import SsoOnlyDomain

logger = logging.getLogger(__name__)

NO_EMAIL = _(
    "%(provider)s did not send us your email address, so we can't tell which account is yours. "
    "Ask your IT team to release the email claim (or attribute) to %(site)s."
)
UNVERIFIED = _(
    "%(provider)s did not confirm that %(email)s is yours, so we can't sign you in with it. Ask "
    "your IT team to mark the address as verified, or to trust this provider's addresses in "
    "%(site)s."
)
OTHER_DOMAIN = _(
    "%(provider)s signs in addresses at %(domains)s only, and %(email)s is not one of them. Sign "
    "in with the button of your own organisation, or with your password."
)


class SsoRefused(Exception):
    """A sign-in through a provider that Twoway must not accept; the message says why."""


def sso_only_refusal(*, email: str, doing: str) -> str | None:
    """The message refusing ``doing`` (e.g. "sign in with a password") to an address at an
    SSO-only domain, or None when that address may do it."""
    domain = SsoOnlyDomain.objects.covering(email)
    return domain.refusal(doing=doing) if domain is not None else None


def verified_email(sociallogin: SocialLogin) -> str | None:
    """The first address the provider vouches for (OIDC ``email_verified``, a SAML attribute,
    or the provider's ``verified_email`` setting), lowercased; None when there is none.

    A claim of ``"false"`` as text counts as false: only true or ``"true"`` verify.
    """
    for address in sociallogin.email_addresses:
        flag = address.verified
        if address.email and (flag is True or str(flag).strip().lower() == "true"):
            return str(address.email).strip().lower()
    return None


def sso_login_check(*, request: HttpRequest, sociallogin: SocialLogin) -> User | None:
    """Decide a sign-in through a provider before allauth completes it.

    An identity already linked (by the provider's stable id) and a signed-in member connecting
    one from their settings pass as they are. Otherwise the provider must vouch for an address
    (else SsoRefused), within the provider's ``email_domains`` when it has that setting; an
    account with that address is linked (:func:`sso_link`) and returned, and None means a new
    member, whom allauth then creates through :func:`sso_member_create`.
    """
    if sociallogin.is_existing or sociallogin.state.get("process") == AuthProcess.CONNECT:
        return None
    name = sociallogin.provider.name
    email = verified_email(sociallogin)
    if email is None:
        claimed = next((str(a.email) for a in sociallogin.email_addresses if a.email), "")
        if not claimed:
            raise SsoRefused(str(NO_EMAIL) % {"provider": name, "site": settings.SITE_NAME})
        raise SsoRefused(
            str(UNVERIFIED) % {"provider": name, "email": claimed, "site": settings.SITE_NAME}
        )
    domains = _allowed_domains(sociallogin)
    if domains and email.rpartition("@")[2] not in domains:
        raise SsoRefused(
            str(OTHER_DOMAIN) % {"provider": name, "domains": ", ".join(domains), "email": email}
        )
    user = User.objects.filter(email=email).first()
    if user is not None:
        sso_link(request=request, sociallogin=sociallogin, user=user)
    return user


def _allowed_domains(sociallogin: SocialLogin) -> list[str]:
    app = sociallogin.provider.app
    configured: Any = (app.settings or {}).get("email_domains") if app is not None else None
    return [str(domain).strip().lower() for domain in configured or []]


@transaction.atomic
def sso_link(*, request: HttpRequest, sociallogin: SocialLogin, user: User) -> None:
    """Link a provider identity to the existing account with the address it vouched for.

    An account whose address we had not verified may have been opened by someone else with this
    address, who knows its password: that password stops working and its sessions and tokens
    end (as django-allauth does), and the address counts as verified from now on.
    """
    was_verified = user.address_vouched()
    sociallogin.connect(request, user)
    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    _record_link(request, sociallogin, user, new_account=False, address_was_verified=was_verified)


def sso_member_create(*, request: HttpRequest, sociallogin: SocialLogin) -> User:
    """Create the member a provider vouched for, just in time, and link the identity.

    The account is made by ``accounts.services.create_member_without_password`` (shared with
    SCIM provisioning), so it gets its profile like every sign-up; it has no password (it signs
    in through the provider), its address is verified, and the member lands on onboarding
    unless they were on their way elsewhere.
    """
    email = verified_email(sociallogin)
    if email is None:  # sso_login_check refuses this before allauth gets here
        raise SsoRefused(NO_EMAIL.format(provider=sociallogin.provider.name))
    proposed = sociallogin.user
    name = " ".join(
        part for part in (proposed.first_name, proposed.last_name) if part and part.strip()
    )
    try:
        with transaction.atomic():
            user = create_member_without_password(email, name)
            sociallogin.user = user
            sociallogin.save(request)
            _addresses_mark_verified(user, email)
    except ValidationError:  # someone took the address in between: link to that account instead
        user = User.objects.get(email=email)
        sso_link(request=request, sociallogin=sociallogin, user=user)
        return user
    _record_link(request, sociallogin, user, new_account=True)
    if not sociallogin.state.get("next"):
        sociallogin.state["next"] = url_after_join()
    logger.info("Member %s joined through %s", user.pk, sociallogin.account.provider)
    return user


def _record_link(request: HttpRequest, sociallogin: SocialLogin, user: User, **detail: Any) -> None:
    provider, provider_id = sociallogin.provider.name, sociallogin.account.provider
    record(Action.SSO_LINK, actor=user, target=user, request=request, provider=provider,
           provider_id=provider_id, **detail)  # fmt: skip


def _addresses_mark_verified(user: User, email: str) -> None:
    """allauth's own record of the address agrees with ours (its login stages read it)."""
    EmailAddress.objects.filter(user=user, email__iexact=email).update(verified=True, primary=True)
