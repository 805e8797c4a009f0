"""Two member-facing pages at 10,000 members: a member's suggestions and a program's dashboard.

Two ways to time them, both on the database in ``DATABASE_URL`` (PostgreSQL for figures that
mean anything):

- **in process** (always): Django's test client, one request at a time, for a sample of members
  and for the dashboard; p50/p99 per request and the queries each one ran. With ``--old`` the
  suggestions service is timed a second time through the reference computation that read
  candidates from the database (``twoway.partnerships.tests.reference``), for comparison.
- **over HTTP** (``--http``): gunicorn with ``--workers`` sync workers (2 by default) and
  ``--clients`` concurrent clients (8), each page for ``--seconds``; p50/p99 and requests per
  second, as a load tester sees them.

The data: with ``--seed`` the benchmarks' one generator writes ``--members`` members (500
skills, Zipf popularity) and a program of the first ``--program`` of them with a published round,
sessions, learning-log entries, feedback and level changes (about 40 s at 10,000). Without it the
database is reused as it is (for example after ``python -m benchmarks.web_seed``): the sampled
members are complete profiles, the program is the one with the most partnerships.

    DATABASE_URL=postgres://… .venv/bin/python -m benchmarks.web_pages --seed --http --old
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
PORT = 8765


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "twoway.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    if not os.environ.get("DATABASE_URL"):
        raise SystemExit("Set DATABASE_URL to the database to seed or reuse (PostgreSQL).")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _seed(members: int, in_program: int) -> None:
    """Members from the generator, a program with a published round, and its activity."""
    from django.core.management import call_command
    from django.db import transaction

    from benchmarks.round_10k import _write_people
    from twoway.programs.models import Enrolment, Round
    from twoway.programs.publish import round_publish
    from twoway.programs.rounds import round_start

    manager, program = _write_people(members, 0)
    kept = Enrolment.objects.filter(program=program).order_by("id").values("id")[:in_program]
    Enrolment.objects.filter(program=program).exclude(id__in=list(kept)).delete()
    with transaction.atomic():
        round_ = round_start(user=manager, program=program)
    call_command("db_worker", "--batch", "--no-reload", "--no-startup-delay", verbosity=0)
    round_publish(user=manager, round_=Round.objects.get(pk=round_.pk))
    _activity(random.Random(1))


def _activity(rng: random.Random) -> None:
    """Sessions, learning-log entries (with skills), ratings and level changes; a tenth ended."""
    from django.utils import timezone

    from twoway.partnerships.models import (
        Feedback,
        LearningEntry,
        LevelChange,
        Partnership,
        Session,
    )
    from twoway.people.models import Skill

    now = timezone.now()
    skills = list(Skill.objects.values_list("id", flat=True)[:300])
    pairs = list(Partnership.objects.values_list("id", "member_low_id", "member_high_id"))
    sessions, entries, ratings, changes = [], [], [], []
    for pid, low, high in pairs:
        for _ in range(rng.randint(0, 5)):
            when = now - timedelta(days=rng.randint(-20, 120))
            status = "scheduled" if when > now else rng.choice(["held"] * 3 + ["cancelled"])
            sessions.append(Session(partnership_id=pid, starts_at=when, status=status,
                                    created_by_id=low))  # fmt: skip
        entries += [LearningEntry(partnership_id=pid, author_id=rng.choice([low, high]),
                                  kind=rng.choice(["learned", "learned", "shared"]), text="A thing")
                    for _ in range(rng.randint(0, 6))]  # fmt: skip
        ratings += [Feedback(partnership_id=pid, author_id=who, rating=rng.randint(1, 5))
                    for who in (low, high) if rng.random() < 0.35]  # fmt: skip
        if rng.random() < 0.3:
            changes.append(LevelChange(user_id=low, skill_id=rng.choice(skills), old=2, new=3,
                                       partnership_id=pid))  # fmt: skip
    Session.objects.bulk_create(sessions, batch_size=5000)
    made = LearningEntry.objects.bulk_create(entries, batch_size=5000)
    through = LearningEntry.skills.through
    through.objects.bulk_create([through(learningentry_id=e.pk, skill_id=rng.choice(skills))
                                 for e in made if rng.random() < 0.7], batch_size=5000)  # fmt: skip
    Feedback.objects.bulk_create(ratings, batch_size=5000)
    LevelChange.objects.bulk_create(changes, batch_size=5000)
    ended = [pid for pid, _, _ in pairs[::10]]
    Partnership.objects.filter(id__in=ended).update(status="completed", ended_at=now)


def _subjects(sample: int) -> tuple[list[Any], Any, Any]:
    """Complete members (a seeded sample), the program with most partnerships, its manager."""
    from django.db.models import Count, Q

    from twoway.accounts.models import User
    from twoway.people.models import Profile
    from twoway.programs.models import Program

    ids = list(Profile.objects.complete().order_by("id").values_list("user_id", flat=True))
    if not ids:
        raise SystemExit("No complete profiles: run with --seed.")
    members = list(User.objects.filter(pk__in=random.Random(0).sample(ids, min(sample, len(ids)))))
    published = Q(rounds__status="published")
    program = Program.objects.annotate(n=Count("rounds__pairs", filter=published)).order_by(
        "-n", "pk"
    )[0]
    return members, program, program.managers.order_by("pk")[0]


def _percentiles(seconds: list[float]) -> str:
    ms = sorted(1000 * s for s in seconds)
    p99 = ms[min(len(ms) - 1, round(0.99 * (len(ms) - 1)))]
    return f"p50 {statistics.median(ms):6.1f} ms, p99 {p99:6.1f} ms ({len(ms)} requests)"


def _in_process(label: str, url: str, users: list[Any], rounds: int) -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client, times, queries = Client(), [], []
    for _ in range(rounds):
        for user in users:
            client.force_login(user)
            with CaptureQueriesContext(connection) as done:
                start = time.perf_counter()
                response = client.get(url)
                times.append(time.perf_counter() - start)
            assert response.status_code == 200, (url, response.status_code)
            queries.append(len(done.captured_queries))
    print(f"  {label:<34} {_percentiles(times)}; queries {min(queries)}–{max(queries)}")


def _service(label: str, call: Callable[[Any], Any], users: list[Any]) -> None:
    times = []
    for user in users:
        start = time.perf_counter()
        call(user)
        times.append(time.perf_counter() - start)
    print(f"  {label:<34} {_percentiles(times)}")


def _cookie(user: Any) -> str:
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def _load(url_for: Callable[[int], tuple[str, str]], clients: int, seconds: float) -> str:
    """``clients`` threads asking as fast as they can for ``seconds``; each request's time."""
    times: list[float] = []
    failures: list[int] = []
    stop = time.perf_counter() + seconds

    def run(worker: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
        n = worker
        while time.perf_counter() < stop:
            url, cookie = url_for(n)
            n += clients
            start = time.perf_counter()
            conn.request("GET", url, headers={"Cookie": cookie})
            response = conn.getresponse()
            response.read()
            times.append(time.perf_counter() - start)
            if response.status != 200:
                failures.append(response.status)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    rate = len(times) / seconds
    return f"{_percentiles(times)}, {rate:.1f} rps" + (
        f", {len(failures)} failed" if failures else ""
    )


def _over_http(users: list[Any], program: Any, manager: Any, args: argparse.Namespace) -> None:
    env = dict(os.environ, DEBUG="false", WEB_CONCURRENCY=str(args.workers), PORT=str(PORT))
    server = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "gunicorn", "-c", "python:twoway.gunicorn_conf", "twoway.wsgi",
         "--access-logfile", "/dev/null"], env=env,
    )  # fmt: skip
    try:
        _wait_for_server()
        cookies = [_cookie(u) for u in users]
        boss = _cookie(manager)
        dashboard = f"/programs/{program.pk}/dashboard/"
        # Warm both workers (imports, first queries), as a running site is.
        _load(lambda n: ("/suggestions/", cookies[n % len(cookies)]), args.clients, 3)
        _load(lambda n: (dashboard, boss), args.clients, 3)
        print(f"Over HTTP: gunicorn, {args.workers} sync workers, {args.clients} clients, "
              f"{args.seconds:.0f} s per page")  # fmt: skip
        found = _load(lambda n: ("/suggestions/", cookies[n % len(cookies)]), args.clients,
                      args.seconds)  # fmt: skip
        print(f"  {'suggestions (sampled members)':<34} {found}")
        found = _load(lambda n: (dashboard, boss), args.clients, args.seconds)
        print(f"  {'program dashboard':<34} {found}")
    finally:
        server.terminate()
        server.wait(timeout=30)


