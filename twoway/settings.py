"""Twoway's one settings module.

Every setting that differs between machines comes from an environment variable, read through the
tiny helpers below. A bad value stops the process at start-up with a message that names the
variable, rather than surfacing later as a puzzling failure.
"""

from __future__ import annotations

import os
import zlib
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def envstr(name: str, default: str) -> str:
    return os.environ.get(name, default)


def envbool(name: str, default: str) -> bool:
    value = os.environ.get(name, default).strip().lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off", ""):
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}.")


def envint(name: str, default: str) -> int:
    value = os.environ.get(name, default)
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None


def envlist(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEV_SECRET_KEY = "dev-only-insecure-key-change-me-0123456789-abcdefghijklmnopqrstuvwxyz"


def secret_problem(value: str) -> str:
    """Why ``value`` can't sign production cookies and links, or "" when it can: it must be set,
    not the development key, at least 50 characters, with 10 different characters or more, and
    must not repeat itself (a value zlib shrinks by a quarter is a pattern, not a secret)."""
    if not value:
        return "must be set"
    if value == DEV_SECRET_KEY or value.startswith("django-insecure-"):
        return "must not be the development key"
    if len(value) < 50:
        return f"must be at least 50 characters long (it has {len(value)})"
    if len(set(value)) < 10 or len(zlib.compress(value.encode())) < 0.75 * len(value):
        return "is too predictable (too few different characters, or a repeated pattern)"
    return ""


# "development" (the default: `make run` and the tests) or "production".
TWOWAY_ENV = envstr("TWOWAY_ENV", "development")
if TWOWAY_ENV not in ("development", "production"):
    raise ImproperlyConfigured(f"TWOWAY_ENV must be development or production, not {TWOWAY_ENV!r}.")
PRODUCTION = TWOWAY_ENV == "production"

SECRET_KEY = envstr("SECRET_KEY", "" if PRODUCTION else DEV_SECRET_KEY)
DEBUG = envbool("DEBUG", "false" if PRODUCTION else "true")
if PRODUCTION and secret_problem(SECRET_KEY):
    raise ImproperlyConfigured(
        f"SECRET_KEY {secret_problem(SECRET_KEY)} when TWOWAY_ENV=production. Make one with: "
        "python -c 'import secrets; print(secrets.token_urlsafe(50))'"
    )
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured(
        "DEBUG must be false when TWOWAY_ENV=production: its error pages show settings and code."
    )
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", "")
# The address in emails, feeds and calendar files. `make run` sets it to the port it serves on.
SITE_URL = envstr("SITE_URL", "" if PRODUCTION else "http://127.0.0.1:8000").rstrip("/")
if PRODUCTION and not SITE_URL.startswith(("https://", "http://")):
    raise ImproperlyConfigured(
        f"SITE_URL must be set to the site's public address when TWOWAY_ENV=production (it is "
        f"the start of every link in emails, feeds and calendar files), not {SITE_URL!r}. "
        "For example: SITE_URL=https://twoway.example"
    )
SITE_NAME = "Twoway"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # Serves Swagger UI for /api/docs from our static files rather than a CDN.
    "ninja",
    "django_tasks",
    "django_tasks_db",
    # Content-Security-Policy with a nonce per response (see CONTENT_SECURITY_POLICY below).
    "csp",
    # Readiness checks at /health/ (twoway.core.health) and Prometheus metrics at /metrics.
    "health_check",
    "django_prometheus",
    # Single sign-on and multi-factor sign-in (docs/security.md); our own sign-in page stays.
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "allauth.socialaccount.providers.saml",
    "allauth.mfa",
    # SCIM 2.0 provisioning at /scim/v2 (docs/security.md).
    "django_scim",
    "twoway.core",
    "twoway.accounts",
    "twoway.people",
    "twoway.notifications",
    "twoway.partnerships",
    "twoway.programs",
    "twoway.posts",
    "twoway.network",
    "twoway.conversations",
    "twoway.scheduling",
    "twoway.privacy",
    "twoway.audit",
    "twoway.provisioning",
    "twoway.identity",
    # Two-factor sign-in on allauth.mfa: policy, audit, admin (docs/security.md).
    "twoway.twofactor",
]

