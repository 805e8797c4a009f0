"""Password sign-in pages that go on to the second factor: the mixin our login page uses, and the
admin's login page (installed over Django's in admin.py)."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from twoway.twofactor import services


class SecondFactorLoginMixin:
    """For a Django ``LoginView``: once the password matches, allauth's login stages run, so a
    member with a second factor is asked for it before the session is theirs."""

    request: HttpRequest

    def form_valid(self, form: Any) -> HttpResponse:
        redirect_url = self.get_success_url()  # type: ignore[attr-defined]
        return services.sign_in_start(
            request=self.request, user=form.get_user(), redirect_url=redirect_url
        )


class AdminLoginView(SecondFactorLoginMixin, auth_views.LoginView):
    template_name = "admin/login.html"


@never_cache
def admin_login(request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
    """Django's ``AdminSite.login``, with the second factor: otherwise /admin/login/ would be a
    way in with the password alone."""
    site = admin.site
    if request.method == "GET" and site.has_permission(request):
        return HttpResponseRedirect(reverse("admin:index", current_app=site.name))
    context = {
        **site.each_context(request),
        "title": _("Log in"),
        "subtitle": None,
        "app_path": request.get_full_path(),
        "username": request.user.get_username(),
    }
    if REDIRECT_FIELD_NAME not in request.GET and REDIRECT_FIELD_NAME not in request.POST:
        context[REDIRECT_FIELD_NAME] = reverse("admin:index", current_app=site.name)
    context.update(extra_context or {})
    request.current_app = site.name
    form = site.login_form or AdminAuthenticationForm
    view = AdminLoginView.as_view(extra_context=context, authentication_form=form)
    return cast(HttpResponse, view(request))
