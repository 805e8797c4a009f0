"""/metrics adds to django-prometheus' request latency per route the background queue's depth and
age, the live workers and a histogram of match round durations, read from the database."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from prometheus_client.parser import text_string_to_metric_families

from twoway.core.models import WorkerBeat
from twoway.programs.models import Round
from twoway.programs.tests.helpers import program_for


@pytest.fixture
def scrape(client: Client, settings: Any) -> Any:
    settings.METRICS_ENABLED, settings.METRICS_TOKEN = True, ""

    def read() -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
        page = client.get("/metrics").content.decode()
        return {
            (s.name, tuple(sorted(s.labels.items()))): s.value
            for family in text_string_to_metric_families(page)
            for s in family.samples
        }

    return read


def _task(queue: str = "default", **fields: Any) -> DBTaskResult[Any, Any]:
    return DBTaskResult.objects.create(
        task_path="twoway.notifications.tasks.send", args_kwargs={}, backend_name="default",
        exception_class_path="", traceback="", queue_name=queue, **fields,
    )  # fmt: skip


def test_the_queue_depth_and_the_oldest_wait_are_exported(db: None, scrape: Any) -> None:
    waiting = [_task(), _task(), _task("imports")]
    DBTaskResult.objects.filter(pk=waiting[0].pk).update(
        enqueued_at=timezone.now() - timedelta(seconds=90)
    )
    _task(status=TaskResultStatus.RUNNING)
    _task(status=TaskResultStatus.SUCCESSFUL)
    _task(run_after=timezone.now() + timedelta(hours=1))  # delayed: not ready yet
    metrics = scrape()
    assert metrics[("twoway_task_queue_depth", (("queue", "default"),))] == 2
    assert metrics[("twoway_task_queue_depth", (("queue", "imports"),))] == 1
    assert 90 <= metrics[("twoway_task_queue_oldest_age_seconds", (("queue", "default"),))] < 600
    assert metrics[("twoway_task_queue_oldest_age_seconds", (("queue", "imports"),))] < 90
    assert metrics[("twoway_tasks_running", (("queue", "default"),))] == 1


def test_live_workers_are_counted(db: None, scrape: Any) -> None:
    long_ago = timezone.now() - timedelta(hours=1)
    WorkerBeat.objects.create(worker_id="w1", hostname="a", pid=1)
    WorkerBeat.objects.create(worker_id="w2", hostname="b", pid=2, heartbeat_at=long_ago)
    assert scrape()[("twoway_workers_alive", ())] == 1


def test_round_durations_make_a_histogram(db: None, priya: Any, scrape: Any) -> None:
    program = program_for(priya)
    start = timezone.now() - timedelta(hours=2)
    for number, seconds in enumerate([3, 40, 400], start=1):
        Round.objects.create(program=program, number=number, started_at=start,
                             finished_at=start + timedelta(seconds=seconds))  # fmt: skip
    Round.objects.create(program=program, number=4, started_at=start)  # still running
    metrics = scrape()

    def bucket(le: str) -> Any:
        return metrics[("twoway_match_round_duration_seconds_bucket", (("le", le),))]

    assert [bucket(le) for le in ("1.0", "5.0", "60.0", "300.0", "600.0", "+Inf")] == [
        0,
        1,
        2,
        2,
        3,
        3,
    ]
    assert metrics[("twoway_match_round_duration_seconds_count", ())] == 3
    assert metrics[("twoway_match_round_duration_seconds_sum", ())] == pytest.approx(443)


def test_request_latency_is_measured_per_route(client: Client, db: None, scrape: Any) -> None:
    client.get("/healthz")
    latency = [
        (name, dict(labels)) for name, labels in scrape()
        if name == "django_http_requests_latency_seconds_by_view_method_bucket"
    ]  # fmt: skip
    assert any(labels["view"] == "healthz" and labels["method"] == "GET" for _, labels in latency)
