from django.contrib import admin

from twoway.identity.models import SsoOnlyDomain


@admin.register(SsoOnlyDomain)
class SsoOnlyDomainAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["domain", "provider_name", "created_at"]
    search_fields = ["domain"]