MIDDLEWARE = [
    # First and last: request counts and latencies for /metrics; they run no query.
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    # The request id (X-Request-ID) on every log record and on the response (core/request_id.py).
    "twoway.core.request_id.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    # After CSP, so it runs first on the way out: "Sign in with …" buttons may reach providers.
    "twoway.identity.middleware.SsoFormActionMiddleware",
    "twoway.core.middleware.PermissionsPolicyMiddleware",
    # Before sessions and CSRF: an oversized body or a NUL character is refused unread.
    "twoway.core.middleware.RequestGuardMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language from the language cookie or Accept-Language; a member's own choice replaces it
    # below, once the member is known (core/i18n.py).
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # A member's interface language; a visitor's browser time zone (core/i18n.py).
    "twoway.core.i18n.ReaderLocaleMiddleware",
    "twoway.accounts.middleware.SessionRecordMiddleware",
    # Lets audit entries written by signal receivers know the request (twoway/audit/context.py).
    "twoway.audit.context.AuditRequestMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # A member who must use a second factor and has none is sent to set one up (twoway/twofactor).
    "twoway.twofactor.middleware.SecondFactorRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]

ROOT_URLCONF = "twoway.urls"
WSGI_APPLICATION = "twoway.wsgi.application"
ASGI_APPLICATION = "twoway.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "twoway" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "twoway.core.context_processors.site",
            ],
        },
    },
]

# Without DATABASE_URL the app runs on a SQLite file beside the code: the embedded default.
DATABASE_URL = envstr("DATABASE_URL", "")
if DATABASE_URL:
    try:
        DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
    except ValueError as exc:
        raise ImproperlyConfigured(f"DATABASE_URL is not a valid database URL: {exc}") from None
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": envstr("SQLITE_PATH", str(BASE_DIR / "twoway.sqlite3")),
            "OPTIONS": {"timeout": 20, "transaction_mode": "IMMEDIATE"},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["twoway.accounts.backends.EmailBackend"]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# django-allauth runs single sign-on and the second factor; members still sign in with email on
# our own page (accounts/views.py). Its own sign-up is closed: accounts come from our sign-up, a
# provider (just in time) or SCIM. Sections below are refined in docs/security.md.
ACCOUNT_USER_MODEL_USERNAME_FIELD = "username"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*"]
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
# Single sign-on (twoway/identity, docs/security.md "Single sign-on"): providers are SocialApp rows
# in the admin, or this JSON file ({"openid_connect": {"APPS": [...]}, "saml": {"APPS": [...]}}).
# A provider must vouch for the member's email (OIDC email_verified, or the app's verified_email
# setting); identity.services links or creates the account, so allauth's own checks stay off.
SOCIALACCOUNT_ADAPTER = "twoway.identity.adapters.SocialAccountAdapter"
SOCIALACCOUNT_EMAIL_VERIFICATION = "none"
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_AUTO_SIGNUP = True
SOCIALACCOUNT_LOGIN_ON_GET = False
SSO_PROVIDERS_FILE = envstr("SSO_PROVIDERS_FILE", "")
SOCIALACCOUNT_PROVIDERS: dict[str, object] = {}
if SSO_PROVIDERS_FILE:
    import json

    try:
        SOCIALACCOUNT_PROVIDERS = json.loads(Path(SSO_PROVIDERS_FILE).read_text())
    except (OSError, ValueError) as exc:
        raise ImproperlyConfigured(f"SSO_PROVIDERS_FILE can't be read as JSON: {exc}") from None
# Two-factor sign-in (twoway/twofactor; docs/security.md, "Multi-factor sign-in"): an authenticator
# app, passkeys or security keys, and recovery codes, at /auth/2fa/. Staff must have a factor;
# everyone must when MFA_REQUIRED=true. A passkey is a second factor, not a way in on its own.
MFA_REQUIRED = envbool("MFA_REQUIRED", "false")
MFA_ADAPTER = "twoway.twofactor.adapter.TwowayMFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "webauthn", "recovery_codes"]
MFA_PASSKEY_LOGIN_ENABLED = False
MFA_FORMS = {
    "activate_totp": "twoway.twofactor.forms.VerifiedActivateTOTPForm",
    "add_webauthn": "twoway.twofactor.forms.VerifiedAddWebAuthnForm",
    "authenticate_webauthn": "twoway.twofactor.forms.AuditedAuthenticateWebAuthnForm",
    "reauthenticate_webauthn": "twoway.twofactor.forms.AuditedReauthenticateWebAuthnForm",
}

