"""With TWOWAY_ENV=production the app refuses to start on a secret key anyone could guess, with
DEBUG on or without the SITE_URL its links start with, naming the variable; each case starts a
fresh process, as a deployment would."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
STRONG = secrets.token_urlsafe(50)
DEV_KEY = "dev-only-insecure-key-change-me-0123456789-abcdefghijklmnopqrstuvwxyz"


def _start(**env: str) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DEBUG", "SECRET_KEY", "TWOWAY_ENV", "DJANGO_ALLOW_ASYNC_UNSAFE")
    }
    production = {
        "TWOWAY_ENV": "production",
        "ALLOWED_HOSTS": "twoway.example",
        "SITE_URL": "https://twoway.example",
    }
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env={**clean, "SQLITE_PATH": ":memory:", **production, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("key", "reason"),
    [
        ("", "SECRET_KEY must be set"),
        (DEV_KEY, "SECRET_KEY must not be the development key"),
        ("django-insecure-" + "k3y" * 15, "SECRET_KEY must not be the development key"),
        (secrets.token_urlsafe(30), "SECRET_KEY must be at least 50 characters long"),
        ("ab" * 40, "SECRET_KEY is too predictable"),
        ("0123456789" * 6, "SECRET_KEY is too predictable"),
    ],
    ids=["missing", "dev-default", "django-insecure", "short", "two-letters", "repeated"],
)
def test_production_refuses_a_weak_secret_key(key: str, reason: str) -> None:
    result = _start(SECRET_KEY=key)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert reason in result.stderr


def test_production_refuses_debug() -> None:
    result = _start(SECRET_KEY=STRONG, DEBUG="true")
    assert result.returncode != 0
    assert "DEBUG must be false when TWOWAY_ENV=production" in result.stderr


def test_production_starts_with_a_random_key_and_debug_off() -> None:
    result = _start(SECRET_KEY=STRONG)
    assert result.returncode == 0, result.stderr


def test_development_keeps_its_default_key_and_debug() -> None:
    result = _start(TWOWAY_ENV="development")
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("site_url", ["", "twoway.example"], ids=["missing", "no-scheme"])
def test_production_refuses_to_start_without_a_site_url(site_url: str) -> None:
    result = _start(SECRET_KEY=STRONG, SITE_URL=site_url)
    assert result.returncode != 0
    assert "SITE_URL must be set to the site's public address" in result.stderr
