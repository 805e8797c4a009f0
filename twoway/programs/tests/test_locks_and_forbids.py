"""A manager's locks and prohibitions hold in every re-run; pairs added by hand warn."""

from __future__ import annotations

from typing import Any

from twoway.programs.models import PairRule, Round
from twoway.programs.rounds import pair_add, pair_rule_set, round_execute, round_rerun, round_start
from twoway.programs.tests.helpers import enrol, members, program_for


def run(round_: Round) -> Round:
    assert round_execute(round_.pk, round_.attempt) == "proposed"
    round_.refresh_from_db()
    return round_


def has(round_: Round, a: int, b: int) -> bool:
    return round_.pairs.filter(member_low_id=min(a, b), member_high_id=max(a, b)).exists()


def test_locks_and_forbids_are_kept_across_reruns(alice: Any) -> None:
    program = program_for(alice)
    people = members(50)
    enrol(program, people)
    round_ = run(round_start(user=alice, program=program))
    first = round_.pairs.order_by("-score").first()
    assert first is not None
    forbidden = (first.member_low_id, first.member_high_id)
    locked = (people[0].pk, people[1].pk)
    pair_rule_set(user=alice, program=program, a_id=forbidden[0], b_id=forbidden[1], kind="forbid")
    pair_rule_set(user=alice, program=program, a_id=locked[0], b_id=locked[1], kind="lock")

    for _ in range(2):
        round_ = run(round_rerun(user=alice, round_=round_))
        assert has(round_, *locked)
        assert round_.pairs.get(member_low_id=min(locked), member_high_id=max(locked)).locked
        assert not has(round_, *forbidden)
    assert PairRule.objects.filter(program=program).count() == 2


def test_a_pair_added_by_hand_warns_when_it_breaks_a_rule(alice: Any) -> None:
    program = program_for(alice, exclude_same_team=True)
    people = members(24, teams=8)
    enrol(program, people)
    round_ = run(round_start(user=alice, program=program))
    # people[0] and people[8] share "Team 0", which this program keeps apart.
    row = pair_add(user=alice, round_=round_, a_id=people[0].pk, b_id=people[8].pk)

    assert row.manual and row.locked
    assert "both in group Team 0" in row.warning
    round_ = run(round_rerun(user=alice, round_=round_))
    assert has(round_, people[0].pk, people[8].pk)  # the manager's decision stands
