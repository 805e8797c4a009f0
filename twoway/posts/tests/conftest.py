"""Fixtures for the posts tests."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest


@pytest.fixture
def immediate_tasks(settings: Any) -> Iterator[None]:
    """Run background tasks (reply emails) as soon as they are enqueued."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    yield
