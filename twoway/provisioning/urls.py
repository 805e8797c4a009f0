"""/scim/v2: django-scim2's routes, a few answered by our views (views.py), and a SCIM 404
for anything else. The namespace stays ``scim``, which django-scim2 reverses."""

from __future__ import annotations

from django.urls import URLPattern, re_path
from django_scim import urls as scim_urls

from twoway.provisioning import views

app_name = "scim"

OURS = {
    "search": views.not_supported,
    "bulk": views.not_supported,
    "me": views.not_supported,
    "schemas": views.SchemasView.as_view(),
    "resource-types": views.ResourceTypesView.as_view(),
}


def _route(pattern: URLPattern) -> URLPattern:
    view = OURS.get(pattern.name or "", pattern.callback)
    return re_path(str(pattern.pattern), views.scim_answer(view), name=pattern.name or "")


urlpatterns = [_route(p) for p in scim_urls.urlpatterns if isinstance(p, URLPattern)] + [
    re_path(r"^.*$", views.not_found, name="not-found"),
]
