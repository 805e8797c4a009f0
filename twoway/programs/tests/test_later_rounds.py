"""A later round matches late joiners and leaves published pairs alone."""

from __future__ import annotations

from typing import Any

from twoway.partnerships.models import Partnership
from twoway.programs.models import Round
from twoway.programs.publish import round_publish
from twoway.programs.rounds import round_execute, round_start
from twoway.programs.tests.helpers import enrol, members, program_for


def run(manager: Any, program: Any) -> Round:
    round_ = round_start(user=manager, program=program)
    assert round_execute(round_.pk, round_.attempt) == "proposed"
    round_.refresh_from_db()
    return round_


def test_late_joiners_are_matched_without_disturbing_published_pairs(alice: Any) -> None:
    program = program_for(alice, default_capacity=1)
    enrol(program, members(60, prefix="early"))
    first = run(alice, program)
    round_publish(user=alice, round_=first)
    published = set(Partnership.objects.values_list("pk", "member_low_id", "member_high_id"))
    matched = {uid for _, low, high in published for uid in (low, high)}
    late = members(30, prefix="late", seed=11)
    enrol(program, late)

    second = run(alice, program)

    assert second.number == 2
    in_second = {uid for p in second.pairs.all() for uid in (p.member_low_id, p.member_high_id)}
    assert in_second  # late joiners (and early ones left over) found partners
    assert not in_second & matched  # capacity 1: the published members are full
    assert second.summary["already_full"] == len(matched)
    round_publish(user=alice, round_=second)
    still = set(
        Partnership.objects.filter(pk__in=[p for p, _, _ in published]).values_list(
            "pk", "member_low_id", "member_high_id"
        )
    )
    assert still == published
    assert (
        Partnership.objects.filter(status="active").count() == len(published) + second.pairs.count()
    )


def test_a_published_pair_is_never_proposed_again(alice: Any) -> None:
    program = program_for(alice, default_capacity=2)
    enrol(program, members(30))
    first = run(alice, program)
    round_publish(user=alice, round_=first)
    published = set(first.pairs.values_list("member_low_id", "member_high_id"))

    second = run(alice, program)

    assert not published & set(second.pairs.values_list("member_low_id", "member_high_id"))
