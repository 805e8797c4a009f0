"""After a round, the manager learns how many more people each rule kept out of it.

Alice manages every program here; the participants are crafted so that one rule alone stands
between them and a partner.
"""

from __future__ import annotations

from typing import Any

import pytest

from twoway.programs import kept_out
from twoway.programs.kept_out import kept_out_words
from twoway.programs.rounds import pair_rule_set, round_start
from twoway.programs.tests.crafted import participant, run, swap
from twoway.programs.tests.helpers import program_for


def test_four_teammates_would_match_if_same_team_pairs_were_allowed(
    alice: Any, client: Any
) -> None:
    program = program_for(alice, exclude_same_team=True)
    swap(program, "Ana", "Ben", "Cai", "Dee", team="Core")

    round_ = run(round_start(user=alice, program=program))
    client.force_login(alice)
    page = client.get(round_.get_absolute_url()).content.decode()
    api = client.get(f"/api/programs/{program.pk}/rounds/{round_.pk}").json()

    assert "4 more would match if same-team pairs were allowed." in page
    assert api["summary"]["kept_out"]["rules"]["same_team"] == 4

    assert round_.pairs.count() == 0
    assert round_.summary["kept_out"]["rules"]["same_team"] == 4
    assert "roles" not in round_.summary["kept_out"]["rules"]  # a peer program has no roles
    assert kept_out_words(round_.summary) == ["4 more would match if same-team pairs were allowed."]


def test_a_rule_that_kept_nobody_out_is_not_named(alice: Any) -> None:
    program = program_for(alice, exclude_same_team=True)
    swap(program, "Ana", "Ben", team="Core")
    swap(program, "Cai", "Dee", team="Web")

    round_ = run(round_start(user=alice, program=program))

    assert round_.pairs.count() == 2
    assert round_.summary["kept_out"]["rules"]["same_team"] == 0
    assert kept_out_words(round_.summary) == [
        "No rule kept anyone out: relaxing any one of them matches nobody more."
    ]


def test_a_pair_the_manager_forbade_is_counted(alice: Any) -> None:
    program = program_for(alice)
    ana, ben = swap(program, "Ana", "Ben")
    pair_rule_set(user=alice, program=program, a_id=ana.pk, b_id=ben.pk, kind="forbid")

    round_ = run(round_start(user=alice, program=program))

    assert round_.pairs.count() == 0
    assert kept_out_words(round_.summary) == [
        "2 more would match if the pairs you forbade were allowed."
    ]


def test_two_mentors_would_match_if_roles_were_ignored(alice: Any) -> None:
    program = program_for(alice, mode="mentor-mentee")
    swap(program, "Cai", "Dee", role="mentor")

    round_ = run(round_start(user=alice, program=program))

    assert round_.pairs.count() == 0
    assert kept_out_words(round_.summary) == [
        "2 more would match if roles were ignored (anyone could mentor or be mentored)."
    ]


def test_one_more_partner_each_would_match_the_one_left_waiting(alice: Any) -> None:
    program = program_for(alice, default_capacity=1)
    participant(program, "Ana", teaches={"Python": 5}, learns={"SQL": 3})
    participant(program, "Ben", teaches={"SQL": 4}, learns={"Python": 3})
    participant(program, "Cai", teaches={"SQL": 4}, learns={"Python": 3})

    round_ = run(round_start(user=alice, program=program))

    assert round_.pairs.count() == 1
    assert kept_out_words(round_.summary) == [
        "1 more would match if everyone could take one more partner."
    ]


def test_a_large_run_is_not_counted_and_the_page_says_so(
    alice: Any, client: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(kept_out, "KEPT_OUT_MAX_PEOPLE", 3)
    program = program_for(alice, exclude_same_team=True)
    swap(program, "Ana", "Ben", "Cai", "Dee", team="Core")

    round_ = run(round_start(user=alice, program=program))

    assert round_.summary["kept_out"] == {"skipped": True, "limit": 3}
    client.force_login(alice)
    page = client.get(round_.get_absolute_url()).content.decode()
    assert "worked out for runs of up to 3 people; this one was larger" in page
