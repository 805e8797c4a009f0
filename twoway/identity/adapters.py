"""Where django-allauth hands single sign-on to Twoway's rules (settings.SOCIALACCOUNT_ADAPTER)."""

from __future__ import annotations

from typing import Any

from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.models import SocialLogin
from django.http import HttpRequest
from django.shortcuts import render

from twoway.identity import services


class SocialAccountAdapter(DefaultSocialAccountAdapter):  # type: ignore[misc]
    """Links by verified email and creates members just in time through identity.services;
    a refused sign-in gets a page saying why, never allauth's own sign-up form."""

    def pre_social_login(self, request: HttpRequest, sociallogin: SocialLogin) -> None:
        try:
            services.sso_login_check(request=request, sociallogin=sociallogin)
        except services.SsoRefused as exc:
            context = {"provider_name": sociallogin.provider.name, "reason": str(exc)}
            page = render(request, "identity/refused.html", context, status=403)
            raise ImmediateHttpResponse(page) from None

    def is_open_for_signup(self, request: HttpRequest, sociallogin: SocialLogin) -> bool:
        # Just-in-time accounts: a provider's vouched-for member may always join this way, even
        # while allauth's own sign-up page stays closed (identity/urls.py).
        return True

    def save_user(self, request: HttpRequest, sociallogin: SocialLogin, form: Any = None) -> Any:
        return services.sso_member_create(request=request, sociallogin=sociallogin)
