"""The one adapter turns profiles into engine people: one rule, two loaders, flat queries.

Alice (in Kolkata, speaking English and Hindi) and Bob swap SQL and Figma; Charlie only joins
to show that a bigger cohort costs no more queries.
"""

from __future__ import annotations

from typing import Any

from twoway.partnerships.adapter import cohort_people, person_of, utc_offset_minutes
from twoway.people.models import Profile
from twoway.people.tests.helpers import make_complete


def test_a_profile_becomes_a_person_by_user_id_with_its_skills_team_offset_and_languages(
    alice: Any,
) -> None:
    make_complete(alice, teaches={"SQL": 4}, learns={"Figma": 3}, team="Data",
                  timezone="Asia/Kolkata", languages="English, hindi", capacity=2)  # fmt: skip

    person = person_of(Profile.objects.with_skills().get(user=alice))

    assert person.id == str(alice.pk)
    assert (person.teaches, person.learns) == ({"SQL": 4}, {"Figma": 3})
    assert (person.group, person.capacity) == ("Data", 2)
    assert person.utc_offset_minutes == utc_offset_minutes("Asia/Kolkata") == 330
    assert person.languages == frozenset({"english", "hindi"})


def test_the_cohort_loader_and_the_one_by_one_loader_give_the_same_people(
    alice: Any, bob: Any
) -> None:
    make_complete(alice, teaches={"SQL": 4}, learns={"Figma": 3}, timezone="Asia/Kolkata",
                  languages="English, Hindi")  # fmt: skip
    make_complete(bob, teaches={"Figma": 5, "Excel": 2}, learns={"SQL": 3}, team="Design")
    profiles = Profile.objects.order_by("user_id")

    assert cohort_people(profiles) == [person_of(p) for p in profiles.with_skills()]


def test_loading_a_cohort_takes_three_queries_however_many_people_it_holds(
    alice: Any, bob: Any, charlie: Any, django_assert_num_queries: Any
) -> None:
    make_complete(alice)
    with django_assert_num_queries(3):
        assert len(cohort_people(Profile.objects.filter(user=alice))) == 1

    make_complete(bob, teaches={"Figma": 5, "Excel": 2})
    make_complete(charlie, learns={"SQL": 2, "Go": 1})
    with django_assert_num_queries(3):
        assert len(cohort_people(Profile.objects.all())) == 3
