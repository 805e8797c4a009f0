"""Staff tools at /admin/: members, their API tokens (digests only), sessions and failed logins.

The admin's own login page checks passwords through the same rate-limited service as
/accounts/login/ (``AdminLoginForm``).
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.db.models import QuerySet
from django.http import HttpRequest

from twoway.accounts.forms import AdminLoginForm
from twoway.accounts.models import ApiToken, LoginFailure, MemberSession, User
from twoway.core.admin import ReadOnlyAdmin
from twoway.privacy.admin import ErasingDeleteMixin

admin.site.login_form = AdminLoginForm


class MemberCreationForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "first_name")


class MemberChangeForm(UserChangeForm):  # type: ignore[type-arg]
    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class MemberAdmin(ErasingDeleteMixin, UserAdmin):  # type: ignore[type-arg]
    """Deleting a member erases them instead (privacy.admin): shared records stay anonymised."""

    form = MemberChangeForm
    add_form = MemberCreationForm
    list_display = ("email", "first_name", "email_verified", "is_staff", "is_active", "date_joined")
    list_filter = ("email_verified", "is_staff", "is_superuser", "is_active")
    search_fields = ("email", "first_name", "last_name")
    ordering = ("email",)
    readonly_fields = ("last_login", "date_joined")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Member", {"fields": ("first_name", "last_name", "email_verified")}),
        (
            "Permissions",
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "first_name", "usable_password", "password1", "password2"),
            },
        ),
    )


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("name", "user", "hint", "created_at", "last_used_at", "revoked_at")
    list_filter = ("revoked_at",)
    search_fields = ("name", "user__email")
    readonly_fields = ("user", "name", "digest", "hint", "created_at", "last_used_at", "revoked_at")
    actions = ("revoke",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Secrets are shown once, to their owner, on the settings page; staff never see them.
        return False

    @admin.action(description="Revoke selected tokens")
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        for token in queryset:
            token.revoke()
        messages.success(request, f"Revoked {queryset.count()} token(s).")


@admin.register(MemberSession)
class MemberSessionAdmin(ReadOnlyAdmin):
    """Where members are signed in (read only): the member's "Sign out everywhere else" or a
    password change ends sessions."""

    list_display = ("user", "device", "ip", "created_at", "last_seen_at")
    search_fields = ("user__email", "ip")
    readonly_fields = ("user", "session_key", "user_agent", "ip", "created_at", "last_seen_at")


@admin.register(LoginFailure)
class LoginFailureAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Failed logins (and attempts in flight). Deleting a member's rows here lifts a lock early."""

    list_display = ("email", "ip", "created_at")
    search_fields = ("email", "ip")
    readonly_fields = ("email", "ip", "created_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
