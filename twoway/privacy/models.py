"""A member's data: the exports they asked for, and the record that an account was erased.

An export is built in the background (``tasks.build_data_export``) into one zip file in the
default storage (``exports/<key>.zip``, never served by the proxy: only the owner downloads it,
through a view), kept for ``DATA_EXPORT_TTL_HOURS`` and then deleted by the retention job.

An erased account keeps its ``User`` row as a scrubbed tombstone (see ``erasure.py``): the
``Erasure`` row says so, and when, and whether staff did it. It holds nothing personal.
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# What an erased member is called wherever the shared record names them.
FORMER_MEMBER = "A former member"


def new_key() -> str:
    return secrets.token_urlsafe(24)


class DataExportQuerySet(models.QuerySet["DataExport"]):
    def downloadable(self) -> DataExportQuerySet:
        return self.filter(status=DataExport.Status.READY, expires_at__gt=timezone.now())

    def expired(self, now: Any = None) -> DataExportQuerySet:
        """Ready exports past their time, and failed or stuck ones asked for as long ago."""
        now = now or timezone.now()
        stale = now - timedelta(hours=settings.DATA_EXPORT_TTL_HOURS)
        unready = ~models.Q(status=DataExport.Status.READY) & models.Q(requested_at__lte=stale)
        return self.filter(models.Q(expires_at__lte=now) | unready)


class DataExport(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Being prepared")
        READY = "ready", _("Ready to download")
        FAILED = "failed", _("Could not be prepared")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="data_exports"
    )
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PENDING)
    # The file's unguessable name in storage: exports/<key>.zip.
    key = models.CharField(max_length=40, unique=True, default=new_key, editable=False)
    size = models.PositiveIntegerField(default=0)
    requested_at = models.DateTimeField(default=timezone.now)
    ready_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)

    objects = DataExportQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at", "-id"]
        indexes = [models.Index(fields=["status", "expires_at"])]

    def __str__(self) -> str:
        return f"Data export {self.pk} ({self.status})"

    @property
    def file_name(self) -> str:
        return f"exports/{self.key}.zip"

    @property
    def download_name(self) -> str:
        """The name the browser saves it under: twoway-data-2025-03-01.zip."""
        return f"twoway-data-{(self.ready_at or self.requested_at):%Y-%m-%d}.zip"

    @property
    def is_downloadable(self) -> bool:
        return (
            self.status == self.Status.READY
            and self.expires_at is not None
            and self.expires_at > timezone.now()
        )


class Erasure(models.Model):
    """That an account was erased; its tombstone ``User`` row holds nothing personal."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="erasure"
    )
    erased_at = models.DateTimeField(default=timezone.now)
    by_staff = models.BooleanField(default=False)
    posts_deleted = models.BooleanField(default=False)

    class Meta:
        ordering = ["-erased_at"]

    def __str__(self) -> str:
        return f"Account {self.user_id} erased on {self.erased_at:%Y-%m-%d}"
