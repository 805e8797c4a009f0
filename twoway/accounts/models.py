from __future__ import annotations

import hashlib
import re
import secrets
from datetime import datetime, timedelta
from importlib import import_module
from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.models import AbstractUser, UserManager
from django.contrib.sessions.backends.base import SessionBase
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext


class MemberManager(UserManager["User"]):
    """Members sign in with their email; the username is an internal handle derived from it."""

    def create_user(  # type: ignore[override]
        self, email: str, password: str | None = None, **extra: Any
    ) -> User:
        email = self.normalize_email(email).lower()
        extra.setdefault("username", email)
        return super().create_user(email=email, password=password, **extra)

    def create_superuser(  # type: ignore[override]
        self, email: str, password: str | None = None, **extra: Any
    ) -> User:
        email = self.normalize_email(email).lower()
        extra.setdefault("username", email)
        extra.setdefault("email_verified", True)
        return super().create_superuser(email=email, password=password, **extra)


class User(AbstractUser):
    email = models.EmailField("email address", unique=True)
    email_verified = models.BooleanField(default=False)
    # When the last verification link was sent: "send it again" waits a minute between emails.
    verification_sent_at = models.DateTimeField(null=True, blank=True)

    objects: ClassVar[MemberManager] = MemberManager()

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        ordering = ["id"]
        constraints = [
            # The last guard against two accounts for one address, even under a race.
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.email

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.email = (self.email or "").strip().lower()
        if not self.username:
            self.username = self.email
        # set_password() leaves the new password in _password until the row is saved. Every way
        # of changing it (the settings page, a reset link, the admin, `changepassword`) ends here,
        # so credentials minted under the old password die with it in one place.
        password_changed = getattr(self, "_password", None) is not None and not self._state.adding
        super().save(*args, **kwargs)
        if password_changed:
            self.credentials_revoke()

    def address_vouched(self) -> bool:
        """The organisation vouches for this address (a single sign-on provider, a directory).
        If it was never verified, whoever chose the password may not own it: the password,
        tokens and sessions go, and the member signs in through the organisation from now on.
        Returns whether it was verified before."""
        was_verified = self.email_verified
        if not was_verified:
            self.set_unusable_password()
            self.email_verified = True
            self.save(update_fields=["password", "email_verified"])
            self.credentials_revoke()
        return was_verified

    def credentials_revoke(self) -> None:
        """Revoke every personal token and end every recorded session of this member.

        After a change on the settings page Django then moves that browser's session to a new
        key (``update_session_auth_hash``), so it stays signed in."""
        ApiToken.objects.filter(user=self, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        MemberSession.objects.end(user=self)

    @property
    def display_name(self) -> str:
        """The name other members see: the name given at sign-up, else the email's local part."""
        return self.first_name.strip() or self.email.split("@")[0]


TOKEN_PREFIX = "tw_"


class ApiTokenManager(models.Manager["ApiToken"]):
    def issue(self, *, user: User, name: str) -> tuple[ApiToken, str]:
        """Create a token and return it with its secret, which is shown once and never stored."""
        secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
        token = self.create(user=user, name=name, digest=_digest(secret), hint=secret[-4:])
        return token, secret

    def user_for(self, secret: str) -> User | None:
        """The active member owning a secret, or None for a malformed, revoked or unknown one."""
        if not secret.startswith(TOKEN_PREFIX) or not 20 <= len(secret) <= 100:
            return None
        token = (
            self.filter(digest=_digest(secret), revoked_at__isnull=True, user__is_active=True)
            .select_related("user")
            .first()
        )
        if token is None:
            return None
        self.filter(pk=token.pk).update(last_used_at=timezone.now())
        return token.user


class ApiToken(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=80)
    digest = models.CharField(max_length=64, unique=True)
    hint = models.CharField(max_length=4)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ApiTokenManager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} (…{self.hint})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    def revoke(self) -> None:
        if self.revoked_at is None:
            self.revoked_at = timezone.now()
            self.save(update_fields=["revoked_at"])


class LoginFailureManager(models.Manager["LoginFailure"]):
    """Login attempts, the ledger the login throttle counts per email and per client address.

    A row is written before the password is checked (so parallel guesses are counted) and
    deleted when the password is right: what stays are the failures.
    """

    def record(self, *, email: str, ip: str | None) -> LoginFailure:
        return self.create(email=email.strip().lower(), ip=ip)

    def prune(self) -> None:
        """Rows older than a day never count again; dropping them keeps the table small."""
        self.filter(created_at__lt=_window_start() - timedelta(days=1)).delete()

    def clear(self, *, email: str) -> None:
        self.filter(email=email.strip().lower()).delete()


class LoginFailure(models.Model):
    email = models.CharField(max_length=254, db_index=True)
    ip = models.GenericIPAddressField(null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = LoginFailureManager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return (
            f"{self.email} from {self.ip or 'unknown address'} at {self.created_at:%Y-%m-%d %H:%M}"
        )


class MemberSessionManager(models.Manager["MemberSession"]):
    def seen(self, *, user: User, session_key: str, user_agent: str, ip: str | None) -> None:
        """Record (or refresh) that a signed-in session was used just now."""
        row = MemberSession(user=user, session_key=session_key, user_agent=user_agent[:300], ip=ip)
        # One statement, so two requests of a new session at once cannot both insert.
        self.bulk_create(
            [row],
            update_conflicts=True,
            unique_fields=["session_key"],
            update_fields=["user", "user_agent", "ip", "last_seen_at"],
        )

    def live_for(self, user: User) -> list[MemberSession]:
        """The member's sessions that still exist, most recently used first (stale rows go)."""
        rows = list(self.filter(user=user).order_by("-last_seen_at"))
        # A session that expired, logged out or now belongs to someone else is gone.
        dead = [
            row.pk
            for row in rows
            if _session_store(row.session_key).load().get(SESSION_KEY) != str(user.pk)
        ]
        self.filter(pk__in=dead).delete()
        return [row for row in rows if row.pk not in dead]

    def end(self, *, user: User, keep: str | None = None) -> int:
        """End the member's recorded sessions except ``keep``; returns how many were ended."""
        rows = self.filter(user=user).exclude(session_key=keep or "")
        keys = list(rows.values_list("session_key", flat=True))
        for key in keys:
            _session_store().delete(key)
        rows.delete()
        return len(keys)


class MemberSession(models.Model):
    """A signed-in session of a member: which device, from where, last used when.

    Written by SessionRecordMiddleware at most once a minute per session, so the settings page
    can list sessions and end them ("Sign out everywhere else"). The session data itself stays
    in Django's session engine; this row only points at it by key.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="member_sessions")
    session_key = models.CharField(max_length=40, unique=True)
    user_agent = models.CharField(max_length=300, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_seen_at = models.DateTimeField(default=timezone.now)

    objects = MemberSessionManager()

    class Meta:
        ordering = ["-last_seen_at"]

    def __str__(self) -> str:
        return f"{self.user} on {self.device}"

    @property
    def device(self) -> str:
        """A short name for the browser and system, such as "Firefox on Linux"."""
        agent = self.user_agent
        browser = next((name for token, name in _BROWSERS if token in agent), "")
        system = next((name for token, name in _SYSTEMS if re.search(token, agent)), "")
        if browser and system:
            return gettext("%(browser)s on %(system)s") % {"browser": browser, "system": system}
        return browser or system or (agent[:60] if agent else gettext("Unknown device"))


# Checked in order: Edge and Opera also say "Chrome", Chrome also says "Safari".
_BROWSERS = [
    ("Edg/", "Edge"),
    ("OPR/", "Opera"),
    ("Firefox/", "Firefox"),
    ("Chrome/", "Chrome"),
    ("Safari/", "Safari"),
    ("curl/", "curl"),
    ("python-requests", "Python requests"),
]
_SYSTEMS = [
    (r"iPhone|iPad", "iOS"),
    (r"Android", "Android"),
    (r"Windows", "Windows"),
    (r"Mac OS X|Macintosh", "macOS"),
    (r"CrOS", "ChromeOS"),
    (r"Linux", "Linux"),
]


def _session_store(key: str | None = None) -> SessionBase:
    store: type[SessionBase] = import_module(settings.SESSION_ENGINE).SessionStore
    return store(key)


def _window_start() -> datetime:
    return timezone.now() - timedelta(seconds=settings.LOGIN_FAILURE_WINDOW_SECONDS)


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()
