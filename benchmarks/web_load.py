"""The web load benchmark: production Twoway on a seeded PostgreSQL database, driven by locust.

    .venv/bin/python -m benchmarks.web_load            # 10,000 members, 20 s per endpoint
    .venv/bin/python -m benchmarks.web_load --quick    # 2,000 members, 5 s each, 30 s mixed
    .venv/bin/python -m benchmarks.web_load --mixed    # 200 rps of mixed traffic, 10 minutes

Steps: create a database ``twoway_bench_<pid>`` on the PostgreSQL server of ``--pg`` (trust auth,
user postgres, as on this machine), seed it (``benchmarks/web_seed.py``; ``--template DB`` copies
an already seeded database instead, which takes seconds), collect static files, sign members in
(sessions in the database, as the login form makes them), count each endpoint's queries per
request (Django's test client, ``benchmarks/web_queries.py``), then serve it as production does
(``TWOWAY_ENV=production``, gunicorn with twoway/gunicorn_conf.py, ``WEB_CONCURRENCY=2`` sync
workers on 127.0.0.1 and a free port) and load each endpoint in turn with locust, headless:
``--users`` users (8, as the issue's ``wrk -c8``) asking back to back. Prints rps, p50, p99 and
errors per endpoint with the queries beside, the target of issue 17 met or missed, the figures
measured before this work and the peer's. The database is dropped at the end unless
``--keep-db``.

Locust runs on the same two cores as gunicorn and PostgreSQL, so it takes part of the machine
the server would have alone: the figures are a floor. Nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import csv
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.web_endpoints import (  # noqa: E402
    ENDPOINTS,
    MIXED_MINUTES,
    MIXED_RPS,
    PEER,
    Endpoint,
    Fixtures,
)

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
LOCUSTFILE = Path(__file__).resolve().parent / "web_locustfile.py"


@dataclass
class Measured:
    name: str
    rps: float
    p50: float
    p99: float
    requests: int
    errors: int
    load: float


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    folder = Path(tempfile.mkdtemp(prefix="twoway_web_load_"))
    name = f"twoway_bench_{os.getpid()}"
    began = time.perf_counter()
    _database_create(args.pg, name, args.template)
    _stage(f"database {name} created", began)
    server = None
    try:
        port = _free_port()
        _environment(args.pg, name, port, folder)
        fixtures, queries = _prepare(args, folder)
        server = _serve(port, folder)
        url = f"http://127.0.0.1:{port}"
        _warm(url, fixtures)
        rows = _load_each(args, url, folder) if not args.mixed_only else []
        mixed = _load_mixed(args, url, folder) if args.mixed or args.quick else None
        _report(args, rows, queries, mixed)
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        if not args.keep_db:
            _database_drop(args.pg, name)
    return 0


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--members", type=int, help="members to seed (10,000; --quick: 2,000)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--template", help="copy this seeded database instead of seeding")
    parser.add_argument("--seconds", type=float, help="seconds per endpoint (20; --quick: 5)")
    parser.add_argument("--users", type=int, default=8, help="concurrent users per endpoint")
    parser.add_argument("--only", nargs="*", help="endpoints to load (names as printed)")
    parser.add_argument("--quick", action="store_true", help="small and short: ~2 min in all")
    parser.add_argument("--mixed", action="store_true", help="add the mixed-traffic run")
    parser.add_argument("--mixed-only", action="store_true", help="only the mixed-traffic run")
    parser.add_argument("--mixed-minutes", type=float, help=f"default {MIXED_MINUTES} (quick 0.5)")
    parser.add_argument("--rate", type=float, default=MIXED_RPS, help="mixed requests a second")
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432", help="server URL")
    parser.add_argument("--keep-db", action="store_true", help="leave the database behind")
    args = parser.parse_args(argv)
    args.mixed = args.mixed or args.mixed_only
    args.members = args.members or (2000 if args.quick else 10_000)
    args.seconds = args.seconds or (5.0 if args.quick else 20.0)
    args.mixed_minutes = args.mixed_minutes or (0.5 if args.quick else MIXED_MINUTES)
    return args


# ---------------------------------------------------------------------------------------------
# The database and the server


def _admin(pg: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(f"{pg}/postgres", autocommit=True) as connection:
        connection.execute(sql)  # noqa: S608 (names made here, not input)


def _database_create(pg: str, name: str, template: str | None) -> None:
    _admin(pg, f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))


def _database_drop(pg: str, name: str) -> None:
    _admin(pg, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _environment(pg: str, name: str, port: int, folder: Path) -> None:
    """Production settings (docs/deploy.md) for this process and the server it starts."""
    os.environ.update(
        TWOWAY_ENV="production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,testserver",
        SITE_URL=f"http://127.0.0.1:{port}",
        DATABASE_URL=f"{pg}/{name}",
        STATIC_ROOT=str(folder / "static"),
        HOST="127.0.0.1",
        PORT=str(port),
        WEB_CONCURRENCY="2",
        LOG_LEVEL="WARNING",
    )


def _prepare(args: argparse.Namespace, folder: Path) -> tuple[Fixtures, dict[str, str]]:
    """Seed (or migrate a copy), collect static files, sign members in, count queries."""
    from benchmarks.web_queries import count, fixtures_from_db
    from benchmarks.web_seed import seed, setup_django

    setup_django()
    from django.core.management import call_command
    from django.db import connections

    began = time.perf_counter()
    if args.template:
        from twoway.accounts.models import User

        call_command("migrate", verbosity=0)
        args.members = User.objects.filter(is_staff=False).count()
    else:
        print("\n".join(seed(args.members, args.seed).lines()), flush=True)
    _stage("database ready", began)
    call_command("collectstatic", interactive=False, verbosity=0)
    _stage("static files collected", began)
    fixtures = fixtures_from_db()
    fixtures.write(folder / "fixtures.json")
    queries = {}
    for endpoint in ENDPOINTS:
        try:
            counted = count(endpoint, fixtures)
        except Exception as exc:  # noqa: BLE001 (a broken page is a row in the table, not a stop)
            queries[endpoint.name] = f"error: {type(exc).__name__}"
            continue
        queries[endpoint.name] = f"{counted.queries}" + (
            "" if counted.status == 200 else f" (HTTP {counted.status})"
        )
    connections.close_all()
    _stage("queries counted", began)
    return fixtures, queries


def _stage(what: str, began: float) -> None:
    print(f"  {what} ({time.perf_counter() - began:.0f} s)", flush=True)


def _serve(port: int, folder: Path) -> subprocess.Popen[bytes]:
    log = (folder / "gunicorn.log").open("wb")
    command = [str(BIN / "gunicorn"), "--config", "python:twoway.gunicorn_conf", "twoway.wsgi"]
    server = subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2):
                return server
        except OSError:
            time.sleep(0.5)
    server.terminate()
    raise SystemExit(f"gunicorn did not answer within 60 s; see {folder / 'gunicorn.log'}")


def _warm(url: str, fixtures: Fixtures) -> None:
    """A few requests per endpoint, so each worker has imported and cached what it needs."""
    for endpoint in ENDPOINTS:
        for n in range(4):
            cookie = {"member": fixtures.sessions[0], "manager": fixtures.manager_session}
            headers = {"X-Forwarded-Proto": "https"}
            if endpoint.who in cookie:
                headers["Cookie"] = f"sessionid={cookie[endpoint.who]}"
            request = urllib.request.Request(url + endpoint.path(fixtures, n), headers=headers)
            try:
                with urllib.request.urlopen(request, timeout=30) as response:
                    response.read()
            except OSError as exc:  # the load run counts it as an error
                print(f"  warm-up: {endpoint.name} answered {exc}", flush=True)
                break


# ---------------------------------------------------------------------------------------------
# Load


def _locust(url: str, folder: Path, label: str, users: int, seconds: float, **env: str) -> Path:
    prefix = folder / label.replace(" ", "_")
    command = [
        str(BIN / "locust"), "-f", str(LOCUSTFILE), "--headless", "--only-summary",
        "-u", str(users), "-r", str(users), "-t", f"{int(seconds)}s", "--host", url,
        "--csv", str(prefix), "--loglevel", "WARNING", "--stop-timeout", "5",
    ]  # fmt: skip
    environment = dict(os.environ, WEB_LOAD_FIXTURES=str(folder / "fixtures.json"), **env)
    subprocess.run(command, env=environment, check=False, capture_output=True)
    _drain(url)
    return Path(f"{prefix}_stats.csv")


def _drain(url: str) -> None:
    """Wait for the requests locust left queued (a slow page's backlog outlives the run), so
    the next endpoint starts on an idle server: the workers accept in order, so the health
    check answers once those are done."""
    with urllib.request.urlopen(f"{url}/healthz", timeout=300) as response:
        response.read()


def _read(stats: Path, row_name: str, label: str, load: float) -> Measured:
    with stats.open() as handle:
        for row in csv.DictReader(handle):
            if row["Name"] == row_name:
                return Measured(
                    name=label,
                    rps=float(row["Requests/s"]),
                    p50=float(row["50%"]),
                    p99=float(row["99%"]),
                    requests=int(row["Request Count"]),
                    errors=int(row["Failure Count"]),
                    load=load,
                )
    return Measured(label, 0, 0, 0, 0, 0, load)


def _load_each(args: argparse.Namespace, url: str, folder: Path) -> list[Measured]:
    rows = []
    for endpoint in ENDPOINTS:
        if args.only and endpoint.name not in args.only:
            continue
        stats = _locust(
            url, folder, endpoint.name, args.users, args.seconds, WEB_LOAD_ENDPOINT=endpoint.name
        )
        row = _read(stats, endpoint.name, endpoint.name, os.getloadavg()[0])
        print(f"  {endpoint.name}: {row.rps:.0f} rps, p99 {row.p99:.0f} ms", flush=True)
        rows.append(row)
    return rows


def _load_mixed(args: argparse.Namespace, url: str, folder: Path) -> Measured:
    users = max(50, int(args.rate // 4))
    seconds = args.mixed_minutes * 60
    print(f"  mixed: {args.rate:.0f} rps for {seconds:.0f} s ({users} users) …", flush=True)
    stats = _locust(
        url, folder, "mixed", users, seconds, WEB_LOAD_RATE=str(args.rate),
        WEB_LOAD_USERS=str(users),
    )  # fmt: skip
    return _read(stats, "Aggregated", f"mixed, {seconds / 60:g} min", os.getloadavg()[0])


# ---------------------------------------------------------------------------------------------
# The report


def _verdict(endpoint: Endpoint, row: Measured) -> str:
    if row.errors:
        return "missed (errors)"
    return "met" if endpoint.target.met(row.rps, row.p99) else "missed"


def _report(
    args: argparse.Namespace, rows: list[Measured], queries: dict[str, str], mixed: Measured | None
) -> None:
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    print(f"\nWeb load, {when}: {args.members} members, 2 gunicorn sync workers, "
          f"{args.users} locust users, {args.seconds:g} s per endpoint; "
          f"load average now {' '.join(f'{x:.2f}' for x in os.getloadavg())}")  # fmt: skip
    if args.members != 10_000:
        print("(the targets are for 10,000 members: with fewer, read the verdicts as a guide)")
    print(
        "| endpoint | rps | p50 ms | p99 ms | errors | queries | load | target | verdict | before |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---|---|---|")
    by_name = {endpoint.name: endpoint for endpoint in ENDPOINTS}
    for row in rows:
        endpoint = by_name[row.name]
        print(f"| {row.name} | {row.rps:.0f} | {row.p50:.0f} | {row.p99:.0f} | {row.errors} | "
              f"{queries.get(row.name, '?')} | {row.load:.1f} | {endpoint.target} | "
              f"{_verdict(endpoint, row)} | {endpoint.before} |")  # fmt: skip
    if mixed is not None:
        met = mixed.errors == 0 and mixed.rps >= 0.95 * args.rate
        print(f"| {mixed.name} | {mixed.rps:.0f} | {mixed.p50:.0f} | {mixed.p99:.0f} | "
              f"{mixed.errors} | – | {mixed.load:.1f} | {args.rate:.0f} rps, 0 errors | "
              f"{'met' if met else 'missed'} | – |")  # fmt: skip
    print("\nThe peer (anitab-org/mentorship-backend, Flask), as the issue's tester measured it on")
    print("this machine; it is not installed here (it needs its own database and Python 3.7")
    print("era pins), so these are quoted, not re-run:")
    for what, figure in PEER:
        print(f"  {what}: {figure}")


if __name__ == "__main__":
    sys.exit(main())
