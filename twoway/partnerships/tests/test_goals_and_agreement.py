"""The agreement and goals both ways: each partner owns what they want to learn."""

from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from twoway.core.errors import Refused
from twoway.partnerships.goals import goal_add, goal_update
from twoway.partnerships.models import Partnership
from twoway.partnerships.services import agreement_update, partnership_end
from twoway.partnerships.tests.helpers import partner, snapshot, swap_profiles


@pytest.fixture
def partnership(alice: Any, bob: Any) -> Partnership:
    swap_profiles(alice, bob)
    return partner(alice, bob)


def test_either_partner_changes_the_agreement(bob: Any, partnership: Partnership) -> None:
    end = date.today() + timedelta(days=90)
    agreement_update(
        user=bob,
        partnership=partnership,
        cadence="weekly",
        planned_end=end,
        expectations="Be on time",
    )
    partnership.refresh_from_db()
    assert (partnership.cadence, partnership.planned_end) == ("weekly", end)
    assert partnership.expectations == "Be on time"


def test_an_unknown_cadence_or_an_end_before_the_start_is_refused(
    alice: Any, partnership: Partnership
) -> None:
    before = snapshot()
    with pytest.raises(ValidationError) as caught:
        agreement_update(user=alice, partnership=partnership, cadence="hourly")
    assert "cadence" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        agreement_update(user=alice, partnership=partnership, planned_end=date(2000, 1, 1))
    assert "planned_end" in caught.value.message_dict
    assert snapshot() == before


def test_goals_flow_both_ways(alice: Any, bob: Any, partnership: Partnership) -> None:
    mine = goal_add(
        user=alice, partnership=partnership, text="Design a landing page", skill="Figma"
    )
    theirs = goal_add(user=bob, partnership=partnership, text="Write window functions", skill="SQL")
    assert mine.skill is not None and theirs.skill is not None
    assert (mine.owner, mine.skill.name) == (alice, "Figma")
    assert (theirs.owner, theirs.skill.name) == (bob, "SQL")


def test_only_the_owner_moves_a_goal_forward(
    alice: Any, bob: Any, partnership: Partnership
) -> None:
    goal = goal_add(user=alice, partnership=partnership, text="Prototype in Figma")
    goal_update(user=alice, goal=goal, progress=40)
    assert goal.progress == 40
    goal_update(user=alice, goal=goal, done=True)
    assert (goal.progress, goal.done) == (100, True)
    before = snapshot()
    with pytest.raises(PermissionDenied, match="who set this goal"):
        goal_update(user=bob, goal=goal, progress=10)
    assert snapshot() == before


def test_progress_outside_0_to_100_is_refused(alice: Any, partnership: Partnership) -> None:
    goal = goal_add(user=alice, partnership=partnership, text="Prototype")
    with pytest.raises(ValidationError, match="0 to 100"):
        goal_update(user=alice, goal=goal, progress=140)
    goal.refresh_from_db()
    assert goal.progress == 0


def test_nothing_changes_on_an_ended_partnership(alice: Any, partnership: Partnership) -> None:
    goal = goal_add(user=alice, partnership=partnership, text="Prototype")
    partnership_end(user=alice, partnership=partnership)
    before = snapshot()
    with pytest.raises(Refused, match="completed"):
        goal_add(user=alice, partnership=partnership, text="One more")
    with pytest.raises(Refused):
        goal_update(user=alice, goal=goal, progress=50)
    with pytest.raises(Refused):
        agreement_update(user=alice, partnership=partnership, cadence="weekly")
    assert snapshot() == before
