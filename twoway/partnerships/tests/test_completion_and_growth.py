"""Completing or ending early, feedback once each, and skill levels that record growth."""

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.test import Client

from twoway.core.errors import Refused
from twoway.notifications.models import Notification
from twoway.partnerships.growth import growth_of
from twoway.partnerships.learning import learning_log
from twoway.partnerships.models import LevelChange, Partnership
from twoway.partnerships.services import (
    feedback_give,
    feedback_visible,
    level_update,
    partnership_end,
)
from twoway.partnerships.tests.helpers import login, partner, snapshot, swap_profiles
from twoway.people.models import Teaching


@pytest.fixture
def partnership(alice: Any, bob: Any) -> Partnership:
    swap_profiles(alice, bob)
    return partner(alice, bob)


def test_completing_tells_the_partner(alice: Any, bob: Any, partnership: Partnership) -> None:
    partnership_end(user=alice, partnership=partnership)
    partnership.refresh_from_db()
    assert (partnership.status, partnership.ended_by) == ("completed", alice)
    assert Notification.objects.filter(recipient=bob, kind="partnership_ended").exists()


def test_ending_early_needs_a_reason(alice: Any, partnership: Partnership) -> None:
    with pytest.raises(ValidationError, match="Write a few words"):
        partnership_end(user=alice, partnership=partnership, early=True)
    partnership_end(user=alice, partnership=partnership, early=True, reason="New job")
    partnership.refresh_from_db()
    assert (partnership.status, partnership.end_reason) == ("ended", "New job")


def test_ending_twice_is_refused(alice: Any, bob: Any, partnership: Partnership) -> None:
    partnership_end(user=alice, partnership=partnership)
    before = snapshot()
    with pytest.raises(Refused):
        partnership_end(user=bob, partnership=partnership)
    assert snapshot() == before


def test_charlie_cannot_end_it(charlie: Any, partnership: Partnership) -> None:
    with pytest.raises(Http404):
        partnership_end(user=charlie, partnership=partnership)
    partnership.refresh_from_db()
    assert partnership.is_active


def test_feedback_waits_for_the_end_and_is_given_once(alice: Any, partnership: Partnership) -> None:
    with pytest.raises(Refused, match="Feedback opens"):
        feedback_give(user=alice, partnership=partnership, rating=5)
    partnership_end(user=alice, partnership=partnership)
    feedback_give(user=alice, partnership=partnership, rating=5, text="Great swap")
    before = snapshot()
    with pytest.raises(Refused, match="already given"):
        feedback_give(user=alice, partnership=partnership, rating=1)
    assert snapshot() == before


def test_a_rating_outside_1_to_5_is_refused(alice: Any, partnership: Partnership) -> None:
    partnership_end(user=alice, partnership=partnership)
    with pytest.raises(ValidationError, match="1 \\(poor\\) to 5"):
        feedback_give(user=alice, partnership=partnership, rating=6)
    assert not partnership.feedback.exists()


def test_feedback_for_managers_only_is_hidden_from_the_partner(
    alice: Any, bob: Any, partnership: Partnership
) -> None:
    partnership_end(user=alice, partnership=partnership)
    feedback_give(user=alice, partnership=partnership, rating=3, text="Private", managers_only=True)
    feedback_give(user=bob, partnership=partnership, rating=5, text="Thanks Alice")
    assert [f.text for f in feedback_visible(user=bob, partnership=partnership)] == ["Thanks Alice"]
    assert len(feedback_visible(user=alice, partnership=partnership)) == 2


def test_updating_a_level_changes_teaching_and_records_the_change(
    alice: Any, partnership: Partnership
) -> None:
    change = level_update(user=alice, skill_text="Figma", level=2, partnership=partnership)
    assert change is not None and (change.old, change.new) == (0, 2)
    assert Teaching.objects.get(profile__user=alice, skill__name="Figma").level == 2
    level_update(user=alice, skill_text="SQL", level=5, partnership=partnership)
    assert level_update(user=alice, skill_text="SQL", level=5) is None
    assert list(LevelChange.objects.values_list("skill__name", "old", "new")) == [
        ("Figma", 0, 2),
        ("SQL", 4, 5),
    ]


def test_charlie_cannot_record_growth_on_their_partnership(
    charlie: Any, partnership: Partnership
) -> None:
    with pytest.raises(Http404):
        level_update(user=charlie, skill_text="SQL", level=5, partnership=partnership)
    assert not LevelChange.objects.exists()


def test_growth_includes_what_the_teacher_learned(alice: Any, partnership: Partnership) -> None:
    learning_log(user=alice, partnership=partnership, text="Auto layout", skills=["Figma"])
    level_update(user=alice, skill_text="Figma", level=2, partnership=partnership)
    growth = growth_of(alice)
    assert [s.words for s in growth.series] == ["Figma: 0 → 2"]
    assert growth.learned_skills == ["Figma"]


def test_the_profile_page_draws_the_growth_chart(
    client: Client, alice: Any, bob: Any, partnership: Partnership
) -> None:
    learning_log(user=alice, partnership=partnership, text="Auto layout", skills=["Figma"])
    level_update(user=alice, skill_text="Figma", level=2, partnership=partnership)
    own = login(client, alice).get("/people/alice/").content.decode()
    assert "<svg" in own and "Figma: 0 → 2" in own
    assert "Learned from partners" in own
    other = login(client, bob).get("/people/alice/").content.decode()
    assert "Figma: 0 → 2" in other
    assert "Learned from partners" not in other
