from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from twoway.people.models import Learning, Profile, Teaching
from twoway.people.services import learning_set, profile_update, teaching_set
from twoway.people.tests.helpers import make_complete


def test_a_new_profile_is_incomplete_and_says_what_it_needs(alice: Any) -> None:
    profile = alice.profile
    assert not profile.is_complete
    assert profile.missing == [
        "a language you speak",
        "a skill you can teach",
        "a skill you want to learn",
    ]


def test_teaching_alone_is_not_enough_learning_is_needed_too(alice: Any) -> None:
    profile = alice.profile
    profile_update(profile=profile, languages="English")
    teaching_set(profile=profile, skill_text="SQL", level=4)
    assert not profile.is_complete
    assert profile.missing == ["a skill you want to learn"]
    learning_set(profile=profile, skill_text="Figma", priority=3)
    assert profile.is_complete


def test_the_database_agrees_with_the_property_on_completeness(alice: Any, bob: Any) -> None:
    make_complete(alice)
    teaching_set(profile=bob.profile, skill_text="Go", level=2)
    assert list(Profile.objects.complete()) == [alice.profile]


def test_a_deactivated_member_is_never_counted_as_complete(alice: Any) -> None:
    make_complete(alice)
    alice.is_active = False
    alice.save()
    assert not Profile.objects.complete().exists()


@pytest.mark.parametrize("level", [0, 6, -1])
def test_it_refuses_a_teaching_level_outside_one_to_five(alice: Any, level: int) -> None:
    with pytest.raises(ValidationError, match="Level must be between 1 and 5"):
        teaching_set(profile=alice.profile, skill_text="SQL", level=level)


@pytest.mark.parametrize("priority", [0, 4])
def test_it_refuses_a_learning_priority_outside_one_to_three(alice: Any, priority: int) -> None:
    with pytest.raises(ValidationError, match="Priority must be between 1 and 3"):
        learning_set(profile=alice.profile, skill_text="SQL", priority=priority)


def test_the_database_itself_refuses_out_of_range_levels_and_priorities(alice: Any) -> None:
    teaching, _ = teaching_set(profile=alice.profile, skill_text="SQL", level=3)
    learning, _ = learning_set(profile=alice.profile, skill_text="Go", priority=2)
    with pytest.raises(IntegrityError), transaction.atomic():
        Teaching.objects.filter(pk=teaching.pk).update(level=9)
    with pytest.raises(IntegrityError), transaction.atomic():
        Learning.objects.filter(pk=learning.pk).update(priority=0)


def test_setting_a_skill_twice_updates_it_rather_than_duplicating(alice: Any) -> None:
    teaching_set(profile=alice.profile, skill_text="js", level=2)
    teaching_set(profile=alice.profile, skill_text="JavaScript", level=5)
    assert [(t.skill.name, t.level) for t in alice.profile.teaches.all()] == [("JavaScript", 5)]


def test_it_refuses_an_unknown_timezone_and_an_oversized_bio(alice: Any) -> None:
    with pytest.raises(ValidationError) as caught:
        profile_update(profile=alice.profile, timezone="Mars/Olympus", bio="x" * 2001)
    assert "not a known time zone" in str(caught.value.message_dict["timezone"])
    assert "at most 2000 characters" in str(caught.value.message_dict["bio"])


def test_languages_are_tidied_into_a_list(alice: Any) -> None:
    profile_update(profile=alice.profile, languages="english; French,  english")
    alice.profile.refresh_from_db()
    assert alice.profile.language_list == ["English", "French"]
