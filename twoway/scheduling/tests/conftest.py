"""The scheduling tests' personas: Alice in Berlin and Bob in New York are partners; Charlie is a
stranger and Dave is Alice's partner in another partnership: both must be refused."""

from __future__ import annotations

from typing import Any

import pytest

from twoway.partnerships.models import Partnership
from twoway.partnerships.tests.helpers import partner
from twoway.people.tests.helpers import make_complete

from .helpers import berlin_and_new_york, free_most_days


@pytest.fixture
def pair(alice: Any, bob: Any) -> Partnership:
    """Alice (Berlin) and Bob (New York), partners, both free most days."""
    partnership = berlin_and_new_york(alice, bob)
    free_most_days(alice, bob)
    return partnership


@pytest.fixture
def dave(make_user: Any, alice: Any, pair: Partnership) -> Any:
    """Alice's partner in another partnership: an outsider to Alice and Bob's."""
    user = make_user("dave@example.com", first_name="Dave")
    make_complete(user, teaches={"Figma": 2}, learns={"SQL": 2}, capacity=3)
    make_complete(alice, teaches={"SQL": 4}, learns={"Figma": 3}, capacity=3)
    partner(user, alice)
    return user
