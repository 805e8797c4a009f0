from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from twoway.core import scheduler
from twoway.notifications.models import Kind, Notification, PeriodicJob
from twoway.notifications.services import notify
from twoway.notifications.tests.conftest import drain_queue

pytestmark = pytest.mark.usefixtures("clean_registry")

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
DAY = timedelta(days=1)


def test_a_registered_job_runs_once_per_period(db: Any) -> None:
    calls: list[datetime] = []
    scheduler.register_periodic("test.daily", calls.append, every=DAY)
    assert scheduler.run_due_jobs(now=T0) == ["test.daily"]
    assert scheduler.run_due_jobs(now=T0 + timedelta(hours=23)) == []
    assert scheduler.run_due_jobs(now=T0 + DAY) == ["test.daily"]
    assert calls == [T0, T0 + DAY]


def test_a_nudge_job_run_twice_in_a_period_sends_once(alice: Any) -> None:
    def nudge(now: datetime) -> None:
        key = f"demo:{scheduler.period_key(timedelta(weeks=1), now)}"
        notify(recipient=alice, kind=Kind.NO_RECENT_SESSION, title="Time to meet?", dedupe_key=key)

    scheduler.register_periodic("test.nudge", nudge, every=DAY)
    scheduler.run_due_jobs(now=T0)
    PeriodicJob.objects.update(next_run_at=T0)  # as if a second worker ran it again
    scheduler.run_due_jobs(now=T0 + timedelta(hours=1))
    assert Notification.objects.filter(recipient=alice).count() == 1


def test_a_failing_job_is_recorded_and_does_not_stop_the_others(db: Any) -> None:
    calls: list[datetime] = []

    def broken(now: datetime) -> None:
        raise RuntimeError("boom")

    scheduler.register_periodic("test.broken", broken, every=DAY)
    scheduler.register_periodic("test.fine", calls.append, every=DAY)
    assert scheduler.run_due_jobs(now=T0) == ["test.broken", "test.fine"]
    assert calls == [T0]
    assert "boom" in PeriodicJob.objects.get(name="test.broken").last_error


def test_the_decorator_registers_the_job(db: Any) -> None:
    @scheduler.periodic("test.decorated", every=timedelta(hours=6))
    def job(now: datetime) -> None:
        pass

    assert scheduler.registered_jobs()["test.decorated"].every == timedelta(hours=6)


def test_a_job_more_often_than_a_minute_is_refused() -> None:
    with pytest.raises(ValueError):
        scheduler.register_periodic("test.busy", print, every=timedelta(seconds=5))


def test_period_keys_change_only_between_periods() -> None:
    week = timedelta(weeks=1)
    assert scheduler.period_key(week, T0) == scheduler.period_key(week, T0 + timedelta(hours=1))
    assert scheduler.period_key(week, T0) != scheduler.period_key(week, T0 + week)


def test_the_command_runs_the_due_jobs(db: Any, capsys: Any) -> None:
    calls: list[datetime] = []
    scheduler.register_periodic("test.cmd", calls.append, every=DAY)
    call_command("run_periodic")
    call_command("run_periodic")
    assert len(calls) == 1
    assert "test.cmd" in capsys.readouterr().out


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("restore_signals")
def test_the_worker_runs_the_tick_which_queues_the_next_one() -> None:
    calls: list[datetime] = []
    scheduler.register_periodic("test.tick", calls.append, every=DAY)
    call_command("run_periodic", "--schedule")
    call_command("run_periodic", "--schedule")  # a second start queues nothing more
    assert DBTaskResult.objects.filter(status="READY").count() == 1

    drain_queue()

    assert len(calls) == 1
    waiting = DBTaskResult.objects.get(status="READY")
    assert waiting.task_path == "twoway.notifications.tasks.run_periodic_jobs"
    finished_at = DBTaskResult.objects.get(status="SUCCESSFUL").finished_at
    assert finished_at is not None
    assert waiting.run_after > finished_at


def test_with_a_backend_that_cannot_defer_the_tick_is_not_scheduled(
    db: Any, immediate_tasks: Any
) -> None:
    assert scheduler.schedule_tick() is False
