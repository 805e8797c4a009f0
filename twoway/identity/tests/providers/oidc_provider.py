"""A real OpenID Connect provider for the tests: a one-file Django project serving
django-oauth-toolkit's OIDC endpoints, with a sign-in page, on 127.0.0.1.

Run: ``python oidc_provider.py CONFIG.json``. The config names the port, a work folder (its
SQLite database goes there), the private key, the clients (client_id, secret, redirect_uris)
and the people who may sign in (username, password, email, email_verified, name). Discovery is
at ``http://127.0.0.1:PORT/o/.well-known/openid-configuration``; the issuer is
``http://127.0.0.1:PORT/o``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import django
from django.conf import settings

CONFIG: dict[str, Any] = json.loads(Path(sys.argv[1]).read_text()) if __name__ == "__main__" else {}
PEOPLE = {person["username"]: person for person in CONFIG.get("people", [])}

LOGIN_PAGE = """<!doctype html><html lang="en"><head><title>Test identity provider</title></head>
<body><h1>Test identity provider: sign in</h1>
{% if form.errors %}<p role="alert">Wrong username or password.</p>{% endif %}
<form method="post">{% csrf_token %}
<label>Username <input name="username" autocomplete="username"></label>
<label>Password <input name="password" type="password" autocomplete="current-password"></label>
<input type="hidden" name="next" value="{{ next }}">
<button type="submit">Sign in to the provider</button></form></body></html>"""


def configure() -> None:
    base = f"http://127.0.0.1:{CONFIG['port']}"
    settings.configure(
        DEBUG=False,
        SECRET_KEY="test-oidc-provider-" + "x" * 40,
        ALLOWED_HOSTS=["127.0.0.1", "localhost"],
        ROOT_URLCONF=__name__,
        INSTALLED_APPS=[
            "django.contrib.auth",
            "django.contrib.contenttypes",
            "django.contrib.sessions",
            "oauth2_provider",
        ],
        MIDDLEWARE=[
            "django.contrib.sessions.middleware.SessionMiddleware",
            "django.middleware.csrf.CsrfViewMiddleware",
            "django.contrib.auth.middleware.AuthenticationMiddleware",
        ],
        DATABASES={
            "default": {
                "ENGINE": "django.db.backends.sqlite3",
                "NAME": str(Path(CONFIG["workdir"]) / "oidc-provider.sqlite3"),
            }
        },
        TEMPLATES=[
            {
                "BACKEND": "django.template.backends.django.DjangoTemplates",
                "OPTIONS": {
                    "loaders": [
                        ("django.template.loaders.locmem.Loader", {"login.html": LOGIN_PAGE}),
                        "django.template.loaders.app_directories.Loader",
                    ],
                    "context_processors": ["django.template.context_processors.request"],
                },
            }
        ],
        # Its cookies must not meet Twoway's: cookies ignore ports, and both run on this machine.
        SESSION_COOKIE_NAME="oidc_provider_session",
        CSRF_COOKIE_NAME="oidc_provider_csrf",
        LOGIN_URL="/login/",
        USE_TZ=True,
        DEFAULT_AUTO_FIELD="django.db.models.BigAutoField",
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        OAUTH2_PROVIDER={
            "OIDC_ENABLED": True,
            "OIDC_RSA_PRIVATE_KEY": Path(CONFIG["private_key"]).read_text(),
            "OIDC_ISS_ENDPOINT": f"{base}/o",
            "PKCE_REQUIRED": True,
            "SCOPES": {"openid": "OpenID", "profile": "Profile", "email": "Email"},
            "OAUTH2_VALIDATOR_CLASS": "__main__.Validator",
        },
    )
    django.setup()


def claims_of(username: str) -> dict[str, Any]:
    """The claims a person's ID token and userinfo carry (email_verified only when configured)."""
    person = PEOPLE[username]
    given, _, family = person.get("name", "").partition(" ")
    claims = {
        "email": person["email"],
        "name": person.get("name", ""),
        "given_name": given,
        "family_name": family,
        "preferred_username": username,
    }
    if person.get("email_verified") is not None:
        claims["email_verified"] = person["email_verified"]
    return claims


def seed() -> None:
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from oauth2_provider.models import Application

    call_command("migrate", verbosity=0, interactive=False)
    for person in PEOPLE.values():
        User.objects.create_user(username=person["username"], password=person["password"])
    for client in CONFIG["clients"]:
        Application.objects.create(
            name=client["client_id"],
            client_id=client["client_id"],
            client_secret=client["secret"],
            client_type=Application.CLIENT_CONFIDENTIAL,
            authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
            redirect_uris=" ".join(client["redirect_uris"]),
            algorithm=Application.RS256_ALGORITHM,
            skip_authorization=True,
        )


if __name__ == "__main__":
    configure()
    from django.contrib.auth import views as auth_views
    from django.core.servers.basehttp import run
    from django.core.wsgi import get_wsgi_application
    from django.urls import include, path
    from oauth2_provider.oauth2_validators import OAuth2Validator

    class Validator(OAuth2Validator):  # type: ignore[misc]  # named in OAUTH2_VALIDATOR_CLASS
        def get_additional_claims(self, request: Any) -> dict[str, Any]:
            return claims_of(request.user.username)

    urlpatterns = [
        path("login/", auth_views.LoginView.as_view(template_name="login.html")),
        path("o/", include("oauth2_provider.urls", namespace="oauth2_provider")),
    ]
    seed()
    print(f"OIDC provider ready on port {CONFIG['port']}", flush=True)
    run("127.0.0.1", int(CONFIG["port"]), get_wsgi_application(), threading=True)
