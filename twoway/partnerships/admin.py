"""Admin: for support staff to look up a pair's state. Content (goals, logs, feedback) stays out,
as it belongs to the two partners."""

from __future__ import annotations

from django.contrib import admin

from twoway.partnerships.models import Partnership, Request


@admin.register(Request)
class RequestAdmin(admin.ModelAdmin[Request]):
    list_display = ["id", "sender", "receiver", "status", "created_at", "expires_at"]
    list_filter = ["status"]
    search_fields = ["sender__email", "receiver__email"]
    fields = readonly_fields = (
        "sender",
        "receiver",
        "status",
        "created_at",
        "expires_at",
        "answered_at",
    )


@admin.register(Partnership)
class PartnershipAdmin(admin.ModelAdmin[Partnership]):
    list_display = ["id", "member_low", "member_high", "status", "started_at", "ended_at"]
    list_filter = ["status"]
    search_fields = ["member_low__email", "member_high__email"]
    fields = readonly_fields = (
        "member_low",
        "member_high",
        "status",
        "cadence",
        "started_at",
        "ended_at",
    )
