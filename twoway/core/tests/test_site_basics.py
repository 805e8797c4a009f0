import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

ROOT = Path(__file__).resolve().parents[3]


def test_the_home_page_explains_the_two_way_idea(client: Client, db: None) -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert b"two-way street" in response.content


def test_the_health_check_reaches_the_database(client: Client, db: None) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DEBUG", "SECRET_KEY", "TWOWAY_ENV", "DJANGO_ALLOW_ASYNC_UNSAFE")
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("DEBUG", "maybe", "DEBUG must be true or false"),
        ("EMAIL_PORT", "twenty-five", "EMAIL_PORT must be a whole number"),
        ("TWOWAY_ENV", "staging", "TWOWAY_ENV must be development or production"),
    ],
)
def test_a_bad_setting_stops_the_app_with_its_name(name: str, value: str, message: str) -> None:
    result = _manage("check", **{name: value})
    assert result.returncode != 0
    assert message in result.stderr


def test_production_refuses_to_start_without_a_secret_key() -> None:
    result = _manage("check", TWOWAY_ENV="production")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_settings_pass_the_deploy_check() -> None:
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        TWOWAY_ENV="production",
        SECRET_KEY="x" * 20 + "a-long-and-random-production-secret-0123456789",
        ALLOWED_HOSTS="twoway.example",
        SITE_URL="https://twoway.example",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_api_docs_load_their_assets_from_this_site(client: Client, db: None) -> None:
    page = client.get("/api/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in page
    assert "cdn." not in page
