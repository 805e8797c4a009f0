"""SCIM provisioning: the directories allowed to push members, and what each one pushed.

A ``Directory`` is one identity provider (Entra ID, Okta …) with its own bearer token; only the
token's SHA-256 digest is kept. Each member it provisions has one ``DirectoryMember``: the
link to the account, the directory's own identifiers (``userName``, ``externalId``) and the
attributes it sent, so a read gives back what was written. A ``DirectoryGroup`` is a group the
directory pushed; staff map it to a team or a program in the admin.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone

TOKEN_PREFIX = "twscim_"


def new_scim_id() -> str:
    return str(uuid.uuid4())


def token_digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


class DirectoryManager(models.Manager["Directory"]):
    def for_token(self, secret: str) -> Directory | None:
        """The enabled directory owning ``secret``, or None for a malformed or unknown one."""
        if not secret.startswith(TOKEN_PREFIX) or not 20 <= len(secret) <= 100:
            return None
        return self.filter(token_digest=token_digest(secret), enabled=True).first()


class Directory(models.Model):
    name = models.CharField(max_length=80, unique=True, help_text="Such as “Entra ID (staff)”.")
    enabled = models.BooleanField(
        default=True, help_text="A disabled directory's token is refused (401)."
    )
    token_digest = models.CharField(max_length=64, unique=True, editable=False)
    token_hint = models.CharField(max_length=4, editable=False)
    token_created_at = models.DateTimeField(default=timezone.now, editable=False)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = DirectoryManager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "directories"

    def __str__(self) -> str:
        return f"Directory {self.name}"

    def token_issue(self) -> str:
        """Give the directory a new token (the old one stops working once saved); the secret
        is returned here once and never stored."""
        secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
        self.token_digest, self.token_hint = token_digest(secret), secret[-4:]
        self.token_created_at = timezone.now()
        return secret


class DirectoryMember(models.Model):
    """A SCIM User: a member as one directory provisioned them."""

    directory = models.ForeignKey(Directory, on_delete=models.CASCADE, related_name="members")
    # One directory per member: a second directory pushing the same address gets 409.
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="directory_link"
    )
    scim_id = models.CharField(max_length=36, unique=True, default=new_scim_id, editable=False)
    user_name = models.CharField(max_length=254)
    external_id = models.CharField(max_length=254, blank=True, db_index=True)
    # name, displayName, emails and active as the directory last wrote them (discovery.py).
    attributes = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["scim_id"]
        constraints = [
            # SCIM's userName is unique and case-insensitive, here within one directory.
            models.UniqueConstraint(
                "directory", Lower("user_name"), name="provisioning_member_user_name_ci"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_name} ({self.directory.name})"


class DirectoryGroup(models.Model):
    """A SCIM Group, and what membership in it means in Twoway."""

    class Maps(models.TextChoices):
        NOTHING = "nothing", "Nothing (kept for the directory only)"
        TEAM = "team", "A team: members get it as their profile's team"
        PROGRAM = "program", "A program: members are enrolled in it"

    directory = models.ForeignKey(Directory, on_delete=models.CASCADE, related_name="groups")
    scim_id = models.CharField(max_length=36, unique=True, default=new_scim_id, editable=False)
    display_name = models.CharField(max_length=200)
    external_id = models.CharField(max_length=254, blank=True, db_index=True)
    maps_to = models.CharField(max_length=8, choices=Maps.choices, default=Maps.NOTHING)
    program = models.ForeignKey(
        "programs.Program",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="directory_groups",
        help_text="For a group that maps to a program.",
    )
    team_name = models.CharField(
        max_length=80,
        blank=True,
        help_text="For a group that maps to a team; blank: the group's own name.",
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["display_name", "id"]

    def __str__(self) -> str:
        return f"{self.display_name} ({self.directory.name})"

    @property
    def team(self) -> str:
        """The team this group gives its members ("" unless it maps to a team)."""
        if self.maps_to != self.Maps.TEAM:
            return ""
        return (self.team_name or self.display_name).strip()[:80]

    def mapping(self) -> tuple[str, Any, str]:
        """What membership means, comparable before and after a change."""
        return (self.maps_to, self.program_id, self.team)


class DirectoryGroupMember(models.Model):
    group = models.ForeignKey(DirectoryGroup, on_delete=models.CASCADE, related_name="links")
    member = models.ForeignKey(DirectoryMember, on_delete=models.CASCADE, related_name="links")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["group", "member"], name="provisioning_group_once"),
        ]

    def __str__(self) -> str:
        return f"{self.member} in {self.group}"
