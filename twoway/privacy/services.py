"""A member's data export: asked for on a page or the API, built in the background, downloaded
by its owner only, deleted after ``DATA_EXPORT_TTL_HOURS`` (docs/security.md, "Data lifecycle").

Erasure lives in ``erasure.py`` and retention in ``retention.py``.
"""

from __future__ import annotations

from datetime import timedelta
from typing import IO, Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from twoway.accounts.models import User
from twoway.audit.services import record
from twoway.core.i18n import speaking_to
from twoway.core.words import counted
from twoway.notifications.models import Kind
from twoway.notifications.services import notify
from twoway.privacy import exports
from twoway.privacy.models import DataExport


def data_export_request(*, user: User, request: HttpRequest | None = None) -> DataExport:
    """Queue an export of everything about ``user``; while one is being prepared, return that one.

    The build runs in the worker once this transaction commits.
    """
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=user.pk).first()  # one request at a time
        pending = DataExport.objects.filter(user=user, status=DataExport.Status.PENDING).first()
        if pending is not None:
            return pending
        export = DataExport.objects.create(user=user)
        record("data.export", actor=user, target=user, request=request, export=export.pk)
        transaction.on_commit(lambda: _enqueue_build(export.pk))
    return export


def _enqueue_build(export_id: int) -> None:
    from twoway.privacy.tasks import build_data_export

    build_data_export.enqueue(export_id)


def data_export_build(export_id: int) -> bool:
    """Write the export's file and tell its owner; False when there was nothing to build.

    Safe to run twice: only a pending export is built.
    """
    export = DataExport.objects.select_related("user").filter(pk=export_id).first()
    if export is None or export.status != DataExport.Status.PENDING:
        return False
    try:
        with speaking_to(export.user):  # the readable summary is in the member's language
            content = exports.archive(exports.collect(export.user))
        default_storage.save(export.file_name, ContentFile(content))
    except Exception:
        DataExport.objects.filter(pk=export.pk).update(status=DataExport.Status.FAILED)
        raise
    now = timezone.now()
    export.status, export.size, export.ready_at = DataExport.Status.READY, len(content), now
    export.expires_at = now + timedelta(hours=settings.DATA_EXPORT_TTL_HOURS)
    with transaction.atomic():
        export.save(update_fields=["status", "size", "ready_at", "expires_at"])
        _tell_ready(export)
    return True


def _tell_ready(export: DataExport) -> None:
    def body() -> str:
        hours = counted(settings.DATA_EXPORT_TTL_HOURS, "hour")
        return gettext(
            "Download it from your data page within %(hours)s; after that it is deleted."
        ) % {"hours": hours}

    notify(
        recipient=export.user,
        kind=Kind.DATA_EXPORT_READY,
        title=lambda: gettext("Your data export is ready"),
        body=body,
        url=reverse("privacy:data"),
        dedupe_key=f"data-export:{export.pk}",
    )


def data_export_open(*, user: User, export_id: int) -> tuple[DataExport, IO[Any]]:
    """The member's own ready export and its file, open for reading; 404 for anyone else's."""
    export = DataExport.objects.downloadable().filter(pk=export_id, user=user).first()
    if export is None or not default_storage.exists(export.file_name):
        raise Http404(
            gettext("No such export. Exports are deleted after a while: ask for a new one.")
        )
    return export, default_storage.open(export.file_name, "rb")


def data_exports_of(*, user: User) -> list[DataExport]:
    """The member's exports still worth listing (being prepared, ready, or failed recently)."""
    exports_ = DataExport.objects.filter(user=user)
    return [e for e in exports_ if e.status != DataExport.Status.READY or e.is_downloadable]


def data_export_delete_files(rows: list[DataExport]) -> None:
    """Remove the files of these exports (a file already gone is fine)."""
    for export in rows:
        default_storage.delete(export.file_name)
