"""Fixtures for the messages tests.

Alice and Bob are partners (Alice teaches SQL, Bob Figma); Charlie is another member who must be
refused. Ana, Sam and Lee sit in a circle.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from twoway.network.models import Circle
from twoway.network.tests.helpers import circle_with, member
from twoway.partnerships.models import Partnership
from twoway.partnerships.tests.helpers import partner, swap_profiles
from twoway.people.tests.helpers import make_complete


@pytest.fixture
def immediate_tasks(settings: Any) -> Iterator[None]:
    """Run tasks (notification emails) as soon as they are enqueued."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    yield


@pytest.fixture
def partnership(alice: Any, bob: Any, charlie: Any) -> Partnership:
    swap_profiles(alice, bob)
    make_complete(charlie)
    return partner(alice, bob)


@pytest.fixture
def circle(make_user: Any) -> Circle:
    ana, sam, lee = (member(make_user, n) for n in ("Ana", "Sam", "Lee"))
    return circle_with([ana, sam, lee], name="Design circle")


def seat(circle: Circle, name: str) -> Any:
    """The current member of ``circle`` with this first name."""
    return circle.current().get(user__first_name=name).user
