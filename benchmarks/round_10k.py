"""A program's match round on 10,000 participants: from the button to the proposal ready.

What is timed is what a manager waits for: ``round_start`` (the service the "Run a match round"
button and ``POST /api/programs/{id}/rounds`` call, which enqueues the task with the database
backend) and then the real ``db_worker`` picking the task up, loading the participants through the
partnerships adapter, running the engine and writing the proposal in one transaction. The worker
runs in this process (``db_worker --batch``), so the figure leaves out only a polling worker's
wait of up to one interval (1 s by default).

Two runs are reported: the first in a fresh process (the engine's compiled kernels load from
numba's cache) and a re-run of the same round (a warm worker, as in production). Publishing the
proposal is timed too, for information.

The people come from the benchmarks' one seeded generator (see benchmarks/generator.py): 500
skills with Zipf popularity, 3–8 taught and 3–8 wanted each, languages and timezones on,
capacity 1. They are written to a fresh database (a temporary SQLite file, or DATABASE_URL when
set, whose tables must be empty of benchmark rows) before the clock starts.

    .venv/bin/python benchmarks/round_10k.py [--people 10000] [--seed 0]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
TARGET_SECONDS = 30.0


def _setup_django(folder: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "twoway.settings")
    if not os.environ.get("DATABASE_URL"):
        os.environ["SQLITE_PATH"] = str(Path(folder) / "bench.sqlite3")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _zone(minutes: int | None) -> str:
    hours = (minutes or 0) // 60
    return "UTC" if hours == 0 else f"Etc/GMT{-hours:+d}"  # Etc/GMT-2 is UTC+2


def _write_people(count: int, seed: int) -> tuple[Any, Any]:
    """The generated people as members with complete profiles, enrolled in one program."""
    from django.contrib.auth.hashers import make_password

    from benchmarks.generator import generate
    from twoway.accounts.models import User
    from twoway.engine.skills import compact_key, key
    from twoway.people.models import Learning, Profile, Skill, Teaching
    from twoway.programs.models import Enrolment, Program

    people = generate(count, seed, languages=True, timezones=True)
    names = sorted({s for p in people for s in (*p.teaches, *p.learns)})
    Skill.objects.bulk_create([Skill(name=n, slug=n.lower(), key=key(n), compact=compact_key(n))
                               for n in names], ignore_conflicts=True)  # fmt: skip
    skills = {s.name: s.pk for s in Skill.objects.filter(name__in=names)}
    password = make_password("benchmark-only-password")
    User.objects.bulk_create(
        (User(email=f"bench{p.id}@example.com", username=f"bench{p.id}@example.com",
              password=password, email_verified=True) for p in people), batch_size=2000,
    )  # fmt: skip
    users = dict(User.objects.filter(email__startswith="bench").values_list("email", "id"))
    Profile.objects.bulk_create(
        (
            Profile(
                user_id=users[f"bench{p.id}@example.com"],
                display_name=f"Member {p.id}",
                handle=f"bench-{p.id}",
                languages=", ".join(sorted(name.title() for name in p.languages)),
                timezone=_zone(p.utc_offset_minutes),
            )
            for p in people
        ),
        batch_size=2000,
    )
    profiles = dict(
        Profile.objects.filter(handle__startswith="bench-").values_list("user_id", "id")
    )
    rows = [(profiles[users[f"bench{p.id}@example.com"]], p) for p in people]
    Teaching.objects.bulk_create(
        (Teaching(profile_id=pid, skill_id=skills[s], level=v)
         for pid, p in rows for s, v in p.teaches.items()),
        batch_size=5000,
    )  # fmt: skip
    Learning.objects.bulk_create(
        (Learning(profile_id=pid, skill_id=skills[s], priority=v)
         for pid, p in rows for s, v in p.learns.items()),
        batch_size=5000,
    )  # fmt: skip
    manager = User.objects.create_user(email="bench-manager@example.com", is_staff=True)
    program = Program.objects.create(name=f"Benchmark {count}")
    program.managers.add(manager)
    enrolments = (Enrolment(program=program, user_id=uid) for uid in users.values())
    Enrolment.objects.bulk_create(enrolments, batch_size=5000)
    return manager, program


def _timed_run(manager: Any, program: Any) -> tuple[float, Any]:
    from django.core.management import call_command
    from django.db import transaction

    from twoway.programs.models import Round
    from twoway.programs.rounds import round_start

    start = time.perf_counter()
    with transaction.atomic():  # as in a request: the task is enqueued when this commits
        round_ = round_start(user=manager, program=program)
    call_command("db_worker", "--batch", "--no-reload", "--no-startup-delay", verbosity=0)
    seconds = time.perf_counter() - start
    round_ = Round.objects.get(pk=round_.pk)
    if round_.status != Round.Status.PROPOSED:
        raise SystemExit(f"The round did not finish: {round_.status} {round_.error}")
    return seconds, round_


def _report(label: str, seconds: float, round_: Any) -> None:
    s = round_.summary
    task = (round_.finished_at - round_.started_at).total_seconds()
    stages = ", ".join(f"{k} {v:.1f} s" for k, v in s["stage_seconds"].items())
    verdict = "within" if seconds <= TARGET_SECONDS else "OVER"
    print(f"{label}: {seconds:.1f} s from the button to the proposal ready ({verdict} the "
          f"{TARGET_SECONDS:.0f} s target)")  # fmt: skip
    engine = sum(s["stage_seconds"].values())
    rest = task - s["load_seconds"] - engine
    print(f"  task {task:.1f} s: load {s['load_seconds']:.1f} s, engine {engine:.1f} s ({stages}), "
          f"writing the proposal {rest:.1f} s")  # fmt: skip
    print(f"  {s['people']} people, {s['pairs']} pairs, matched {100 * s['matched_share']:.1f}%, "
          f"mean score {s['mean_score']:.2f}, balance {s['mean_balance']:.2f}, "
          f"gap {100 * s['gap']:.2f}% ({s['solver']}, bound: {s['bound_method']})")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        _setup_django(folder)
        from django.db import connection

        begin = time.perf_counter()
        manager, program = _write_people(args.people, args.seed)
        print(f"Database: {connection.vendor}. Wrote {args.people} participants in "
              f"{time.perf_counter() - begin:.1f} s (not timed).")  # fmt: skip
        seconds, round_ = _timed_run(manager, program)
        _report("First run (fresh process)", seconds, round_)
        seconds, round_ = _timed_run(manager, program)
        _report("Re-run (warm worker)", seconds, round_)
        _publish(manager, round_)


def _publish(manager: Any, round_: Any) -> None:
    """Publishing is not part of the target; timed to show what the button costs at this size."""
    from twoway.programs.publish import round_publish

    start = time.perf_counter()
    result = round_publish(user=manager, round_=round_)
    print(f"Publish (informational): {result.created} partnerships in "
          f"{time.perf_counter() - start:.1f} s; the news for {2 * result.created} people "
          "goes out from a task")  # fmt: skip


if __name__ == "__main__":
    main()
