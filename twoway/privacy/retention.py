"""How long rows are kept: one daily job deletes what has outlived its setting.

Each kind has a setting in days (0 keeps that kind forever), read when the job runs:

- ``RETENTION_PARTNERSHIP_NOTES_DAYS``: learning-log entries and session agendas of partnerships
  that completed or ended this long ago;
- ``RETENTION_DECLINED_REQUESTS_DAYS``: requests declined, withdrawn or expired this long ago
  (with their short threads); a request that became a partnership stays with it;
- ``RETENTION_SPAM_COMMENTS_DAYS``: comments held as spam, counted from when they were left;
- ``RETENTION_NOTIFICATIONS_DAYS``: notifications (in the app, and the record of the email);
- ``AUDIT_LOG_RETENTION_DAYS``: audit-log entries (the audit app's setting, at least 1).

Data exports go once ``DATA_EXPORT_TTL_HOURS`` have passed, files included.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Model, QuerySet
from django.db.models.functions import Coalesce

from twoway.audit.services import purge_older_than, record
from twoway.notifications.models import Notification
from twoway.partnerships.models import AgendaItem, LearningEntry, Partnership, Request
from twoway.posts.models import Comment
from twoway.privacy.models import DataExport
from twoway.privacy.services import data_export_delete_files


def _ended_before(cutoff: datetime) -> QuerySet[Partnership]:
    return Partnership.objects.exclude(status=Partnership.Status.ACTIVE).filter(ended_at__lt=cutoff)


def partnership_notes(cutoff: datetime) -> int:
    ended = _ended_before(cutoff)
    entries = LearningEntry.objects.filter(partnership__in=ended).delete()
    agenda = AgendaItem.objects.filter(session__partnership__in=ended).delete()
    return _count(entries, LearningEntry) + _count(agenda, AgendaItem)


def declined_requests(cutoff: datetime) -> int:
    closed = [Request.Status.DECLINED, Request.Status.WITHDRAWN, Request.Status.EXPIRED]
    rows = Request.objects.alias(closed_at=Coalesce("answered_at", "expires_at")).filter(
        status__in=closed, closed_at__lt=cutoff, partnership__isnull=True
    )
    return _count(rows.delete(), Request)


def spam_comments(cutoff: datetime) -> int:
    rows = Comment.objects.filter(status=Comment.Status.SPAM, created_at__lt=cutoff)
    return _count(rows.delete(), Comment)


def notifications(cutoff: datetime) -> int:
    return _count(Notification.objects.filter(created_at__lt=cutoff).delete(), Notification)


def _count(deleted: tuple[int, dict[str, int]], model: type[Model]) -> int:
    """Rows of ``model`` itself in a ``delete()`` result (not the rows that cascaded with them)."""
    return deleted[1].get(model._meta.label, 0)


def expired_exports(now: datetime) -> int:
    rows = list(DataExport.objects.expired(now))
    data_export_delete_files(rows)
    DataExport.objects.filter(pk__in=[e.pk for e in rows]).delete()
    return len(rows)


KINDS: dict[str, tuple[str, Callable[[datetime], int]]] = {
    "partnership_notes": ("RETENTION_PARTNERSHIP_NOTES_DAYS", partnership_notes),
    "declined_requests": ("RETENTION_DECLINED_REQUESTS_DAYS", declined_requests),
    "spam_comments": ("RETENTION_SPAM_COMMENTS_DAYS", spam_comments),
    "notifications": ("RETENTION_NOTIFICATIONS_DAYS", notifications),
}


def retention_run(*, now: datetime) -> dict[str, int]:
    """Delete every kind of row past its retention; returns how many rows of each kind went."""
    removed = {
        "expired_exports": expired_exports(now),
        "audit_entries": purge_older_than(settings.AUDIT_LOG_RETENTION_DAYS),
    }
    for kind, (setting, prune) in KINDS.items():
        days = int(getattr(settings, setting))
        removed[kind] = prune(now - timedelta(days=days)) if days > 0 else 0
    record("retention.run", removed=removed)
    return removed
