"""Fixtures for the notification tests."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def immediate_tasks(settings: Any) -> Iterator[None]:
    """Run tasks as soon as they are enqueued, in the test's process."""
    settings.TASKS = IMMEDIATE
    yield


@pytest.fixture
def clean_registry() -> Iterator[None]:
    """Let a test register periodic jobs without leaking them into other tests."""
    from twoway.core import scheduler

    saved = dict(scheduler._registry)
    scheduler._registry.clear()
    yield
    scheduler._registry.clear()
    scheduler._registry.update(saved)


@pytest.fixture
def restore_signals() -> Iterator[None]:
    """`db_worker` installs its own SIGINT/SIGTERM handlers; put pytest's back afterwards."""
    import signal

    saved = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    yield
    for sig, handler in saved.items():
        signal.signal(sig, handler)


def drain_queue() -> None:
    """Run the database worker once over every ready task, in this process."""
    from django.core.management import call_command

    call_command("db_worker", "--batch", "--no-reload", "--no-startup-delay", verbosity=0)
