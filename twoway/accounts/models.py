from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta
from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone


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
        super().save(*args, **kwargs)

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
    """Failed logins, counted per email and per client address inside a sliding window."""

    def record(self, *, email: str, ip: str | None) -> None:
        self.create(email=email.strip().lower(), ip=ip)
        # Rows older than the window never count again; dropping them keeps the table small.
        self.filter(created_at__lt=_window_start() - timedelta(days=1)).delete()

    def retry_after(self, *, email: str, ip: str | None) -> int:
        """Seconds until a login for this email from this address may be tried; 0 if now."""
        waits = [self._wait(self.filter(email=email.strip().lower()), settings.LOGIN_MAX_FAILURES)]
        if ip:
            waits.append(self._wait(self.filter(ip=ip), settings.LOGIN_MAX_FAILURES_PER_IP))
        return max(waits)

    def clear(self, *, email: str) -> None:
        self.filter(email=email.strip().lower()).delete()

    def _wait(self, failures: models.QuerySet[LoginFailure], limit: int) -> int:
        times = list(
            failures.filter(created_at__gte=_window_start())
            .order_by("-created_at")
            .values_list("created_at", flat=True)[:limit]
        )
        if len(times) < limit:
            return 0
        # Allowed again once the oldest of the last `limit` failures leaves the window.
        window = timedelta(seconds=settings.LOGIN_FAILURE_WINDOW_SECONDS)
        return max(1, int((times[-1] + window - timezone.now()).total_seconds() + 0.999))


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


def _window_start() -> datetime:
    return timezone.now() - timedelta(seconds=settings.LOGIN_FAILURE_WINDOW_SECONDS)


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()