# SCIM 2.0 provisioning (twoway/provisioning; docs/security.md, "SCIM provisioning"): django-scim2's
# views with our resources, bearer-token auth per directory and filters scoped to it.
SCIM_SERVICE_PROVIDER = {
    "NETLOC": SITE_URL.split("://", 1)[-1],  # unused: locations come from discovery.base_location
    "AUTHENTICATION_SCHEMES": [
        {
            "type": "oauthbearertoken",
            "name": "Bearer token",
            "description": "The directory's token from the admin, as Authorization: Bearer …",
            "primary": True,
        }
    ],
    "USER_MODEL_GETTER": "twoway.provisioning.hooks.member_model",
    "USER_ADAPTER": "twoway.provisioning.adapters.MemberAdapter",
    "GROUP_MODEL": "twoway.provisioning.models.DirectoryGroup",
    "GROUP_ADAPTER": "twoway.provisioning.adapters.GroupAdapter",
    "USER_FILTER_PARSER": "twoway.provisioning.filters.MemberFilter",
    "GROUP_FILTER_PARSER": "twoway.provisioning.filters.GroupFilter",
    "SERVICE_PROVIDER_CONFIG_MODEL": "twoway.provisioning.discovery.ServiceProviderConfig",
    "BASE_LOCATION_GETTER": "twoway.provisioning.discovery.base_location",
    "SCHEMAS_GETTER": "twoway.provisioning.discovery.schemas",
    "GET_EXTRA_MODEL_FILTER_KWARGS_GETTER": "twoway.provisioning.hooks.directory_scope",
    "GET_QUERYSET_POST_PROCESSOR_GETTER": "twoway.provisioning.hooks.list_loader",
    "AUTH_CHECK_MIDDLEWARE": "twoway.provisioning.auth.DirectoryTokenAuth",
}

# Failed logins per email and per client address, inside a sliding window.
LOGIN_MAX_FAILURES = envint("LOGIN_MAX_FAILURES", "5")
LOGIN_FAILURE_WINDOW_SECONDS = envint("LOGIN_FAILURE_WINDOW_SECONDS", "900")
# Per client address the limit is higher and its window short, so it only slows a sprayer:
# people in one office share an address (docs/accounts.md, "Rate limits").
LOGIN_MAX_FAILURES_PER_IP = envint("LOGIN_MAX_FAILURES_PER_IP", "50")
LOGIN_IP_WINDOW_SECONDS = envint("LOGIN_IP_WINDOW_SECONDS", "300")
# Sign-ups and password-reset emails, per address and per client, inside this window.
ACCOUNT_EMAIL_WINDOW_SECONDS = envint("ACCOUNT_EMAIL_WINDOW_SECONDS", "3600")
SIGNUP_MAX_PER_EMAIL = envint("SIGNUP_MAX_PER_EMAIL", "3")
SIGNUP_MAX_PER_IP = envint("SIGNUP_MAX_PER_IP", "10")
PASSWORD_RESET_MAX_PER_EMAIL = envint("PASSWORD_RESET_MAX_PER_EMAIL", "3")
PASSWORD_RESET_MAX_PER_IP = envint("PASSWORD_RESET_MAX_PER_IP", "20")
# Behind exactly one reverse proxy, the client address is the last X-Forwarded-For entry.
TRUST_X_FORWARDED_FOR = envbool("TRUST_X_FORWARDED_FOR", "false")
# The audit log (docs/security.md): the retention job deletes entries older than this many days.
AUDIT_LOG_RETENTION_DAYS = envint("AUDIT_LOG_RETENTION_DAYS", "365")
if AUDIT_LOG_RETENTION_DAYS < 1:
    raise ImproperlyConfigured(
        f"AUDIT_LOG_RETENTION_DAYS must be at least 1, not {AUDIT_LOG_RETENTION_DAYS}."
    )


# The languages Twoway speaks (docs/i18n.md): a member's choice on their profile, else their
# browser's Accept-Language (or a visitor's choice in the footer), else LANGUAGE_CODE. Each app
# keeps its catalogue in <app>/locale; the project's own templates theirs in twoway/locale.
LANGUAGES = [("en", "English"), ("de", "Deutsch"), ("es", "Español"), ("fr", "Français")]
LANGUAGE_CODE = envstr("LANGUAGE_CODE", "en")
if LANGUAGE_CODE not in dict(LANGUAGES):
    raise ImproperlyConfigured(
        f"LANGUAGE_CODE must be one of {', '.join(dict(LANGUAGES))}, not {LANGUAGE_CODE!r}."
    )
