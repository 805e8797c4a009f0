"""A round on 1,000 participants runs through the real database worker and proposes pairs."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from django.core.management import call_command

from twoway.programs.models import Round
from twoway.programs.rounds import round_start
from twoway.programs.tests.helpers import enrol, members, program_for


@pytest.mark.slow
def test_a_round_on_1000_participants_completes_in_the_background(
    transactional_db: None, alice: Any
) -> None:
    # transactional_db: the worker commits and closes its connection when its batch is done, as
    # a real worker process does, which a test wrapped in one transaction could not survive.
    program = program_for(alice, default_capacity=1)
    people = members(1000)
    enrol(program, people)
    round_ = round_start(user=alice, program=program)  # enqueued when its transaction commits
    round_.refresh_from_db()
    assert round_.status == Round.Status.QUEUED  # nothing ran yet: it waits for the worker

    call_command("db_worker", "--batch", "--no-reload", "--no-startup-delay", verbosity=0)

    round_.refresh_from_db()
    assert round_.status == Round.Status.PROPOSED, round_.error
    assert round_.progress == 1.0
    pairs = list(round_.pairs.values_list("member_low_id", "member_high_id"))
    assert len(pairs) > 300
    uses = Counter(uid for pair in pairs for uid in pair)
    assert max(uses.values()) == 1  # capacity 1 each
    assert all(low < high for low, high in pairs)
    summary = round_.summary
    assert summary["people"] == 1000
    assert 0 < summary["matched_share"] <= 1
    assert summary["upper_bound"] >= summary["total_weight"]
    assert round_.unmatched.count() == 1000 - 2 * len(pairs)
