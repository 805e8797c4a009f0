"""A round interrupted by a crash runs again with nothing lost, and a stale worker can't write."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from twoway.programs.models import Round, RoundPair
from twoway.programs.rounds import round_execute, round_rerun, round_start
from twoway.programs.tests.helpers import enrol, members, program_for


def test_a_crashed_round_can_be_run_again(alice: Any) -> None:
    program = program_for(alice)
    people = members(40)
    enrol(program, people)
    round_ = round_start(user=alice, program=program)
    # The worker claimed attempt 1, then the machine died: the round is stuck "running".
    long_ago = timezone.now() - timedelta(hours=1)
    Round.objects.filter(pk=round_.pk).update(
        status="running", stage="solve", progress=0.6, started_at=long_ago
    )
    round_.refresh_from_db()
    assert round_.looks_stuck
    assert round_start(user=alice, program=program).attempt == 2  # the button runs it again
    round_.refresh_from_db()

    assert (round_.status, round_.attempt, round_.progress) == ("queued", 2, 0.0)
    assert round_execute(round_.pk, 1) == "stale"  # the dead worker's attempt can't write
    assert round_execute(round_.pk, 2) == "proposed"

    round_.refresh_from_db()
    assert round_.status == Round.Status.PROPOSED
    assert round_.pairs.count() > 5


def test_a_stale_worker_cannot_overwrite_a_newer_attempt(alice: Any) -> None:
    program = program_for(alice)
    enrol(program, members(30))
    round_ = round_start(user=alice, program=program)
    round_ = round_rerun(user=alice, round_=round_)
    assert round_execute(round_.pk, 2) == "proposed"
    before = list(RoundPair.objects.filter(round=round_).values_list("pk", flat=True))

    assert round_execute(round_.pk, 1) == "stale"  # the first attempt's worker wakes up late

    assert list(RoundPair.objects.filter(round=round_).values_list("pk", flat=True)) == before


def test_a_failed_run_is_shown_and_the_previous_proposal_kept(alice: Any) -> None:
    program = program_for(alice, default_capacity=1)
    people = members(20)
    enrol(program, people)
    round_ = round_start(user=alice, program=program)
    assert round_execute(round_.pk, round_.attempt) == "proposed"
    kept = round_.pairs.count()
    # Two locks on one person with capacity 1: the engine refuses, naming the person.
    from twoway.programs.rounds import pair_rule_set

    for other in people[1:3]:
        pair_rule_set(user=alice, program=program, a_id=people[0].pk, b_id=other.pk, kind="lock")
    round_ = round_rerun(user=alice, round_=round_)

    assert round_execute(round_.pk, round_.attempt) == "failed"
    round_.refresh_from_db()
    assert round_.status == Round.Status.FAILED
    assert "capacity" in round_.error
    assert round_.pairs.count() == kept


def test_a_second_click_does_not_restart_a_round_on_its_way(alice: Any) -> None:
    program = program_for(alice)
    enrol(program, members(10))
    first = round_start(user=alice, program=program)
    again = round_start(user=alice, program=program)
    assert (again.pk, again.attempt) == (first.pk, 1)
