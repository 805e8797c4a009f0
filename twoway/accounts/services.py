"""Account workflows: sign-up, email verification, login with rate limiting, personal tokens,
signed-in sessions.

Views, the API and the command line call these functions; none of them holds the rules.
"""

from __future__ import annotations

import ipaddress
import logging
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import SESSION_KEY, login
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.password_validation import validate_password
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.http import Http404, HttpRequest
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from twoway.accounts import limits
from twoway.accounts.models import ApiToken, LoginFailure, MemberSession, User
from twoway.audit.services import record
from twoway.core.i18n import speaking_to
from twoway.core.throttle import Throttled, reserve

DUPLICATE_EMAIL = gettext_lazy(
    "An account with this email already exists. Log in or reset your password."
)
MISSING_NAME = gettext_lazy("Tell us the name other members will see.")
WRONG_PASSWORD = gettext_lazy(
    "That email and password don't match. Check them and try again, or reset your password."
)
VERIFY_SALT = "twoway.accounts.verify-email"
VERIFY_MAX_AGE = timedelta(days=3)
# A member may ask for the verification link again once a minute, so the button can't be used to
# flood an inbox (or our mail server).
RESEND_INTERVAL = timedelta(minutes=1)
BACKEND = "twoway.accounts.backends.EmailBackend"
# A signed-in session's row (device, address, last seen) is refreshed at most this often.
SEEN_EVERY_SECONDS = 60

logger = logging.getLogger(__name__)


