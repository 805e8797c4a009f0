"""Staff tools for a member's data: erasing members in the admin; exports and erasures, read only.

The members' admin (``accounts.admin.MemberAdmin``) takes ``ErasingDeleteMixin``: its delete
button and its bulk delete erase (``erasure.account_erase``) instead of deleting the row, which
would cascade into the partners' partnerships, goals, logs and messages.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from twoway.accounts.models import User
from twoway.core.admin import ReadOnlyAdmin
from twoway.privacy.erasure import account_erase
from twoway.privacy.models import DataExport, Erasure

ERASE_NOTE = (
    "Erased, not deleted: the personal data goes; partnerships, messages and other shared records "
    "stay for the other members, signed “A former member”."
)


class ErasingDeleteMixin:
    """Deleting a member in the admin erases them (published posts are kept, anonymised)."""

    actions: Any = ("erase_with_posts",)

    def delete_model(self, request: HttpRequest, obj: User) -> None:
        account_erase(user=obj, actor=_staff(request), request=request)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        for user in queryset:
            account_erase(user=user, actor=_staff(request), request=request)

    def get_deleted_objects(self, objs: Any, request: HttpRequest) -> tuple[Any, ...]:
        """What the confirmation page lists: the members, and what erasing means."""
        members = [f"{user}: {ERASE_NOTE}" for user in objs]
        return members, {"members": len(members)}, set(), []

    @admin.action(
        description="Erase selected members and delete their posts", permissions=["delete"]
    )
    def erase_with_posts(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        for user in queryset:
            account_erase(user=user, actor=_staff(request), request=request, delete_posts=True)
        messages.success(request, f"Erased {len(queryset)} member(s) and deleted their posts.")


def _staff(request: HttpRequest) -> User | None:
    user = request.user
    return user if isinstance(user, User) else None


@admin.register(DataExport)
class DataExportAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Who asked for an export and when (read only): the files are the members' alone."""

    list_display = ("user", "status", "requested_at", "ready_at", "expires_at", "size")
    list_filter = ("status",)
    search_fields = ("user__email",)
    readonly_fields = ("user", "status", "requested_at", "ready_at", "expires_at", "size")
    exclude = ("key",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Erasure)
class ErasureAdmin(ReadOnlyAdmin):
    list_display = ("user", "erased_at", "by_staff", "posts_deleted")
    list_filter = ("by_staff",)
    readonly_fields = ("user", "erased_at", "by_staff", "posts_deleted")
