"""/readyz: the database, the cache, every migration applied and a background worker alive (its
heartbeat, written by `twoway worker`); /health/ stays the load balancer's probe without the
worker, so a worker outage alone never takes the web servers out of rotation."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from twoway.core.models import WorkerBeat
from twoway.core.tests.processes import TWOWAY, child_env, running, shared_database, wait_for

NO_WORKER = "no worker heartbeat in the last 60s: start `twoway worker`"


def _probe(client: Client, url: str) -> Any:
    """GET a health view from a thread with no event loop (the views are async; see
    test_health_and_metrics.py)."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(client.get, url).result()


def _beat(worker_id: str, seconds_ago: float) -> WorkerBeat:
    at = timezone.now() - timedelta(seconds=seconds_ago)
    return WorkerBeat.objects.create(worker_id=worker_id, hostname="web-1", pid=4242,
                                     started_at=at, heartbeat_at=at)  # fmt: skip


def test_readyz_fails_while_no_worker_has_a_heartbeat(client: Client, db: None) -> None:
    response = _probe(client, "/readyz?format=json")
    assert response.status_code == 500
    assert response.json() == {
        "Database(alias='default')": "OK",
        "Cache(alias='default')": "OK",
        "MigrationsApplied(alias='default')": "OK",
        "WorkerAlive()": f"Unavailable: {NO_WORKER}",
    }


@pytest.mark.django_db(transaction=True)  # the checks run in threads, on their own connections
def test_readyz_passes_while_a_worker_beats(client: Client) -> None:
    _beat("w-fresh", seconds_ago=5)
    response = _probe(client, "/readyz?format=json")
    assert response.status_code == 200
    assert set(response.json().values()) == {"OK"}


@pytest.mark.django_db(transaction=True)
def test_a_worker_silent_for_longer_than_the_heartbeat_allows_does_not_count(
    client: Client,
) -> None:
    _beat("w-killed", seconds_ago=61)
    response = _probe(client, "/readyz?format=json")
    assert response.status_code == 500
    assert response.json()["WorkerAlive()"] == f"Unavailable: {NO_WORKER}"


def test_the_load_balancers_probe_ignores_the_worker(client: Client, db: None) -> None:
    assert _probe(client, "/health/?format=json").status_code == 200


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_a_running_worker_makes_readyz_pass_and_clears_its_heartbeat_when_stopped(
    client: Client, tmp_path: Path
) -> None:
    with shared_database(tmp_path) as database:
        env = child_env(**database)
        args = [*TWOWAY, "worker", "--no-reload", "--worker-id", "w-ana", "--interval", "0.2"]
        with running(args, tmp_path / "worker.log", env) as worker:
            wait_for(lambda: WorkerBeat.objects.filter(pk="w-ana").exists(), 60, "a heartbeat")
            assert _probe(client, "/readyz?format=json").status_code == 200
            beat = WorkerBeat.objects.get()
            assert (beat.pid, beat.worker_id) == (worker.pid, "w-ana")
        log = (tmp_path / "worker.log").read_text()
        assert worker.returncode == 0, log
        assert not WorkerBeat.objects.exists()  # a worker stopped by SIGTERM leaves no beat
        assert _probe(client, "/readyz?format=json").status_code == 500
