"""Twoway's own Prometheus metrics, read from the database when /metrics is scraped.

The background queue and the match rounds live in the database, and any worker on any machine may
run a task, so these numbers are counted there rather than in the process that did the work: every
app process reports the same figures, whichever worker ran what, with or without
PROMETHEUS_MULTIPROC_DIR. django-prometheus adds the per-view request counts and latencies.

- ``twoway_task_queue_depth{queue}``: tasks ready to run and not yet claimed.
- ``twoway_task_queue_oldest_age_seconds{queue}``: how long the oldest of them has waited.
- ``twoway_tasks_running{queue}``: tasks claimed by a worker and not finished.
- ``twoway_workers_alive``: workers whose heartbeat is recent (core/health.py).
- ``twoway_match_round_duration_seconds``: a histogram of finished match rounds (the last
  attempt of each), from the worker claiming the round to its proposal or failure.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import timedelta
from typing import Any

from django.db.models import (
    Case,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    Min,
    Q,
    Sum,
    When,
)
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult, get_date_max
from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily, HistogramMetricFamily, Metric

ROUND_BUCKETS = (1.0, 5.0, 15.0, 30.0, 60.0, 120.0, 300.0, 600.0, 1800.0, 3600.0)


def queue_metrics() -> Iterator[Metric]:
    """Depth and oldest wait of the ready tasks, and the running ones, per queue."""
    depth = GaugeMetricFamily(
        "twoway_task_queue_depth", "Tasks ready to run, not yet claimed.", labels=["queue"]
    )
    age = GaugeMetricFamily(
        "twoway_task_queue_oldest_age_seconds",
        "Seconds the oldest ready task has waited (0 when none waits).",
        labels=["queue"],
    )
    running = GaugeMetricFamily(
        "twoway_tasks_running", "Tasks claimed by a worker, not finished.", labels=["queue"]
    )
    now = timezone.now()
    # A task with no delay waits from when it was enqueued, a delayed one from its run_after.
    since = Case(When(run_after=get_date_max(), then=F("enqueued_at")), default=F("run_after"))
    ready = DBTaskResult.objects.ready().values("queue_name").annotate(n=Count("pk"), at=Min(since))
    for row in ready.order_by("queue_name"):
        depth.add_metric([row["queue_name"]], row["n"])
        age.add_metric([row["queue_name"]], max((now - row["at"]).total_seconds(), 0.0))
    busy = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).values("queue_name")
    for row in busy.annotate(n=Count("pk")).order_by("queue_name"):
        running.add_metric([row["queue_name"]], row["n"])
    yield from (depth, age, running)


def workers_metric() -> Iterator[Metric]:
    from twoway.core.health import live_workers

    yield GaugeMetricFamily(
        "twoway_workers_alive", "Workers with a recent heartbeat.", value=live_workers().count()
    )


def round_metrics() -> Iterator[Metric]:
    """A histogram of finished rounds' durations, counted with one query."""
    from twoway.programs.models import Round

    took = ExpressionWrapper(F("finished_at") - F("started_at"), output_field=DurationField())
    done = Round.objects.filter(started_at__isnull=False, finished_at__isnull=False)
    done = done.annotate(took=took)
    counts: dict[str, Any] = {
        f"le{i}": Count("pk", filter=Q(took__lte=timedelta(seconds=bound)))
        for i, bound in enumerate(ROUND_BUCKETS)
    }
    row = done.aggregate(total=Count("pk"), took_sum=Sum("took"), **counts)
    seconds = row["took_sum"].total_seconds() if row["took_sum"] else 0.0
    buckets = [(str(bound), row[f"le{i}"]) for i, bound in enumerate(ROUND_BUCKETS)]
    yield HistogramMetricFamily(
        "twoway_match_round_duration_seconds",
        "Seconds from a worker claiming a match round to its proposal or failure.",
        buckets=[*buckets, ("+Inf", row["total"])],
        sum_value=seconds,
    )


class DatabaseCollector:
    """A prometheus_client collector yielding the families above at each scrape."""

    def collect(self) -> Iterable[Metric]:
        yield from queue_metrics()
        yield from workers_metric()
        yield from round_metrics()


REGISTRY = CollectorRegistry(auto_describe=False)
REGISTRY.register(DatabaseCollector())


def exposition() -> bytes:
    """Our metrics in Prometheus' text format, to append to django-prometheus' page."""
    return generate_latest(REGISTRY)