LOCALE_PATHS = [BASE_DIR / "twoway" / "locale"]
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SECURE = PRODUCTION
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# The site-wide assets (app.css, htmx) live outside any app, so the finders need telling.
STATICFILES_DIRS = [BASE_DIR / "twoway" / "static"]
# In development the finders serve static files; production collects them into STATIC_ROOT.
STATIC_ROOT = envstr("STATIC_ROOT", str(BASE_DIR / "staticfiles")) if PRODUCTION else None
# Uploaded profile photos (people/photos.py), served to signed-in members by a view, never by
# the proxy; in production a persistent folder shared by every app process (docs/deploy.md).
MEDIA_ROOT = envstr("MEDIA_ROOT", str(BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

EMAIL_BACKEND = envstr("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = envstr("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", "25")
EMAIL_HOST_USER = envstr("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = envstr("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", "false")
DEFAULT_FROM_EMAIL = envstr("DEFAULT_FROM_EMAIL", "Twoway <noreply@twoway.example>")

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

SESSION_COOKIE_HTTPONLY = True
# The largest request body other than uploaded files (a post's 50,000 characters, escaped as JSON,
# fit comfortably); a larger one answers 413 (twoway.core.middleware.RequestGuardMiddleware).
DATA_UPLOAD_MAX_MEMORY_SIZE = envint("DATA_UPLOAD_MAX_MEMORY_SIZE", str(1024 * 1024))

# Scripts and styles come from this site only; no inline handler, no eval (htmx runs with
# allowEval off, see base.html). An inline <script> needs nonce="{{ request.csp_nonce }}".
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "connect-src": [SELF],
        "font-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# Browser features no page needs: denied to the site and anything embedded in it.
PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: []
    for feature in (
        "accelerometer", "autoplay", "bluetooth", "camera", "display-capture", "encrypted-media",
        "geolocation", "gyroscope", "hid", "magnetometer", "microphone", "midi", "payment",
        "serial", "usb", "xr-spatial-tracking",
    )
}  # fmt: skip
if PRODUCTION:
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", "true")
    # Load balancers and Prometheus often probe over plain HTTP from inside the network.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^health/", r"^metrics$"]
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", "31536000")
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_CONTENT_TYPE_NOSNIFF = True

# ---------------------------------------------------------------------------------------------
# Operations (docs/deploy.md): the shared cache, sessions, logs with a request id, error reports.

# Several app processes share one cache through Redis (REDIS_URL, e.g. redis://127.0.0.1:6379/0);
# without it each process has its own local-memory cache. Nothing that must hold across processes
# depends on the cache: rate limits and sessions are rows in the database (docs/decisions.md).
REDIS_URL = envstr("REDIS_URL", "")
if REDIS_URL and not REDIS_URL.startswith(("redis://", "rediss://", "unix://")):
    raise ImproperlyConfigured(
        f"REDIS_URL must start with redis://, rediss:// or unix://, not {REDIS_URL!r}. "
        "For example: REDIS_URL=redis://127.0.0.1:6379/0"
    )
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL,
         "KEY_PREFIX": "twoway"}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}  # fmt: skip
# Sessions are rows in the database, whatever the cache: signing out everywhere deletes them there.
SESSION_ENGINE = "django.contrib.sessions.backends.db"

# One line of JSON per record in production (LOG_FORMAT=json), readable text in development;
# every record carries the request id (core/request_id.py), "-" outside a request.
LOG_FORMAT = envstr("LOG_FORMAT", "json" if PRODUCTION else "text")
if LOG_FORMAT not in ("json", "text"):
    raise ImproperlyConfigured(f"LOG_FORMAT must be json or text, not {LOG_FORMAT!r}.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "twoway.core.request_id.RequestIdFilter"}},
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(levelname)s %(name)s %(message)s %(request_id)s",
            "rename_fields": {"levelname": "level", "name": "logger"},
            "timestamp": True,  # ISO 8601, UTC
        },
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["request_id"],
        }
    },
    # Django's own console handler (DEBUG only) would print its records a second time.
    "loggers": {"django": {"handlers": [], "level": "INFO"}},
    "root": {"handlers": ["console"], "level": envstr("LOG_LEVEL", "INFO")},
}

# Error reports to Sentry (or any service speaking its protocol) when SENTRY_DSN is set; off
# otherwise. No personal data is sent (core/reporting.py).
SENTRY_DSN = envstr("SENTRY_DSN", "")
if SENTRY_DSN:
    from twoway.core.reporting import start_error_reporting

    start_error_reporting(SENTRY_DSN, environment=envstr("SENTRY_ENVIRONMENT", TWOWAY_ENV))
# ---------------------------------------------------------------------------------------------

# Partnerships: open requests expire after this many days; a partnership with no session for this
# many weeks gets a nudge.
REQUEST_EXPIRY_DAYS = envint("REQUEST_EXPIRY_DAYS", "14")
PARTNERSHIP_QUIET_WEEKS = envint("PARTNERSHIP_QUIET_WEEKS", "3")

