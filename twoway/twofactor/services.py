"""Two-factor workflows: a password sign-in that goes on to the second factor, and staff removing
a member's authenticators (a lost phone, say).

Setting up, using and removing one's own factors are allauth.mfa's pages at /auth/2fa/; the
audit entries for them come from its signals (receivers.py).
"""

from __future__ import annotations

import logging

from allauth.account.app_settings import EmailVerificationMethod
from allauth.account.internal.flows.login import perform_login, record_authentication
from allauth.account.models import Login
from allauth.mfa.base.internal.flows import delete_dangling_recovery_codes
from allauth.mfa.models import Authenticator
from django.db import transaction
from django.http import HttpRequest, HttpResponse

from twoway.accounts.models import MemberSession, User
from twoway.accounts.services import BACKEND
from twoway.audit.models import Action
from twoway.audit.services import record

logger = logging.getLogger(__name__)


def sign_in_start(*, request: HttpRequest, user: User, redirect_url: str) -> HttpResponse:
    """Sign in ``user``, whose password has just matched, through allauth's login stages.

    A member with an authenticator app or a passkey is sent to /auth/2fa/authenticate/ and gets a
    session only once the second factor checks out; the pending sign-in waits in the visitor's
    session (ACCOUNT_LOGIN_TIMEOUT, 15 minutes). Anyone else is signed in at once. Either way the
    response ends at ``redirect_url``. Email verification is ours (``User.email_verified``), so
    allauth's own stage for it is skipped.

    The password counts as confirming it's the member for the next few minutes
    (ACCOUNT_REAUTHENTICATION_TIMEOUT), so setting up a factor just after signing in, as staff
    must, doesn't ask for the password a second time.
    """
    user.backend = BACKEND  # type: ignore[attr-defined]
    login = Login(
        user=user,
        email_verification=EmailVerificationMethod.NONE,
        redirect_url=redirect_url,
        email=user.email,
    )
    record_authentication(request, user, "password", email=user.email, reauthenticated=True)
    response: HttpResponse = perform_login(request, login)
    return response


def authenticator_remove_by_staff(*, authenticator: Authenticator, request: HttpRequest) -> None:
    """Remove a member's authenticator from the admin, with the recovery codes that would be left
    without a factor, and end every session of that member (each removal is audited).

    For a member who lost their device: they sign in again with their password and, when the
    policy covers them, are sent to set up a new factor.
    """
    member = authenticator.user
    removed = [authenticator.type]
    with transaction.atomic():
        authenticator.delete()
        dangling = delete_dangling_recovery_codes(member)
        if dangling is not None:
            removed.append(dangling.type)
        for kind in removed:
            record(Action.MFA_CHANGE, target=member, request=request, change="removed", type=kind,
                   by_staff=True)  # fmt: skip
    ended = MemberSession.objects.end(user=member)
    logger.info("Staff removed %s of member %s; %s session(s) ended", removed, member.pk, ended)
