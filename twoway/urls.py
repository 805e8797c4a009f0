from django.contrib import admin
from django.urls import include, path

from twoway.api import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("accounts/", include("twoway.accounts.urls")),
    path("notifications/", include("twoway.notifications.urls")),
    path("programs/", include("twoway.programs.urls")),
    path("posts/", include("twoway.posts.urls")),
    path("", include("twoway.network.urls")),
    path("", include("twoway.partnerships.urls")),
    path("", include("twoway.people.urls")),
    path("", include("twoway.core.urls")),
]
