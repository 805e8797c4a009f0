"""What the accounts app throttles and how much; the numbers come from settings.py.

Each surface counts attempts per email and per client address through twoway/core/throttle.py,
which reserves an attempt under a lock before the password is checked or the email is sent.
docs/accounts.md explains the numbers.
"""

from __future__ import annotations

from django.conf import settings

from twoway.accounts.models import LoginFailure
from twoway.core import throttle
from twoway.core.throttle import Limit, Rule


def login_limits(*, email: str, ip: str | None) -> list[Limit]:
    """Per account a strict limit that locks; per address a higher one that only slows.

    Both count the same rows (LoginFailure): a row is written before the password is checked
    and deleted when it was right, so what they count are failures and guesses in flight.
    """
    limits = [
        Limit(
            f"login:email:{email}",
            LoginFailure.objects.filter(email=email),
            settings.LOGIN_MAX_FAILURES,
            settings.LOGIN_FAILURE_WINDOW_SECONDS,
        )
    ]
    if ip:
        limits.append(
            Limit(
                f"login:ip:{ip}",
                LoginFailure.objects.filter(ip=ip),
                settings.LOGIN_MAX_FAILURES_PER_IP,
                settings.LOGIN_IP_WINDOW_SECONDS,
            )
        )
    return limits


def signup_hit(*, email: str, ip: str | None) -> None:
    """Count a sign-up for this address and this client, or raise Throttled."""
    window = settings.ACCOUNT_EMAIL_WINDOW_SECONDS
    throttle.hit(
        Rule("signup:email", settings.SIGNUP_MAX_PER_EMAIL, window).on(email),
        Rule("signup:ip", settings.SIGNUP_MAX_PER_IP, window).on(ip),
    )


def password_reset_hit(*, email: str, ip: str | None) -> None:
    """Count a password-reset request for this address and this client, or raise Throttled."""
    window = settings.ACCOUNT_EMAIL_WINDOW_SECONDS
    throttle.hit(
        Rule("reset:email", settings.PASSWORD_RESET_MAX_PER_EMAIL, window).on(email),
        Rule("reset:ip", settings.PASSWORD_RESET_MAX_PER_IP, window).on(ip),
    )
