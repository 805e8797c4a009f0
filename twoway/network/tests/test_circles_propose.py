"""The hook programs call: the engine proposes circles among profiles; accepted ones are written."""

from __future__ import annotations

from typing import Any

from twoway.network.circles import circles_create, circles_propose
from twoway.network.graph import network_of
from twoway.network.models import Circle
from twoway.people.models import Profile
from twoway.people.tests.helpers import make_complete


def test_proposed_circles_cover_everyone_two_ways_and_become_closed_circles(
    make_user: Any,
) -> None:
    ring = [("Ana", "SQL", "Figma"), ("Sam", "Figma", "Go"), ("Lee", "Go", "SQL")]
    for name, teaches, learns in ring:
        user = make_user(f"{name.lower()}@example.com", first_name=name)
        make_complete(user, teaches={teaches: 4}, learns={learns: 3})
    profiles = list(Profile.objects.with_skills().order_by("user_id"))
    proposals = circles_propose(profiles=profiles)
    assert [sorted(p.display_name for p in c.profiles) for c in proposals] == [
        ["Ana", "Lee", "Sam"]
    ]
    assert "Ana learns Figma from Sam; teaches SQL to Lee." in proposals[0].why
    made = circles_create(proposals=proposals, name_prefix="Spring")
    assert [(c.name, c.status, c.source) for c in made] == [
        ("Spring · circle 1", Circle.Status.CLOSED, Circle.Source.ENGINE)
    ]
    ana = profiles[0].user
    assert len(network_of(owner=ana, viewer=ana).nodes) == 3
