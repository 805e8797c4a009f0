"""A round whose worker died is queued again within a minute or two, not after ten.

Alice manages a program and runs a round. The worker claims it, then is killed (SIGKILL, a
restart): the round and its task stay "running" and its heartbeat stops. Once the heartbeat is
older than WORKER_HEARTBEAT_SECONDS (60), the periodic job, or Alice opening the round or pressing
"Run a match round", queues it again as a new attempt, which completes. A round whose worker is
alive keeps beating, even through a long silent stretch inside the engine, and is left alone.
(test_worker_kill.py does the same with a real worker process and a real SIGKILL.)
"""

from __future__ import annotations

import time
from datetime import timedelta
from typing import Any
from unittest import mock

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from conftest import PASSWORD
from twoway.core.scheduler import registered_jobs
from twoway.engine.match import match
from twoway.programs import rounds
from twoway.programs.models import Program, Round
from twoway.programs.rounds import round_start
from twoway.programs.tests.helpers import enrol, members, program_for
from twoway.programs.worker import LOST_MESSAGE


def revive_lost_work() -> Any:
    return registered_jobs()["programs.revive_lost_work"].func(timezone.now())


def killed(round_: Round, *, silent_for: timedelta, ran_for: timedelta) -> Round:
    """The round as a worker killed mid-run leaves it: running at 55%, its task running too."""
    now = timezone.now()
    Round.objects.filter(pk=round_.pk).update(
        status="running", stage="candidates", progress=0.55, started_at=now - ran_for,
        heartbeat_at=now - silent_for,
    )  # fmt: skip
    DBTaskResult.objects.filter(args_kwargs__args=[round_.pk, round_.attempt]).update(
        status="RUNNING", started_at=now - ran_for
    )
    round_.refresh_from_db()
    return round_


def started(alice: Any, people: int = 30) -> tuple[Program, Round]:
    program = program_for(alice)
    enrol(program, members(people))
    return program, round_start(user=alice, program=program)


@pytest.mark.usefixtures("transactional_db")
def test_a_round_silent_for_over_a_minute_is_queued_again_by_the_periodic_job_and_completes(
    alice: Any,
) -> None:
    # transactional_db: round_start's task is queued as its transaction commits, and the worker
    # commits and closes its connection, as a real worker process does.
    _, round_ = started(alice)
    round_ = killed(round_, silent_for=timedelta(seconds=90), ran_for=timedelta(minutes=2))
    assert round_.looks_stuck

    assert revive_lost_work() == 1

    round_.refresh_from_db()
    assert (round_.status, round_.attempt, round_.progress) == ("queued", 2, 0.0)
    dead_task = DBTaskResult.objects.get(args_kwargs__args=[round_.pk, 1])
    assert (dead_task.status, dead_task.traceback) == ("FAILED", LOST_MESSAGE)
    call_command("db_worker", "--batch", "--no-reload", "--no-startup-delay", verbosity=0)
    round_.refresh_from_db()
    assert (round_.status, round_.attempt) == ("proposed", 2)
    assert round_.pairs.count() > 5


def test_a_round_that_beat_recently_is_left_running(alice: Any) -> None:
    program, round_ = started(alice)
    killed(round_, silent_for=timedelta(seconds=10), ran_for=timedelta(minutes=5))

    assert revive_lost_work() == 0
    assert round_start(user=alice, program=program).attempt == 1  # a second click: no restart


def test_run_a_match_round_queues_again_a_round_whose_worker_died_two_minutes_ago(
    alice: Any,
) -> None:
    program, round_ = started(alice)
    killed(round_, silent_for=timedelta(minutes=2), ran_for=timedelta(minutes=2))

    again = round_start(user=alice, program=program)

    assert (again.pk, again.status, again.attempt) == (round_.pk, "queued", 2)


def test_opening_a_round_whose_worker_died_queues_it_again(client: Client, alice: Any) -> None:
    program, round_ = started(alice)
    killed(round_, silent_for=timedelta(minutes=2), ran_for=timedelta(minutes=2))
    assert client.login(email=alice.email, password=PASSWORD)

    fragment = client.get(f"/programs/{program.pk}/rounds/{round_.pk}/progress/")

    assert "Waiting to start" in fragment.content.decode()
    round_.refresh_from_db()
    assert (round_.status, round_.attempt) == ("queued", 2)


@pytest.mark.usefixtures("transactional_db")
def test_the_worker_beats_while_the_engine_is_silent(alice: Any, settings: Any) -> None:
    # transactional_db: the heartbeat thread writes through its own connection.
    settings.WORKER_HEARTBEAT_SECONDS = 1  # a beat every 0.2 s
    _, round_ = started(alice, people=10)
    beats: list[Any] = []

    def heartbeat() -> Any:
        return Round.objects.values_list("heartbeat_at", flat=True).get(pk=round_.pk)

    def silent_engine(*args: Any, **kwargs: Any) -> Any:
        began = heartbeat()
        time.sleep(1.5)  # no progress callback for longer than the allowed silence
        beats.append(heartbeat() - began)
        return match(*args, **kwargs)

    with mock.patch("twoway.engine.match.match", silent_engine):
        assert rounds.round_execute(round_.pk, round_.attempt) == "proposed"

    assert beats[0] >= timedelta(seconds=1)
