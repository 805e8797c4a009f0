"""Readiness at /health/, the worker's health at /health/worker/ and Prometheus metrics at
/metrics, which only an operator holding METRICS_TOKEN may read."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from twoway.core.health import MigrationsApplied

ROOT = Path(__file__).resolve().parents[3]

TOKEN = "s3cret-metrics-token-0123456789-abcdef"


def _probe(client: Client, url: str) -> Any:
    """GET a health view as a probe would: from a thread with no event loop. The library's views
    are async; in a test process where a browser test left an event loop running in the main
    thread, Django could not run them from there (it can in a server)."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(client.get, url).result()


def test_readiness_reports_database_cache_and_migrations(client: Client, db: None) -> None:
    response = _probe(client, "/health/?format=json")
    assert response.status_code == 200
    assert response.json() == {
        "Database(alias='default')": "OK",
        "Cache(alias='default')": "OK",
        "MigrationsApplied(alias='default')": "OK",
    }


def test_readiness_fails_while_a_migration_is_not_applied(
    client: Client, db: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        "twoway.core.health.MigrationExecutor.migration_plan",
        lambda self, targets: [("posts", "0099_new_column")],
    )
    response = _probe(client, "/health/?format=json")
    assert response.status_code == 500
    assert "1 migration(s) not applied" in response.json()["MigrationsApplied(alias='default')"]


def test_the_migrations_check_passes_on_a_migrated_database(db: None) -> None:
    MigrationsApplied().run()


def _task(**fields: Any) -> DBTaskResult[Any, Any]:
    return DBTaskResult.objects.create(
        task_path="twoway.notifications.tasks.send", args_kwargs={}, backend_name="default",
        exception_class_path="", traceback="", **fields,
    )  # fmt: skip


@pytest.mark.django_db(transaction=True)
def test_the_worker_is_healthy_while_the_queue_moves(client: Client) -> None:
    _task()  # just enqueued: the worker has time to take it
    assert _probe(client, "/health/worker/?format=json").status_code == 200


@pytest.mark.django_db(transaction=True)
def test_the_worker_is_unhealthy_when_a_task_waited_too_long(client: Client) -> None:
    task = _task()
    DBTaskResult.objects.filter(pk=task.pk).update(
        enqueued_at=timezone.now() - timedelta(minutes=10)
    )
    response = _probe(client, "/health/worker/?format=json")
    assert response.status_code == 500
    assert "is `twoway worker` running?" in response.json()["TaskWorkerKeepingUp()"]


def test_liveness_stays_a_cheap_select(client: Client, db: None) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}


def test_metrics_are_not_found_when_disabled(client: Client, settings: Any) -> None:
    settings.METRICS_ENABLED = False
    assert client.get("/metrics").status_code == 404


def test_metrics_need_the_token_once_one_is_set(client: Client, settings: Any) -> None:
    settings.METRICS_ENABLED, settings.METRICS_TOKEN = True, TOKEN
    assert client.get("/metrics").status_code == 401
    wrong = client.get("/metrics", headers={"Authorization": "Bearer not-the-token"})
    assert wrong.status_code == 401
    assert wrong["WWW-Authenticate"] == 'Bearer realm="metrics"'


def test_metrics_count_requests_for_the_operator_with_the_token(
    client: Client, db: None, settings: Any
) -> None:
    settings.METRICS_ENABLED, settings.METRICS_TOKEN = True, TOKEN
    client.get("/healthz")
    response = client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 200
    assert b"django_http_requests_total_by_view_transport_method_total" in response.content
    assert b'view="healthz"' in response.content


def test_production_refuses_to_serve_metrics_without_a_token() -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE")}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env={
            **env, "SQLITE_PATH": ":memory:", "TWOWAY_ENV": "production",
            "SECRET_KEY": secrets.token_urlsafe(50), "ALLOWED_HOSTS": "twoway.example",
            "SITE_URL": "https://twoway.example", "METRICS_ENABLED": "true", "METRICS_TOKEN": "",
        },
        capture_output=True,
        text=True,
        timeout=120,
    )  # fmt: skip
    assert result.returncode != 0
    assert "METRICS_TOKEN must be set" in result.stderr
