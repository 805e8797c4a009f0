"""A newcomer's first `make run` is readable: the warm-up says what it compiles and how long it
took (and nothing once cached), and seeding the demo sends no email, though its notifications
are in the members' inboxes."""

from __future__ import annotations

import subprocess
import sys
from io import StringIO
from pathlib import Path

import numba
import pytest
from django.core import mail
from django.core.management import call_command
from numba.core.event import install_listener

from twoway.engine.warm import COMPILING, Announcer
from twoway.notifications.models import Notification
from twoway.people.catalogue import sync_skills

ROOT = Path(__file__).resolve().parents[3]


def test_the_warm_up_announces_a_real_compile_and_how_long_it_took() -> None:
    out = StringIO()
    announcer = Announcer(out)
    with install_listener("numba:compile", announcer):
        assert numba.njit(lambda x: x + 1)(41) == 42  # a fresh function: a real compile
    announcer.finish()
    text = out.getvalue()
    assert text.startswith(COMPILING)
    assert text.rstrip().endswith(" s.") and " done in " in text


def test_the_warm_up_announces_nothing_when_nothing_compiles() -> None:
    out = StringIO()
    announcer = Announcer(out)
    with install_listener("numba:compile", announcer):
        pass
    announcer.finish()
    assert out.getvalue() == ""


@pytest.mark.slow
def test_a_second_warm_up_prints_nothing() -> None:
    def warm() -> str:
        command = [sys.executable, "-m", "twoway.engine.warm"]
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, done.stderr
        return done.stdout

    first = warm()  # compiles whatever isn't cached yet
    assert first == "" or first.startswith(COMPILING)
    assert warm() == ""


# transaction=True: the work seeding queues runs as its transaction commits, as in `make run`.
@pytest.mark.django_db(transaction=True)
def test_seeding_the_demo_sends_no_email_but_its_notifications_are_in_the_app() -> None:
    sync_skills()  # an earlier transactional test may have flushed the migrations' catalogue
    out = StringIO()
    call_command("seed_demo", "--if-empty", "--no-logins", stdout=out)
    call_command("run_periodic", "--schedule", stdout=StringIO())
    call_command("db_worker", "--batch", "--no-reload", "--no-startup-delay", verbosity=0)

    assert mail.outbox == []
    assert Notification.objects.filter(in_app=True).count() > 50
    lines = out.getvalue().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Seeded ")