def _wait_for_server() -> None:
    for _ in range(120):
        try:
            conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=2)
            conn.request("GET", "/health/")
            conn.getresponse().read()
            return
        except OSError:
            time.sleep(0.5)
    raise SystemExit("gunicorn did not start")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seed", action="store_true", help="write the members first")
    parser.add_argument("--members", type=int, default=10_000)
    parser.add_argument("--program", type=int, default=4_000, help="members in the program")
    parser.add_argument("--sample", type=int, default=50, help="members whose pages are timed")
    parser.add_argument("--rounds", type=int, default=2, help="in-process passes over the sample")
    parser.add_argument("--old", action="store_true", help="time the reference service too")
    parser.add_argument("--http", action="store_true", help="time over HTTP under load")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=20)
    args = parser.parse_args()
    _setup()
    from django.conf import settings
    from django.db import connection

    if args.seed:
        begin = time.perf_counter()
        _seed(args.members, args.program)
        print(f"Seeded {args.members} members in {time.perf_counter() - begin:.0f} s (not timed)")
    settings.ALLOWED_HOSTS = ["*"]
    users, program, manager = _subjects(args.sample)
    print(f"Database: {connection.vendor}; load average {os.getloadavg()[0]:.2f} "
          f"{os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}")  # fmt: skip
    print("In process (Django's test client, one request at a time):")
    _in_process("suggestions page", "/suggestions/", users, args.rounds)
    _in_process("suggestions API", "/api/suggestions", users, 1)
    _in_process("program dashboard", f"/programs/{program.pk}/dashboard/", [manager] * 20, 1)
    if args.old:
        _compare_services(users)
    if args.http:
        _over_http(users, program, manager, args)


def _compare_services(users: list[Any]) -> None:
    from twoway.partnerships.suggestions import suggestions_for
    from twoway.partnerships.tests.reference import reference_suggestions

    print("The suggestions service alone, old (database walk) and new:")
    _service("old: reference_suggestions", lambda u: reference_suggestions(user=u), users)
    _service("new: suggestions_for", lambda u: suggestions_for(user=u), users)


if __name__ == "__main__":
    main()
