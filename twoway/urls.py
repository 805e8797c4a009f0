from django.contrib import admin
from django.urls import include, path

from twoway.api import api
from twoway.core import views as core_views

urlpatterns = [
    path("admin/", admin.site.urls),
    # Operations (docs/deploy.md): liveness is /healthz (in core's urls), readiness and the
    # worker's health here, Prometheus metrics behind METRICS_ENABLED and METRICS_TOKEN.
    path("health/", core_views.ready, name="health"),
    path("health/worker/", core_views.worker_health, name="health-worker"),
    path("metrics", core_views.metrics, name="metrics"),
    path("api/", api.urls),
    # The visitors' language switcher posts to i18n/setlang/ (docs/i18n.md).
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("twoway.accounts.urls")),
    # django-allauth: single sign-on callbacks and multi-factor pages (docs/security.md).
    # allauth's own account pages are closed: they redirect to ours (twoway/identity/urls.py).
    path("auth/", include("twoway.identity.urls")),
    path("auth/", include("allauth.urls")),
    # SCIM 2.0 provisioning: django-scim2 with our adapters (twoway/provisioning).
    path("scim/v2/", include("twoway.provisioning.urls")),
    path("notifications/", include("twoway.notifications.urls")),
    path("programs/", include("twoway.programs.urls")),
    path("posts/", include("twoway.posts.urls")),
    path("messages/", include("twoway.conversations.urls")),
    path("scheduling/", include("twoway.scheduling.urls")),
    path("account/data/", include("twoway.privacy.urls")),
    path("staff/audit/", include("twoway.audit.urls")),
    path("", include("twoway.network.urls")),
    path("", include("twoway.partnerships.urls")),
    path("", include("twoway.people.urls")),
    path("", include("twoway.core.urls")),
]
