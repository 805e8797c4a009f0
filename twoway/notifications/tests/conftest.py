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
