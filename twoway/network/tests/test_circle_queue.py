"""The circle queue: joining, leaving, refusals, and the periodic job that forms circles.

Personas: Ana, Sam and Lee form a ring (Ana teaches SQL and wants Figma, Sam teaches Figma and
wants Go, Lee teaches Go and wants SQL), so the engine can place them together; Zed wants Rust,
which nobody teaches, so he can't be placed. Charlie has no profile.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from twoway.core.errors import Refused
from twoway.network.circle_queue import queue_join, queue_leave, queue_place, queue_status
from twoway.network.models import Circle, CircleQueueRun, CircleWait, Membership
from twoway.network.periodic import place_waiting_members
from twoway.network.tests.helpers import circle_with
from twoway.notifications.models import Kind, Notification
from twoway.people.tests.helpers import make_complete

RING = [("Ana", "SQL", "Figma"), ("Sam", "Figma", "Go"), ("Lee", "Go", "SQL")]


def person(make_user: Any, name: str, teaches: str, learns: str) -> Any:
    user = make_user(f"{name.lower()}@example.com", first_name=name)
    make_complete(user, teaches={teaches: 4}, learns={learns: 3})
    return user


@pytest.fixture
def ring(make_user: Any) -> list[Any]:
    return [person(make_user, *row) for row in RING]


@pytest.fixture
def zed(make_user: Any) -> Any:
    return person(make_user, "Zed", "Kubernetes", "Rust")


def test_a_member_joins_with_themes_and_a_size_and_sees_they_wait(ring: list[Any]) -> None:
    ana = ring[0]
    wait = queue_join(user=ana, themes=["figma"], size=4)
    status = queue_status(user=ana)
    assert status.wait == wait and status.placed is None
    assert [s.name for s in wait.themes.all()] == ["Figma"]
    assert wait.size == 4


def test_joining_twice_is_refused_as_already_waiting(ring: list[Any]) -> None:
    queue_join(user=ring[0])
    with pytest.raises(Refused) as refused:
        queue_join(user=ring[0], size=3)
    assert refused.value.code == "already_waiting"
    assert CircleWait.objects.count() == 1


def test_an_incomplete_profile_is_refused(charlie: Any) -> None:
    with pytest.raises(Refused) as refused:
        queue_join(user=charlie)
    assert refused.value.code == "profile_incomplete"
    assert not CircleWait.objects.exists()


def test_a_member_at_the_circle_limit_is_refused(ring: list[Any], settings: Any) -> None:
    settings.CIRCLE_QUEUE_MAX_CIRCLES = 2
    ana, sam, lee = ring
    circle_with([ana, sam, lee], name="One")
    circle_with([ana, sam, lee], name="Two")
    with pytest.raises(Refused) as refused:
        queue_join(user=ana)
    assert refused.value.code == "too_many_circles"
    assert "2 circles" in str(refused.value)


def test_unknown_themes_and_sizes_outside_three_to_six_are_input_errors(ring: list[Any]) -> None:
    with pytest.raises(ValidationError) as bad:
        queue_join(user=ring[0], themes=["Underwater basket weaving"])
    assert "themes" in bad.value.message_dict
    with pytest.raises(ValidationError) as bad:
        queue_join(user=ring[0], size=9)
    assert "size" in bad.value.message_dict
    assert not CircleWait.objects.exists()


def test_leaving_keeps_the_row_as_history_and_leaving_again_does_nothing(ring: list[Any]) -> None:
    queue_join(user=ring[0])
    left = queue_leave(user=ring[0])
    assert left is not None and left.status == CircleWait.Status.LEFT
    assert queue_leave(user=ring[0]) is None
    assert queue_status(user=ring[0]).wait is None
    queue_join(user=ring[0])  # may queue again
    assert CircleWait.objects.filter(user=ring[0]).count() == 2


def test_the_job_forms_a_circle_and_leaves_the_unplaceable_waiting(
    ring: list[Any], zed: Any
) -> None:
    for user in [*ring, zed]:
        queue_join(user=user, themes=["SQL"] if user == ring[0] else ())
    assert place_waiting_members(timezone.now()) == 3
    circle = Circle.objects.get()
    assert circle.source == Circle.Source.ENGINE and circle.status == Circle.Status.CLOSED
    assert circle.name.startswith("SQL")
    assert circle.skill is not None and circle.skill.name == "SQL"
    assert set(Membership.objects.values_list("user_id", flat=True)) == {u.pk for u in ring}
    for user in ring:
        status = queue_status(user=user)
        assert status.wait is None and status.placed is not None
        assert status.placed.circle == circle
        note = Notification.objects.get(recipient=user, kind=Kind.CIRCLE_FORMED)
        assert note.url == circle.get_absolute_url()
    still = queue_status(user=zed).wait
    assert still is not None and still.reason == "nobody_teaches_their_wants"
    assert "Nobody waiting teaches what you want" in still.detail
    assert not Notification.objects.filter(recipient=zed).exists()


def test_running_the_job_twice_places_nobody_twice(ring: list[Any]) -> None:
    for user in ring:
        queue_join(user=user)
    first = queue_place(force=True)
    second = queue_place(force=True)
    assert (first.placed, second.placed) == (3, 0)
    assert Circle.objects.count() == 1 and Membership.objects.count() == 3
    assert Notification.objects.filter(kind=Kind.CIRCLE_FORMED).count() == 3


def test_the_job_waits_for_enough_people_but_runs_daily_for_anyone(
    ring: list[Any], settings: Any
) -> None:
    settings.CIRCLE_QUEUE_MIN_WAITING = 3
    now = timezone.now()
    queue_join(user=ring[0])
    assert queue_place(now=now).ran  # first run ever: tells Ana why she waits
    assert queue_status(user=ring[0]).wait.reason  # type: ignore[union-attr]
    queue_join(user=ring[1])
    assert not queue_place(now=now + timedelta(hours=1)).ran  # two waiting: not yet
    queue_join(user=ring[2])
    assert queue_place(now=now + timedelta(hours=2)).placed == 3
    assert CircleQueueRun.objects.get().placed == 3


def test_a_day_later_the_job_retries_whoever_waits(zed: Any) -> None:
    now = timezone.now()
    queue_join(user=zed)
    assert queue_place(now=now).ran
    assert not queue_place(now=now + timedelta(hours=5)).ran
    assert queue_place(now=now + timedelta(days=1, minutes=1)).ran


def test_a_waiting_member_whose_profile_became_incomplete_hears_why(ring: list[Any]) -> None:
    for user in ring:
        queue_join(user=user)
    ring[2].profile.learns.all().delete()
    result = queue_place(force=True)
    assert result.placed == 0
    wait = queue_status(user=ring[2]).wait
    assert wait is not None and wait.reason == "profile_incomplete"
