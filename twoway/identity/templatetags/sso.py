"""``{% sso_providers as providers %}``: the configured providers, for "Sign in with …" buttons."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from allauth.socialaccount.adapter import get_adapter
from django import template

from twoway.identity.middleware import ORIGINS_ATTRIBUTE

register = template.Library()


@register.simple_tag(takes_context=True)
def sso_providers(context: dict[str, Any]) -> list[dict[str, str]]:
    """Each provider (OpenID Connect or SAML; from the admin or from settings) as its button
    name and the URL its button posts to, in name order; hidden ones left out.

    The providers' origins are noted on the request, so this page's Content-Security-Policy
    lets its buttons' redirects reach them (identity/middleware.py)."""
    request = context.get("request")
    providers = [
        provider
        for provider in get_adapter(request).list_providers(request)
        if not (provider.app is not None and (provider.app.settings or {}).get("hidden"))
    ]
    for provider in providers:
        _allow(request, provider)
    buttons = [{"name": p.name, "url": p.get_login_url(request)} for p in providers]
    return sorted(buttons, key=lambda button: button["name"].lower())


@register.simple_tag(takes_context=True)
def sso_allow_form_to(context: dict[str, Any], provider: Any) -> str:
    """``{% sso_allow_form_to provider %}``: this page has a form whose answer redirects to
    ``provider`` (allauth's "Continue" page); renders nothing."""
    _allow(context.get("request"), provider)
    return ""


def _allow(request: Any, provider: Any) -> None:
    origin = provider_origin(provider)
    if request is not None and origin:
        setattr(request, ORIGINS_ATTRIBUTE, {origin, *getattr(request, ORIGINS_ATTRIBUTE, ())})


def provider_origin(provider: Any) -> str:
    """Where a provider's sign-in page lives: the OIDC server's origin, or the SAML IdP's
    single sign-on (or metadata) URL's origin; "" when unknown."""
    app_settings = (provider.app.settings or {}) if provider.app is not None else {}
    idp = app_settings.get("idp") or {}
    url = app_settings.get("server_url") or idp.get("sso_url") or idp.get("metadata_url") or ""
    parts = urlsplit(str(url))
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme in ("http", "https") else ""
