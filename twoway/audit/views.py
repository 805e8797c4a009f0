"""The staff page at /staff/audit/: the log with filters and pages, and its CSV export."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from datetime import UTC

from django.conf import settings
from django.contrib.auth.decorators import user_passes_test
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Max, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from twoway.accounts.models import User
from twoway.audit.forms import AuditFilterForm
from twoway.audit.models import Action, AuditEvent
from twoway.audit.services import record
from twoway.core.times import reader_zone
from twoway.engine.io.write import spreadsheet_safe

PAGE_SIZE = 50
CSV_COLUMNS = (
    "time_utc", "action", "what", "actor_id", "actor", "target_type", "target_id", "target",
    "ip", "user_agent", "detail",
)  # fmt: skip


def _staff_only(user: User | AnonymousUser) -> bool:
    """Visitors are sent to sign in; members who are not staff are refused."""
    if user.is_authenticated and not user.is_staff:
        raise PermissionDenied(_("Only staff can read the audit log."))
    return bool(user.is_authenticated)


def _filters(request: HttpRequest) -> AuditFilterForm:
    return AuditFilterForm(request.GET or None, zone=reader_zone(request.user))


@user_passes_test(_staff_only)
@require_GET
def event_list(request: HttpRequest) -> HttpResponse:
    form = _filters(request)
    page = Paginator(form.events().select_related("actor"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {"form": form, "page": page, "retention_days": settings.AUDIT_LOG_RETENTION_DAYS}
    return render(request, "audit/list.html", context)


@user_passes_test(_staff_only)
@require_GET
def event_export(request: HttpRequest) -> HttpResponseBase:
    """The filtered entries as CSV, newest first; the export is itself recorded (and is not in
    the file it writes)."""
    form = _filters(request)
    if form.is_bound and not form.is_valid():
        message = " ".join(str(e) for errors in form.errors.values() for e in errors)
        text = _("Fix the filters first: %(errors)s") % {"errors": message}
        return HttpResponse(text, status=400, content_type="text/plain; charset=utf-8")
    events = form.events()
    last = events.aggregate(last=Max("pk"))["last"] or 0
    events = events.filter(pk__lte=last)
    record(Action.AUDIT_EXPORT, request=request, rows=events.count(), filters=form.described())
    stamp = timezone.now().strftime("%Y%m%d-%H%M")
    response = StreamingHttpResponse(_csv_lines(events), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="audit-log-{stamp}.csv"'
    return response


class _Echo:
    """A file for ``csv.writer`` that hands each line back rather than storing it."""

    def write(self, text: str) -> str:
        return text


def _csv_lines(events: QuerySet[AuditEvent]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield writer.writerow(CSV_COLUMNS)
    for event in events.iterator(chunk_size=1000):
        yield writer.writerow([spreadsheet_safe(cell) for cell in _row(event)])


def _row(event: AuditEvent) -> list[object]:
    return [
        event.created_at.astimezone(UTC).isoformat(timespec="seconds"),
        event.action,
        event.get_action_display(),
        event.actor_id or "",
        event.who,
        event.target_type,
        event.target_id,
        event.target_label,
        event.ip or "",
        event.user_agent,
        json.dumps(event.detail, ensure_ascii=False, sort_keys=True, default=str),
    ]
