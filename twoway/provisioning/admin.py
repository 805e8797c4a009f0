"""Staff set up provisioning at /admin/: directories (a token shown once at creation or
replacement), the groups each one pushed (mapped here to a team or a program), and the members
it provisioned (read only: the directory owns them)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext

from twoway.accounts.models import User
from twoway.core.admin import ReadOnlyAdmin
from twoway.provisioning import groups, services
from twoway.provisioning.models import Directory, DirectoryGroup, DirectoryMember


def _staff(request: HttpRequest) -> User | None:
    return request.user if isinstance(request.user, User) else None


def token_page(request: HttpRequest, directory: Directory, secret: str) -> HttpResponse:
    """The one page that shows a token: it is never stored, so it cannot be shown again."""
    context = {
        **admin.site.each_context(request),
        "title": gettext("Token for %(name)s") % {"name": directory.name},
        "directory": directory,
        "secret": secret,
        "base_url": settings.SITE_URL + reverse("scim:root"),
        "back": reverse("admin:provisioning_directory_changelist"),
    }
    response = TemplateResponse(request, "provisioning/token.html", context)
    response["Cache-Control"] = "no-store"
    return response


@admin.register(Directory)
class DirectoryAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("name", "enabled", "token_hint", "token_created_at", "last_used_at")
    readonly_fields = ("token_hint", "token_created_at", "last_used_at", "created_at")
    fields = ("name", "enabled", *readonly_fields)
    actions = ("replace_token",)

    def save_model(self, request: HttpRequest, obj: Directory, form: Any, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
        else:
            request._scim_secret = services.directory_save_new(  # type: ignore[attr-defined]
                directory=obj, actor=_staff(request)
            )

    def response_add(self, request: HttpRequest, obj: Directory, *args: Any) -> HttpResponse:
        return token_page(request, obj, request._scim_secret)  # type: ignore[attr-defined]

    @admin.action(description="Replace the token (the old one stops working at once)")
    def replace_token(self, request: HttpRequest, queryset: QuerySet[Directory]) -> Any:
        if queryset.count() != 1:
            self.message_user(request, "Choose one directory at a time.", messages.ERROR)
            return None
        directory = queryset.get()
        secret = services.directory_token_replace(directory=directory, actor=_staff(request))
        return token_page(request, directory, secret)


class GroupMappingForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = DirectoryGroup
        fields = ("maps_to", "program", "team_name")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("maps_to") == DirectoryGroup.Maps.PROGRAM and not data.get("program"):
            self.add_error("program", "Choose the program this group enrols its members in.")
        return data


@admin.register(DirectoryGroup)
class DirectoryGroupAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Only the mapping is staff's to change; the name and members come from the directory."""

    form = GroupMappingForm
    list_display = ("display_name", "directory", "maps_to", "program", "team_name", "size")
    list_filter = ("directory", "maps_to")
    search_fields = ("display_name",)
    readonly_fields = ("directory", "display_name", "external_id", "scim_id", "size")
    fields = (*readonly_fields, "maps_to", "program", "team_name")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.display(description="members")
    def size(self, obj: DirectoryGroup) -> int:
        return obj.links.count()

    def save_model(
        self, request: HttpRequest, obj: DirectoryGroup, form: Any, change: bool
    ) -> None:
        data = form.cleaned_data
        groups.group_mapping_set(
            group=obj,
            maps_to=data["maps_to"],
            program=data.get("program"),
            team_name=data.get("team_name", ""),
            actor=_staff(request),
        )


@admin.register(DirectoryMember)
class DirectoryMemberAdmin(ReadOnlyAdmin):
    list_display = ("user_name", "directory", "user", "external_id", "updated_at")
    list_filter = ("directory",)
    search_fields = ("user_name", "external_id", "user__email")
    readonly_fields = (
        "directory",
        "user",
        "scim_id",
        "user_name",
        "external_id",
        "attributes",
        "created_at",
        "updated_at",
    )
