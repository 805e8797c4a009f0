"""Account workflows: sign-up, email verification, login with rate limiting, personal tokens.

Views, the API and the command line call these functions; none of them holds the rules.
"""

from __future__ import annotations

import ipaddress
import logging
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import authenticate, login
from django.contrib.auth.password_validation import validate_password
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.http import Http404, HttpRequest
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from twoway.accounts.models import ApiToken, LoginFailure, User

DUPLICATE_EMAIL = "An account with this email already exists. Log in or reset your password."
MISSING_NAME = "Tell us the name other members will see."
WRONG_PASSWORD = (
    "That email and password don't match. Check them and try again, or reset your password."
)
VERIFY_SALT = "twoway.accounts.verify-email"
VERIFY_MAX_AGE = timedelta(days=3)
# A member may ask for the verification link again once a minute, so the button can't be used to
# flood an inbox (or our mail server).
RESEND_INTERVAL = timedelta(minutes=1)
BACKEND = "twoway.accounts.backends.EmailBackend"

logger = logging.getLogger(__name__)


class LoginLimited(Exception):
    """Too many failed logins; ``minutes`` says when to try again."""

    def __init__(self, seconds: int) -> None:
        self.minutes = max(1, -(-seconds // 60))
        unit = "minute" if self.minutes == 1 else "minutes"
        super().__init__(
            f"Too many failed attempts. Try again in {self.minutes} {unit} or reset your password."
        )


def user_signup(
    *,
    email: str,
    password: str,
    display_name: str,
    request: HttpRequest | None = None,
    email_verified: bool = False,
) -> User:
    """Create a member, send the verification email, and log them in when a request is given.

    Raises ValidationError (keyed by ``display_name``, ``email`` or ``password``) for a missing
    name, a taken address or a weak password. The database's unique constraint decides
    duplicates, so two racing sign-ups for one address cannot both succeed.
    ``email_verified=True`` is for callers that already proved the address (a program invitation
    reached it by email): the member starts verified and no verification email is sent.
    """
    email = email.strip().lower()
    display_name = display_name.strip()
    if not display_name:
        raise ValidationError({"display_name": MISSING_NAME})
    try:
        validate_password(password, user=User(email=email, first_name=display_name))
    except ValidationError as exc:
        raise ValidationError({"password": exc.error_list}) from None
    try:
        with transaction.atomic():
            user = User.objects.create_user(
                email=email,
                password=password,
                first_name=display_name,
                email_verified=email_verified,
            )
    except IntegrityError:
        raise ValidationError({"email": DUPLICATE_EMAIL}) from None
    if not email_verified:
        _first_verification_send(user, request)
    if request is not None:
        login(request, user, backend=BACKEND)
    return user


def _first_verification_send(user: User, request: HttpRequest | None) -> None:
    try:
        email_verification_send(user=user, request=request)
        # The sign-up email counts as the first send for "send it again" (RESEND_INTERVAL).
        User.objects.filter(pk=user.pk).update(verification_sent_at=timezone.now())
    except OSError:  # SMTP errors included: the account exists; the banner offers a resend.
        logger.exception("Could not send the verification email to member %s", user.pk)


def email_verification_token(*, user: User) -> str:
    """A signed, expiring token naming the member and the address it verifies."""
    return signing.dumps({"id": user.pk, "email": user.email}, salt=VERIFY_SALT)


def email_verification_send(*, user: User, request: HttpRequest | None = None) -> None:
    """Email the member a link that verifies their address (valid for three days)."""
    path = reverse("accounts:verify", args=[email_verification_token(user=user)])
    link = request.build_absolute_uri(path) if request is not None else settings.SITE_URL + path
    context = {"user": user, "link": link, "days": VERIFY_MAX_AGE.days}
    send_mail(
        subject=f"Confirm your email for {settings.SITE_NAME}",
        message=render_to_string("accounts/email/verify.txt", context),
        from_email=None,
        recipient_list=[user.email],
    )


def email_verification_resend(*, user: User, request: HttpRequest | None = None) -> int:
    """Send the link again unless one went out less than RESEND_INTERVAL ago.

    Returns 0 when sent, else the seconds left to wait. The slot is claimed by one conditional
    UPDATE, so two clicks at once send one email. Raises OSError when the mail server fails (the
    slot is then given back, so the member can try again at once).
    """
    now = timezone.now()
    due = Q(verification_sent_at__isnull=True) | Q(verification_sent_at__lte=now - RESEND_INTERVAL)
    if not User.objects.filter(due, pk=user.pk).update(verification_sent_at=now):
        last = User.objects.values_list("verification_sent_at", flat=True).get(pk=user.pk)
        left = (last + RESEND_INTERVAL - now).total_seconds() if last else 0.0
        return max(1, -int(-left // 1))
    try:
        email_verification_send(user=user, request=request)
    except OSError:
        User.objects.filter(pk=user.pk, verification_sent_at=now).update(verification_sent_at=None)
        raise
    return 0


def email_verification_confirm(*, token: str) -> tuple[User, bool]:
    """Mark the address in ``token`` verified; return the member and whether it was new.

    Raises ValidationError when the link is expired, altered, or its address has since changed.
    """
    try:
        data = signing.loads(token, salt=VERIFY_SALT, max_age=VERIFY_MAX_AGE)
    except signing.SignatureExpired:
        raise ValidationError("This link has expired.", code="expired") from None
    except signing.BadSignature:
        raise ValidationError("This link is not valid.", code="invalid") from None
    with transaction.atomic():
        user = User.objects.select_for_update().filter(pk=data.get("id")).first()
        if user is None or user.email != data.get("email") or not user.is_active:
            raise ValidationError("This link is not valid.", code="invalid")
        newly = not user.email_verified
        if newly:
            user.email_verified = True
            user.save(update_fields=["email_verified"])
    return user, newly


def user_authenticate(*, request: HttpRequest | None, email: str, password: str) -> User:
    """Check a login, counting failures per email and per client address.

    Raises LoginLimited without looking at the password while either is over the limit, and
    ValidationError for a wrong email or password. A success clears the email's failures.
    """
    email = email.strip().lower()
    ip = client_ip(request)
    wait = LoginFailure.objects.retry_after(email=email, ip=ip)
    if wait:
        raise LoginLimited(wait)
    user = authenticate(request, username=email, password=password)
    if user is None:
        LoginFailure.objects.record(email=email, ip=ip)
        raise ValidationError(WRONG_PASSWORD, code="invalid_login")
    LoginFailure.objects.clear(email=email)
    assert isinstance(user, User)
    return user


def client_ip(request: HttpRequest | None) -> str | None:
    """The client's address; behind one trusted proxy, the address that proxy saw."""
    if request is None:
        return None
    address = request.META.get("REMOTE_ADDR", "")
    if settings.TRUST_X_FORWARDED_FOR and request.META.get("HTTP_X_FORWARDED_FOR"):
        address = request.META["HTTP_X_FORWARDED_FOR"].split(",")[-1].strip()
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


def token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """Issue a personal API token; the secret is returned here once and never stored."""
    name = name.strip()
    if not name:
        raise ValidationError({"name": "Give the token a name, such as the script that uses it."})
    return ApiToken.objects.issue(user=user, name=name[:80])


def token_revoke(*, user: User, token_id: int) -> ApiToken:
    """Revoke one of the member's own tokens. Someone else's token is simply not found."""
    token = ApiToken.objects.filter(pk=token_id, user=user).first()
    if token is None:
        raise Http404("No token with this id.")
    token.revoke()
    return token


def url_after_join() -> str:
    """Where a new member goes next: onboarding when the people app provides it, else home."""
    try:
        return reverse("people:onboarding")
    except NoReverseMatch:
        return reverse("home")
