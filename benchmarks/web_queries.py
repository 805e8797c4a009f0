"""Queries per request for the web benchmark's endpoints, against a seeded database.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/twoway_bench \\
        .venv/bin/python -m benchmarks.web_queries [--sql "search page"] [--profile home]

Each endpoint is requested through Django's test client (the whole stack but the socket) as the
member or visitor the load test uses, twice: the second request is counted, so per-process
caches (the skills catalogue, templates) are warm as in a running server. Prints the status,
the queries, how many of them repeat an earlier one exactly, and the time. ``--sql NAME`` prints
that endpoint's queries; ``--profile NAME`` its cProfile (the top 25 by cumulative time).
``--repeat N`` times N more requests and prints their median (one request's time is noisy).
``--floor`` adds "floor", a signed-in page that is base.html alone (``web_floor.py``): what every
page pays before its own content. ``--production`` runs with production settings (no DEBUG, the
cached template loader, collected static files), as the load benchmark serves them.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import secrets
import statistics
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.web_endpoints import ENDPOINTS, Endpoint, Fixtures, Target  # noqa: E402

FLOOR = Endpoint("floor", "member", Target(), 0, "")
FLOOR_PATH = "/_floor/"  # benchmarks/web_floor.py's page


@dataclass(frozen=True)
class Counted:
    status: int
    queries: int
    duplicates: int
    ms: float
    sql: list[str]


def fixtures_from_db(members: int = 20) -> Fixtures:
    """Sign in the busiest members and the large program's manager (sessions in the database,
    as the login form would make them); pick profiles and public posts to ask for."""
    from django.conf import settings
    from django.test import Client

    from twoway.accounts.models import User
    from twoway.posts.models import Post

    program = _largest()
    members_qs = (
        User.objects.filter(enrolments__program=program, circle_memberships__isnull=False)
        .exclude(pk__in=program.managers.all())
        .distinct()
        .order_by("pk")
    )
    users = list(members_qs.select_related("profile")[:members])
    manager = program.managers.order_by("pk").first()

    def session_of(user: Any) -> str:
        client = Client()
        client.force_login(user)
        return str(client.cookies[settings.SESSION_COOKIE_NAME].value)

    slugs = Post.objects.public().order_by("-published_at").values_list("slug", flat=True)
    return Fixtures(
        sessions=[session_of(user) for user in users],
        manager_session=session_of(manager),
        handles=[user.profile.handle for user in users],
        post_slugs=list(slugs[:members]),
        program_id=program.pk,
    )


def _largest() -> Any:
    from django.db.models import Count

    from twoway.programs.models import Program

    return Program.objects.annotate(size=Count("enrolments")).order_by("-size").first()


def client_for(endpoint: Endpoint, fixtures: Fixtures) -> Any:
    """A test client holding the session the load test uses for this endpoint."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    key = {"member": fixtures.sessions[0], "manager": fixtures.manager_session}.get(endpoint.who)
    if key:
        client.cookies[settings.SESSION_COOKIE_NAME] = key
    return client


def path_of(endpoint: Endpoint, fixtures: Fixtures, n: int = 0) -> str:
    return FLOOR_PATH if endpoint is FLOOR else endpoint.path(fixtures, n)


def count(endpoint: Endpoint, fixtures: Fixtures, n: int = 0, repeat: int = 0) -> Counted:
    """The second of two identical requests, counted; with ``repeat``, its time is the median
    of that many more requests."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(endpoint, fixtures)
    path = path_of(endpoint, fixtures, n)
    client.get(path, secure=True)
    with CaptureQueriesContext(connection) as captured:
        began = time.perf_counter()
        response = client.get(path, secure=True)
        ms = (time.perf_counter() - began) * 1000
    sql = [query["sql"] for query in captured.captured_queries]
    repeats = sum(times - 1 for times in Counter(sql).values())
    timed = [f"{float(q['time']) * 1000:6.1f} ms  {q['sql']}" for q in captured.captured_queries]
    if repeat:
        ms = statistics.median(_timed(client, path) for _ in range(repeat))
    return Counted(response.status_code, len(sql), repeats, ms, timed)


def _timed(client: Any, path: str) -> float:
    began = time.perf_counter()
    client.get(path, secure=True)
    return (time.perf_counter() - began) * 1000


def production_settings() -> None:
    """Production settings, as ``web_load.py`` serves them: DEBUG off, the cached template
    loader, the manifest static storage (files collected into a temporary folder)."""
    os.environ.update(
        TWOWAY_ENV="production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="testserver",
        SITE_URL="http://127.0.0.1:8000",
        STATIC_ROOT=tempfile.mkdtemp(prefix="twoway-static-"),
    )


def profile(endpoint: Endpoint, fixtures: Fixtures) -> None:
    client = client_for(endpoint, fixtures)
    path = path_of(endpoint, fixtures)
    client.get(path, secure=True)
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(5):
        client.get(path, secure=True)
    profiler.disable()
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sql", metavar="NAME", help="print this endpoint's queries")
    parser.add_argument("--profile", metavar="NAME", help="print this endpoint's cProfile")
    parser.add_argument("--only", nargs="*", help="endpoints to count (default: all)")
    parser.add_argument("--repeat", type=int, default=0, help="time the median of N requests")
    parser.add_argument("--floor", action="store_true", help="add the base.html-only page")
    parser.add_argument("--production", action="store_true", help="production settings")
    args = parser.parse_args(argv)
    if args.production:
        production_settings()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "twoway.settings")
    from django.conf import settings

    if args.floor:
        settings.ROOT_URLCONF = "benchmarks.web_floor"
    from benchmarks.web_seed import setup_django

    setup_django()
    if args.production:
        from django.core.management import call_command

        call_command("collectstatic", interactive=False, verbosity=0)
    fixtures = fixtures_from_db()
    for endpoint in [FLOOR, *ENDPOINTS] if args.floor else ENDPOINTS:
        if args.only and endpoint.name not in args.only:
            continue
        if args.profile == endpoint.name:
            profile(endpoint, fixtures)
        counted = count(endpoint, fixtures, repeat=args.repeat)
        print(
            f"{endpoint.name:14} {counted.status}  {counted.queries:3} queries "
            f"({counted.duplicates} repeated)  {counted.ms:7.1f} ms"
        )
        if args.sql == endpoint.name:
            print("\n".join(f"  {q[:300]}" for q in counted.sql))
    return 0


if __name__ == "__main__":
    sys.exit(main())
