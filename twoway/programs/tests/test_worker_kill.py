"""A real `twoway db_worker` killed with SIGKILL in the middle of a round: the round is queued
again by the periodic job and a restarted worker completes it.

Alice runs a round on 2,000 participants. The worker process claims it and is killed once it is
past the loading stage; the round and its task stay "running". WORKER_HEARTBEAT_SECONDS is 2 here
(60 by default), so two seconds later `twoway run_periodic` finds the silent round, marks the dead
task failed and queues a second attempt, which a restarted worker runs to the end.

The workers are separate processes, so they need the test database in a file: it is copied from
the in-memory SQLite test database (a file database on PostgreSQL would need another server).
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from twoway.programs.rounds import round_start
from twoway.programs.tests.helpers import enrol, members, program_for

TWOWAY = [sys.executable, "-m", "twoway.cli"]


def read(path: Path, sql: str, *args: Any) -> Any:
    with sqlite3.connect(path, timeout=30) as db:
        return db.execute(sql, args).fetchone()


def wait_for(check: Callable[[], bool], seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


@pytest.mark.slow
def test_a_worker_killed_mid_round_is_replaced_and_the_round_completes(
    transactional_db: None, alice: Any, tmp_path: Path
) -> None:
    if connection.vendor != "sqlite":
        pytest.skip("the worker processes share the test database through a SQLite file")
    program = program_for(alice)
    enrol(program, members(2000))
    round_id = round_start(user=alice, program=program).pk  # its task is queued as it commits
    path = tmp_path / "db.sqlite3"
    connection.ensure_connection()
    with sqlite3.connect(path) as copy:
        connection.connection.backup(copy)
    env = {**os.environ, "SQLITE_PATH": str(path), "WORKER_HEARTBEAT_SECONDS": "2"}
    env.pop("DATABASE_URL", None)
    state = "SELECT status, attempt, progress FROM programs_round WHERE id = ?"
    log = (tmp_path / "worker.log").open("w")

    worker = subprocess.Popen(
        [*TWOWAY, "db_worker", "--no-reload", "--no-startup-delay", "--interval", "0.1"],
        env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        wait_for(lambda: read(path, state, round_id)[2] >= 0.1, seconds=60)
    finally:
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait()

    status, attempt, progress = read(path, state, round_id)
    assert (status, attempt) == ("running", 1) and 0.1 <= progress < 1, "killed mid-run"
    time.sleep(2.5)  # the heartbeat falls silent
    subprocess.run([*TWOWAY, "run_periodic"], env=env, check=True, capture_output=True)
    assert read(path, state, round_id)[:2] == ("queued", 2)
    subprocess.run(
        [*TWOWAY, "db_worker", "--batch", "--no-reload", "--no-startup-delay"],
        env=env, check=True, stdout=log, stderr=subprocess.STDOUT, timeout=120,
    )  # fmt: skip
    log.close()

    assert read(path, state, round_id)[:2] == ("proposed", 2)
    pairs = read(path, "SELECT COUNT(*) FROM programs_roundpair WHERE round_id = ?", round_id)
    assert pairs[0] > 500
    tasks = (
        "SELECT status FROM django_tasks_database_dbtaskresult WHERE task_path LIKE ? "
        "ORDER BY enqueued_at"
    )
    with sqlite3.connect(path, timeout=30) as db:
        # The killed worker's task is closed as failed; the second attempt's succeeded.
        assert db.execute(tasks, ("%run_round",)).fetchall() == [("FAILED",), ("SUCCESSFUL",)]
