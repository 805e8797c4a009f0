from django.contrib import admin

from twoway.network.models import (
    Circle,
    CircleLearning,
    CircleMeeting,
    Introduction,
    Membership,
    NetworkSettings,
)


class MembershipInline(admin.TabularInline[Membership, Circle]):
    model = Membership
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Circle)
class CircleAdmin(admin.ModelAdmin[Circle]):
    list_display = ["name", "status", "source", "capacity", "created_at"]
    list_filter = ["status", "source"]
    search_fields = ["name", "theme"]
    inlines = [MembershipInline]


@admin.register(Introduction)
class IntroductionAdmin(admin.ModelAdmin[Introduction]):
    list_display = ["requester", "via", "target", "skill", "status", "created_at"]
    list_filter = ["status"]
    raw_id_fields = ["requester", "via", "target", "skill"]


admin.site.register([NetworkSettings, CircleMeeting, CircleLearning])
