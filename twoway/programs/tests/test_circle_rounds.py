"""A program in circles mode: run a round, review the circles, lock and forbid, publish.

Personas: Priya manages the program; its cohort is 30 generated members (helpers.members);
Charlie is a member who manages nothing and must be refused.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from twoway.core.errors import Refused
from twoway.network.models import Circle, Membership
from twoway.notifications.models import Kind, Notification
from twoway.partnerships.models import Partnership
from twoway.programs.circle_rounds import circle_lock
from twoway.programs.models import Program, Round, RoundCircle, RoundCircleMember
from twoway.programs.publish import round_publish
from twoway.programs.rounds import pair_rule_set, round_execute, round_rerun, round_start
from twoway.programs.tests.helpers import enrol, members, program_for


def circles_program(priya: Any, count: int = 30) -> Program:
    program = program_for(priya, name="Spring circles", mode=Program.Mode.CIRCLES)
    enrol(program, members(count))
    return program


def run(round_: Round) -> Round:
    assert round_execute(round_.pk, round_.attempt) == "proposed"
    round_.refresh_from_db()
    return round_


def seats(round_: Round) -> dict[int, set[int]]:
    return {
        c.pk: {s.user_id for s in c.seats.all()} for c in round_.circles.prefetch_related("seats")
    }


def test_a_round_proposes_circles_reviewed_on_the_page_and_publishing_forms_them(
    priya: Any, client: Client
) -> None:
    program = circles_program(priya)
    round_ = run(round_start(user=priya, program=program))
    proposed = seats(round_)
    assert len(proposed) >= 4
    placed = [uid for members_ in proposed.values() for uid in members_]
    assert len(placed) == len(set(placed))  # nobody in two circles
    assert all(3 <= len(m) <= 6 for m in proposed.values())
    assert round_.summary["mode"] == "circles"
    assert round_.unmatched.count() == 30 - len(placed)
    assert not round_.pairs.exists()

    client.force_login(priya)
    page = client.get(round_.get_absolute_url())
    assert page.status_code == 200
    assert b"Circle 1" in page.content and b"Placed share" in page.content
    assert f"Publish {len(proposed)} circles".encode() in page.content
    assert b"learns" in page.content  # each member's line: what they learn and teach

    response = client.post(
        f"/programs/{program.pk}/rounds/{round_.pk}/circles/publish/", {"reviewed": "1"}
    )
    assert response.status_code == 302
    round_.refresh_from_db()
    assert round_.status == Round.Status.PUBLISHED
    circles = Circle.objects.filter(source=Circle.Source.ENGINE)
    assert circles.count() == len(proposed)
    assert {c.name for c in circles} == {
        f"Spring circles · circle {n}" for n in range(1, len(proposed) + 1)
    }
    for row in round_.circles.all():
        assert row.circle is not None
        assert set(row.circle.current().values_list("user_id", flat=True)) == proposed[row.pk]
    notes = Notification.objects.filter(kind=Kind.CIRCLE_FORMED)
    assert sorted(notes.values_list("recipient_id", flat=True)) == sorted(placed)
    assert not Partnership.objects.exists()
    again = round_publish(user=priya, round_=round_)  # the API's path: the same, once
    assert again.created == 0 and Circle.objects.count() == len(proposed)


def test_a_locked_circle_survives_a_rerun_and_a_forbidden_pair_is_split(priya: Any) -> None:
    program = circles_program(priya)
    round_ = run(round_start(user=priya, program=program))
    first, second = list(round_.circles.prefetch_related("seats")[:2])
    circle_lock(user=priya, round_=round_, circle_id=first.pk, locked=True)
    kept = {s.user_id for s in first.seats.all()}
    a, b = [s.user_id for s in second.seats.all()][:2]
    pair_rule_set(user=priya, program=program, a_id=a, b_id=b, kind="forbid")

    round_ = run(round_rerun(user=priya, round_=round_))
    after = seats(round_)
    assert after[first.pk] == kept
    assert not any({a, b} <= members_ for members_ in after.values())
    assert round_.summary["locked"] == 1


def test_a_later_round_leaves_people_already_in_a_formed_circle_out(priya: Any) -> None:
    program = circles_program(priya, count=20)
    round_ = run(round_start(user=priya, program=program))
    round_publish(user=priya, round_=round_)
    seated = set(Membership.objects.values_list("user_id", flat=True))
    enrol(program, members(12, prefix="late", seed=3))
    later = run(round_start(user=priya, program=program))
    assert later.number == 2
    assert not RoundCircleMember.objects.filter(round=later, user_id__in=seated).exists()
    assert later.summary["already_seated"] == len(seated)


def test_locking_before_the_proposal_is_ready_is_refused(priya: Any) -> None:
    program = circles_program(priya, count=10)
    round_ = round_start(user=priya, program=program)
    with pytest.raises(Refused) as refused:
        circle_lock(user=priya, round_=round_, circle_id=1, locked=True)
    assert refused.value.code == "not_ready"


def test_someone_who_manages_nothing_cannot_lock_or_publish_circles(
    priya: Any, charlie: Any, client: Client
) -> None:
    program = circles_program(priya, count=12)
    round_ = run(round_start(user=priya, program=program))
    row = RoundCircle.objects.filter(round=round_).first()
    assert row is not None
    client.force_login(charlie)
    base = f"/programs/{program.pk}/rounds/{round_.pk}/circles"
    assert client.post(f"{base}/{row.pk}/lock/", {"locked": "1"}).status_code in (403, 404)
    assert client.post(f"{base}/publish/", {"reviewed": "1"}).status_code in (403, 404)
    row.refresh_from_db()
    round_.refresh_from_db()
    assert not row.locked and round_.status == Round.Status.PROPOSED
    assert not Circle.objects.exists()