class LoginLimited(Exception):
    """Too many failed logins; ``minutes`` says when to try again."""

    def __init__(self, seconds: int) -> None:
        self.minutes = max(1, -(-seconds // 60))
        super().__init__(self.message())

    def message(self) -> str:
        """The refusal in the active language."""
        return ngettext(
            "Too many failed attempts. Try again in %(minutes)d minute or reset your password.",
            "Too many failed attempts. Try again in %(minutes)d minutes or reset your password.",
            self.minutes,
        ) % {"minutes": self.minutes}


def _try_again(exc: Throttled) -> str:
    """The sentence saying when to try again, in the active language."""
    return ngettext(
        "Try again in %(minutes)d minute.", "Try again in %(minutes)d minutes.", exc.minutes
    ) % {"minutes": exc.minutes}


def user_signup(
    *,
    email: str,
    password: str,
    display_name: str,
    request: HttpRequest | None = None,
    email_verified: bool = False,
) -> User:
    """Create a member, send the verification email, and log them in when a request is given.

    For callers that know who is signing up (a program invitation reached the address): the
    public form calls :func:`user_signup_request`, which never says whether an address is taken.
    Raises ValidationError (keyed by ``display_name``, ``email`` or ``password``) for a missing
    name, a taken address or a weak password. The database's unique constraint decides
    duplicates, so two racing sign-ups for one address cannot both succeed.
    ``email_verified=True`` is for callers that already proved the address: the member starts
    verified and no verification email is sent.
    """
    email, display_name = _signup_fields(email, password, display_name)
    user = _member_create(email, password, display_name, email_verified=email_verified)
    if user is None:
        raise ValidationError({"email": DUPLICATE_EMAIL})
    if not email_verified:
        _first_verification_send(user, request)
    if request is not None:
        login(request, user, backend=BACKEND)
    return user


def user_signup_request(
    *, email: str, password: str, display_name: str, request: HttpRequest | None = None
) -> None:
    """The public sign-up: the same answer whether the address is new or already has an account.

    A new address gets an unverified account and the verification email, whose link logs the
    member in; a taken one gets an email saying someone tried to sign up, with links to log in
    and to reset the password. Nobody is logged in here, so the answer tells nothing. Raises
    ValidationError for a missing name or a weak password, and (code ``limited``) when this
    address or this client asked too often.
    """
    email, display_name = _signup_fields(email, password, display_name)
    try:
        limits.signup_hit(email=email, ip=client_ip(request))
    except Throttled as exc:
        logger.warning("Sign-up throttled for %s from %s", email, client_ip(request))
        message = _("Too many sign-ups from here or for this address. %(wait)s")
        raise ValidationError(message % {"wait": _try_again(exc)}, code="limited") from None
    user = _member_create(email, password, display_name, email_verified=False)
    if user is None:
        _account_exists_send(email, request)
    else:
        _first_verification_send(user, request)


def _signup_fields(email: str, password: str, display_name: str) -> tuple[str, str]:
    """The cleaned email and name; ValidationError for a missing name or a weak password."""
    email = email.strip().lower()
    display_name = display_name.strip()
    if not display_name:
        raise ValidationError({"display_name": MISSING_NAME})
    try:
        validate_password(password, user=User(email=email, first_name=display_name))
    except ValidationError as exc:
        raise ValidationError({"password": exc.error_list}) from None
    return email, display_name


def create_member_without_password(
    email: str, display_name: str, *, email_verified: bool = True
) -> User:
    """Create a member who signs in through single sign-on, not a password (SCIM provisioning,
    a provider's just-in-time sign-up): an unusable password, the address verified by whoever
    vouches for it, and the profile every member gets (``people`` makes it on creation).

    No email is sent and nobody is logged in. Raises ValidationError keyed by ``email`` when
    the address is taken (the database's unique constraint decides, so a race cannot make two).
    """
    email = email.strip().lower()
    user = _member_create(email, None, display_name.strip()[:150], email_verified=email_verified)
    if user is None:
        raise ValidationError({"email": DUPLICATE_EMAIL})
    return user


def _member_create(
    email: str, password: str | None, display_name: str, *, email_verified: bool
) -> User | None:
    """The new member, or None when the address is taken (the password is hashed either way)."""
    try:
        with transaction.atomic():
            return User.objects.create_user(
                email=email,
                password=password,
                first_name=display_name,
                email_verified=email_verified,
            )
    except IntegrityError:
        return None


def _account_exists_send(email: str, request: HttpRequest | None) -> None:
    context = {
        "email": email,
        "login_link": _absolute(reverse("accounts:login"), request),
        "reset_link": _absolute(reverse("accounts:password_reset"), request),
        "site_name": settings.SITE_NAME,
    }
    member = User.objects.filter(email=email).first()
    try:
        with speaking_to(member):
            subject = _("Someone tried to join %(site)s with your email") % {
                "site": settings.SITE_NAME
            }
            body = render_to_string("accounts/email/account_exists.txt", context)
        send_mail(subject=subject, message=body, from_email=None, recipient_list=[email])
    except OSError:
        logger.exception("Could not send the account-exists email")


def _absolute(path: str, request: HttpRequest | None) -> str:
    return request.build_absolute_uri(path) if request is not None else settings.SITE_URL + path


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
    link = _absolute(path, request)
    context = {"user": user, "link": link, "days": VERIFY_MAX_AGE.days}
    context["site_name"] = settings.SITE_NAME
    with speaking_to(user):
        subject = _("Confirm your email for %(site)s") % {"site": settings.SITE_NAME}
        body = render_to_string("accounts/email/verify.txt", context)
    send_mail(subject=subject, message=body, from_email=None, recipient_list=[user.email])


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
        raise ValidationError(_("This link has expired."), code="expired") from None
    except signing.BadSignature:
        raise ValidationError(_("This link is not valid."), code="invalid") from None
    with transaction.atomic():
        user = User.objects.select_for_update().filter(pk=data.get("id")).first()
        if user is None or user.email != data.get("email") or not user.is_active:
            raise ValidationError(_("This link is not valid."), code="invalid")
        newly = not user.email_verified
        if newly:
            user.email_verified = True
            user.save(update_fields=["email_verified"])
    return user, newly


def user_authenticate(*, request: HttpRequest | None, email: str, password: str) -> User:
    """Check a login: the one path for every sign-in surface (the login page, the admin, and any
    ``authenticate()`` call through EmailBackend).

    An attempt is reserved per email and per client address before the password is looked at,
    so parallel guesses are counted too. Raises LoginLimited, without checking the password, while
    either is over its limit, and ValidationError for a wrong email or password. A success gives
    the attempt back and clears the email's failures.
    """
    email = email.strip().lower()
    ip = client_ip(request)
    try:
        reserve(
            limits.login_limits(email=email, ip=ip),
            lambda: LoginFailure.objects.record(email=email, ip=ip),
        )
    except Throttled as exc:
        logger.warning("Login throttled for %s from %s", email, ip or "an unknown address")
        raise LoginLimited(exc.retry_after) from None
    user = _password_match(email, password)
    if user is None:
        logger.info("Failed login for %s from %s", email, ip or "an unknown address")
        record("auth.sign_in_failed", request=request, username=email)
        LoginFailure.objects.prune()
        raise ValidationError(WRONG_PASSWORD, code="invalid_login")
    LoginFailure.objects.clear(email=email)
    return user


def _password_match(email: str, password: str) -> User | None:
    """The active member with this email and password, or None: Django's own check (it hashes
    even for an unknown address, so the time taken doesn't tell whether it has an account)."""
    user = ModelBackend().authenticate(None, username=email, password=password)
    return user if isinstance(user, User) else None


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
        raise ValidationError(
            {"name": _("Give the token a name, such as the script that uses it.")}
        )
    return ApiToken.objects.issue(user=user, name=name[:80])


def password_reset_allow(*, email: str, request: HttpRequest | None) -> None:
    """Count a request for a reset link; ValidationError (code ``limited``) when this address or
    this client asked too often. Known and unknown addresses count alike."""
    email = email.strip().lower()
    try:
        limits.password_reset_hit(email=email, ip=client_ip(request))
    except Throttled as exc:
        logger.warning("Password reset throttled for %s from %s", email, client_ip(request))
        message = _(
            "We have sent several reset links lately. Check your inbox and spam folder. %(wait)s"
        )
        raise ValidationError(message % {"wait": _try_again(exc)}, code="limited") from None


def session_seen(*, request: HttpRequest) -> None:
    """Record the request's signed-in session (device, address, now), at most once a minute.

    Whether this process recorded the session in the last minute is kept in its local cache, so
    most requests cost no query, and the session itself is not rewritten (which would push its
    expiry back on every visit).
    """
    session = request.session
    signed_in = session.get(SESSION_KEY)
    if not signed_in:
        return  # no session, or not a signed-in one (an API token, a visitor)
    user = request.user  # may end the session, when its password has changed since
    key = session.session_key
    if not key or not user.is_authenticated or str(user.pk) != signed_in:
        return
    if not cache.add(f"twoway:session-seen:{key}", True, timeout=SEEN_EVERY_SECONDS):
        return
    assert isinstance(user, User)
    agent = request.headers.get("User-Agent", "")
    MemberSession.objects.seen(user=user, session_key=key, user_agent=agent, ip=client_ip(request))


def sessions_end_others(*, request: HttpRequest) -> int:
    """Sign the member out everywhere but this session; returns how many sessions ended."""
    user = request.user
    assert isinstance(user, User)
    ended = MemberSession.objects.end(user=user, keep=request.session.session_key)
    logger.info("Member %s ended %s other session(s)", user.pk, ended)
    return ended


def token_revoke(*, user: User, token_id: int) -> ApiToken:
    """Revoke one of the member's own tokens. Someone else's token is simply not found."""
    token = ApiToken.objects.filter(pk=token_id, user=user).first()
    if token is None:
        raise Http404(_("No token with this id."))
    token.revoke()
    return token


def url_after_join() -> str:
    """Where a member goes once their email is verified: the people app's next onboarding step
    (home when their profile is already complete), else home."""
    try:
        return reverse("people:onboarding_next")
    except NoReverseMatch:
        return reverse("home")