# Circle queue (docs/network.md): the hourly job forms circles once this many members wait and
# someone joined since its last run (and once a day whatever the count); a member in this many
# circles may not queue for another (0: no limit).
CIRCLE_QUEUE_MIN_WAITING = envint("CIRCLE_QUEUE_MIN_WAITING", "3")
CIRCLE_QUEUE_MAX_CIRCLES = envint("CIRCLE_QUEUE_MAX_CIRCLES", "3")
# Scheduling: a session made from a proposed time without a link gets a new video room here
# (Jitsi Meet needs no account; an organisation may point this at its own Jitsi server).
MEETING_ROOM_BASE = envstr("MEETING_ROOM_BASE", "https://meet.jit.si/").rstrip("/") + "/"
if not MEETING_ROOM_BASE.startswith(("https://", "http://")) or len(MEETING_ROOM_BASE) > 150:
    raise ImproperlyConfigured(
        "MEETING_ROOM_BASE must be a web address of at most 150 characters, such as "
        f"https://meet.jit.si/ or https://jitsi.example.org/, not {MEETING_ROOM_BASE!r}."
    )

# Programs: limits on an imported participants file, checked before it is parsed (an XLSX file is
# a zip: its members' declared sizes are checked first), and how many rows the background import
# writes per transaction, so the database's write lock is never held for long.
IMPORT_MAX_ROWS = envint("IMPORT_MAX_ROWS", "50000")
IMPORT_MAX_UNCOMPRESSED_MB = envint("IMPORT_MAX_UNCOMPRESSED_MB", "50")
IMPORT_MAX_COMPRESSION_RATIO = envint("IMPORT_MAX_COMPRESSION_RATIO", "100")
IMPORT_CHUNK_ROWS = envint("IMPORT_CHUNK_ROWS", "500")
# A running match round or import whose worker hasn't written a heartbeat for this many seconds
# is taken as dead (the worker was killed) and queued again.
WORKER_HEARTBEAT_SECONDS = envint("WORKER_HEARTBEAT_SECONDS", "60")
# /health/worker/ fails once a task has waited this long to start (no worker, or one far behind).
TASK_QUEUE_MAX_WAIT_SECONDS = envint("TASK_QUEUE_MAX_WAIT_SECONDS", "300")

# A member's data (docs/security.md, "Data lifecycle"): a data export can be downloaded for this
# many hours; the daily retention job then deletes each kind of row this many days after it ends
# (0 keeps that kind forever; the audit log has AUDIT_LOG_RETENTION_DAYS above).
DATA_EXPORT_TTL_HOURS = envint("DATA_EXPORT_TTL_HOURS", "48")
if DATA_EXPORT_TTL_HOURS < 1:
    raise ImproperlyConfigured(
        f"DATA_EXPORT_TTL_HOURS must be at least 1, not {DATA_EXPORT_TTL_HOURS}."
    )
RETENTION_PARTNERSHIP_NOTES_DAYS = envint("RETENTION_PARTNERSHIP_NOTES_DAYS", "730")
RETENTION_DECLINED_REQUESTS_DAYS = envint("RETENTION_DECLINED_REQUESTS_DAYS", "180")
RETENTION_SPAM_COMMENTS_DAYS = envint("RETENTION_SPAM_COMMENTS_DAYS", "30")
RETENTION_NOTIFICATIONS_DAYS = envint("RETENTION_NOTIFICATIONS_DAYS", "365")
for _name in ("PARTNERSHIP_NOTES", "DECLINED_REQUESTS", "SPAM_COMMENTS", "NOTIFICATIONS"):
    if globals()[f"RETENTION_{_name}_DAYS"] < 0:
        raise ImproperlyConfigured(f"RETENTION_{_name}_DAYS must be 0 (keep forever) or more.")

# Prometheus metrics at /metrics (docs/deploy.md): on by default in development only. When a
# METRICS_TOKEN is set, a scrape must send it as "Authorization: Bearer <token>"; production
# refuses to serve metrics without one.
METRICS_ENABLED = envbool("METRICS_ENABLED", "false" if PRODUCTION else "true")
METRICS_TOKEN = envstr("METRICS_TOKEN", "")
if PRODUCTION and METRICS_ENABLED and len(METRICS_TOKEN) < 32:
    raise ImproperlyConfigured(
        "METRICS_TOKEN must be set, at least 32 characters long, when METRICS_ENABLED=true and "
        "TWOWAY_ENV=production: /metrics would otherwise be public. Make one with: "
        "python -c 'import secrets; print(secrets.token_urlsafe(32))'"
    )
