"""Staff views of notifications, members' channel choices and the periodic jobs' state."""

from __future__ import annotations

from django.contrib import admin

from twoway.notifications.models import Notification, NotificationPreference, PeriodicJob


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("title", "recipient", "kind", "created_at", "read_at", "emailed_at", "in_app")
    list_filter = ("kind", "in_app", "read_at", "emailed_at")
    search_fields = ("title", "recipient__email", "dedupe_key")
    raw_id_fields = ("recipient", "actor")
    date_hierarchy = "created_at"


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("user", "kind", "in_app", "email")
    list_filter = ("kind", "in_app", "email")
    search_fields = ("user__email",)
    raw_id_fields = ("user",)


@admin.register(PeriodicJob)
class PeriodicJobAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Setting a job's next run to the past makes the next tick run it."""

    list_display = ("name", "next_run_at", "last_started_at", "last_finished_at")
    readonly_fields = ("last_started_at", "last_finished_at", "last_error")
