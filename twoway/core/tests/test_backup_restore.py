"""Backup and restore of PostgreSQL as docs/deploy.md says: scripts/backup.sh dumps a seeded
database, scripts/restore.sh loads it into a fresh one, and the app then reads it: every migration
is there, the rows are the same, and Alice signs in and sees her home.

PostgreSQL only (the PostgreSQL pass of .ci/run); needs pg_dump and pg_restore on the PATH."""

from __future__ import annotations

import io
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection

from conftest import PASSWORD
from twoway.accounts.models import User
from twoway.core.tests.processes import ROOT, TWOWAY, child_env, postgres_url
from twoway.partnerships.models import Partnership
from twoway.people.models import Profile, Teaching

# Run by the restored app: its pending migrations, its counts, and Alice's home page.
READ_BACK = """
from django.test import Client
from twoway.accounts.models import User
from twoway.partnerships.models import Partnership
from twoway.people.models import Profile, Teaching
client = Client()
assert client.login(username="alice@example.com", password=PASSWORD)
home = client.get("/")
print(home.status_code, "Welcome back" in home.content.decode())
print(*(m.objects.count() for m in (User, Profile, Teaching, Partnership)))
"""


def _counts() -> list[int]:
    return [m.objects.count() for m in (User, Profile, Teaching, Partnership)]


@pytest.fixture
def fresh_database() -> Iterator[str]:
    """The URL of a new, empty database beside the test database; dropped afterwards."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL): it runs in the PostgreSQL pass of .ci/run")
    if not (shutil.which("pg_dump") and shutil.which("pg_restore")):
        pytest.skip("needs pg_dump and pg_restore (Debian's postgresql-client)")
    name = f"{connection.settings_dict['NAME']}_restored"
    server = postgres_url().rsplit("/", 1)[0]
    subprocess.run(["psql", f"{server}/postgres", "-qc", f'DROP DATABASE IF EXISTS "{name}"'],
                   check=True)  # fmt: skip
    subprocess.run(["psql", f"{server}/postgres", "-qc", f'CREATE DATABASE "{name}"'], check=True)
    yield f"{server}/{name}"
    subprocess.run(["psql", f"{server}/postgres", "-qc", f'DROP DATABASE "{name}" WITH (FORCE)'],
                   check=True)  # fmt: skip


def _script(name: str, *args: str, database: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(ROOT / "scripts" / name), *args], capture_output=True, text=True, timeout=600,
        env=child_env(DATABASE_URL=database),
    )  # fmt: skip


@pytest.mark.slow
def test_a_backup_of_a_seeded_database_restores_into_a_fresh_one_that_the_app_reads(
    transactional_db: None, make_user: Any, fresh_database: str, tmp_path: Path
) -> None:
    call_command("seed_demo", "--members", "30", "--no-logins", stdout=io.StringIO())
    make_user("alice@example.com", first_name="Alice")  # after: the demo wants an empty database
    before = _counts()
    assert before[3] > 0, "the demo has partnerships"
    dump = tmp_path / "twoway.dump"

    backed_up = _script("backup.sh", str(dump), database=postgres_url())
    assert backed_up.returncode == 0, backed_up.stderr
    assert dump.stat().st_size > 0 and not Path(f"{dump}.partial").exists()
    restored = _script("restore.sh", str(dump), database=fresh_database)
    assert restored.returncode == 0, restored.stderr

    env = child_env(DATABASE_URL=fresh_database)
    check = subprocess.run([*TWOWAY, "migrate", "--check"], cwd=ROOT, env=env,
                           capture_output=True, text=True, timeout=300)  # fmt: skip
    assert check.returncode == 0, check.stdout + check.stderr  # no migration left to apply
    code = READ_BACK.replace("PASSWORD", repr(PASSWORD))
    read = subprocess.run([*TWOWAY, "shell", "-c", code], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)  # fmt: skip
    assert read.returncode == 0, read.stderr
    home, counts = read.stdout.strip().splitlines()[-2:]
    assert home == "200 True"
    assert [int(n) for n in counts.split()] == before

    again = _script("restore.sh", str(dump), database=fresh_database)
    assert again.returncode != 0
    assert "already has" in again.stderr and "restore into an empty one" in again.stderr
