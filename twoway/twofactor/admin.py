"""Staff tools: members' authenticators (read, and remove for a member who lost their device),
and the admin's login page asking for the second factor too.

allauth.mfa's own admin for authenticators shows their stored data (an app's secret, the
recovery codes' seed) and lets staff edit it; this one shows neither and removes through
``services.authenticator_remove_by_staff`` (audited, the member's sessions end).
"""

from __future__ import annotations

from typing import Any

from allauth.mfa.models import Authenticator
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _

from twoway.twofactor import services
from twoway.twofactor.views import admin_login

admin.site.login = admin_login  # type: ignore[method-assign]

if admin.site.is_registered(Authenticator):
    admin.site.unregister(Authenticator)


@admin.register(Authenticator)
class AuthenticatorAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("user", "type", "created_at", "last_used_at")
    list_filter = ("type",)
    search_fields = ("user__email",)
    fields = ("user", "type", "created_at", "last_used_at")
    readonly_fields = fields
    list_select_related = ("user",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        # A factor is set up by its owner, on their own device, at /auth/2fa/.
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def delete_model(self, request: HttpRequest, obj: Authenticator) -> None:
        services.authenticator_remove_by_staff(authenticator=obj, request=request)
        messages.info(request, _("%(member)s is signed out everywhere.") % {"member": obj.user})

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Authenticator]) -> None:
        for authenticator in queryset.select_related("user"):
            if Authenticator.objects.filter(pk=authenticator.pk).exists():  # not gone as dangling
                services.authenticator_remove_by_staff(authenticator=authenticator, request=request)
