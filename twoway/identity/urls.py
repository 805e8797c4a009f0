"""Included at /auth/ before django-allauth's own URLs, so these paths win. Open under /auth/:
the provider pages (oidc/, saml/), the connections page (3rdparty/), the second factor (2fa/),
reauthentication, the inactive-account page and sign-out."""

from django.urls import path, re_path

from twoway.identity.views import closed, signup_closed

urlpatterns = [
    path("login/", closed("accounts:login")),
    path("login/code/confirm/", closed("accounts:login")),
    path("signup/", closed("accounts:signup")),
    path("email/", closed("accounts:settings")),
    path("confirm-email/", closed("accounts:settings")),
    re_path(r"^confirm-email/(?P<key>[-:\w]+)/$", closed("accounts:settings")),
    path("password/change/", closed("accounts:password_change")),
    path("password/set/", closed("accounts:settings")),
    path("password/reset/", closed("accounts:password_reset")),
    path("password/reset/done/", closed("accounts:password_reset")),
    re_path(r"^password/reset/key/", closed("accounts:password_reset")),
    path("3rdparty/signup/", signup_closed),
    path("social/signup/", signup_closed),
]
