"""A round reads participants through the one adapter: the same people as one by one, faster."""

from __future__ import annotations

from typing import Any

from twoway.partnerships.adapter import cohort_people, people_of
from twoway.people.models import Profile
from twoway.programs.rounds import load_cohort
from twoway.programs.tests.helpers import enrol, members, program_for


def test_the_cohort_loader_gives_the_same_people_as_loading_them_one_by_one(db: Any) -> None:
    users = members(30)
    Profile.objects.filter(user=users[0]).update(
        timezone="Asia/Kolkata", languages="English, Hindi"
    )
    profiles = Profile.objects.filter(user__in=users).order_by("user_id")

    fast = cohort_people(profiles)

    assert fast == people_of(profiles.with_skills())


def test_the_round_takes_role_team_and_capacity_from_the_enrolment(alice: Any) -> None:
    program = program_for(alice, default_capacity=2)
    users = members(6)
    enrol(program, users, role="mentor")
    program.enrolments.filter(user=users[0]).update(team="Override", capacity=3)
    Profile.objects.filter(user=users[5]).update(languages="")  # incomplete: left out

    cohort = load_cohort(program)

    by_id = {p.id: p for p in cohort.people}
    assert set(by_id) == {str(u.pk) for u in users[:5]}
    assert (by_id[str(users[0].pk)].group, by_id[str(users[0].pk)].capacity) == ("Override", 3)
    assert by_id[str(users[1].pk)].capacity == 2
    assert all(p.role == "mentor" for p in cohort.people)
    assert cohort.incomplete == [users[5].pk]
