from __future__ import annotations

import hashlib
import secrets
from typing import Any, ClassVar

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
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

    objects: ClassVar[MemberManager] = MemberManager()

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.email


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


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()
