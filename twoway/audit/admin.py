"""The audit log in the admin: read only (entries are written by ``record`` alone)."""

from __future__ import annotations

from django.contrib import admin

from twoway.audit.models import AuditEvent
from twoway.core.admin import ReadOnlyAdmin


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "action", "who", "target_type", "target_label", "ip")
    list_filter = ("action",)
    search_fields = ("actor_label", "target_label", "target_id", "ip")
    date_hierarchy = "created_at"
    readonly_fields = [field.name for field in AuditEvent._meta.fields]
