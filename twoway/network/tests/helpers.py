"""Helpers for the network tests: members with skills, past partnerships, circles."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.test import Client
from django.utils import timezone

from conftest import PASSWORD
from twoway.network.models import Circle, CircleLearning, CircleMeeting, Membership
from twoway.partnerships.models import LearningEntry, Partnership, ordered
from twoway.people.models import Skill
from twoway.people.tests.helpers import make_complete


def member(make_user: Any, name: str, teaches: dict[str, int] | None = None, **extra: Any) -> Any:
    """A verified member with a complete profile; handle = the name in lower case."""
    user = make_user(f"{name.lower()}@example.com", first_name=name)
    make_complete(user, teaches=teaches or {"Python": 3}, learns={"Figma": 2}, **extra)
    return user


def partnered(
    a: Any, b: Any, *, status: str = Partnership.Status.COMPLETED, learned: Any = ()
) -> Partnership:
    """A partnership between a and b; ``learned`` lists (learner, skill) entries to log."""
    low, high = ordered(a.pk, b.pk)
    partnership = Partnership.objects.create(
        member_low_id=low,
        member_high_id=high,
        status=status,
        ended_at=None if status == Partnership.Status.ACTIVE else timezone.now(),
    )
    for learner, skill in learned:
        entry = LearningEntry.objects.create(
            partnership=partnership, author=learner, text=f"Learned {skill}."
        )
        entry.skills.set([Skill.objects.get(name=skill)])
    return partnership


def circle_with(
    users: list[Any], *, name: str = "Test circle", status: str = Circle.Status.CLOSED, **extra: Any
) -> Circle:
    circle = Circle.objects.create(name=name, status=status, **extra)
    for user in users:
        Membership.objects.create(circle=circle, user=user)
    return circle


def seated_since(circle: Circle, days: int) -> None:
    """Date every current seat of the circle ``days`` ago, so past meetings fall inside them."""
    circle.current().update(joined_at=timezone.now() - timedelta(days=days))


def meeting(circle: Circle, *, days_from_now: float) -> CircleMeeting:
    """A circle meeting starting ``days_from_now`` (negative: it was held already)."""
    return CircleMeeting.objects.create(
        circle=circle,
        starts_at=timezone.now() + timedelta(days=days_from_now),
        created_by=circle.current().first().user,  # type: ignore[union-attr]
    )


def circle_learned(circle: Circle, learner: Any, teacher: Any, skill: str) -> CircleLearning:
    entry = CircleLearning.objects.create(
        circle=circle,
        author=learner,
        learned_from=teacher,
        text=f"Learned {skill}.",
        created_at=timezone.now() - timedelta(days=1),
    )
    entry.skills.set([Skill.objects.get(name=skill)])
    return entry


def login(client: Client, user: Any) -> Client:
    assert client.login(email=user.email, password=PASSWORD)
    return client


def call(client: Client, method: str, url: str, body: Any = None) -> tuple[int, Any]:
    """An API call with a JSON body; returns (status, parsed body)."""
    response = getattr(client, method)(url, body, content_type="application/json")
    return response.status_code, (response.json() if response.content else None)
