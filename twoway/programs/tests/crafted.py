"""Participants crafted one by one, with exactly the skills, team and role a test needs."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from conftest import PASSWORD
from twoway.accounts.models import User
from twoway.people.models import Learning, Profile, Skill, Teaching
from twoway.programs.models import Enrolment, Program, Round
from twoway.programs.rounds import round_execute


def participant(
    program: Program,
    name: str,
    *,
    teaches: Mapping[str, int],
    learns: Mapping[str, int],
    team: str = "",
    role: str = "either",
    capacity: int | None = None,
) -> User:
    """An active participant with a complete profile: ``teaches`` maps skill → level 1–5,
    ``learns`` skill → priority 1–3. The email is the name in lower case at example.com."""
    slug = name.lower().replace(" ", "-")
    user = User.objects.create_user(
        email=f"{slug}@example.com", password=PASSWORD, email_verified=True, first_name=name
    )
    Profile.objects.filter(user=user).update(
        display_name=name, handle=slug, languages="English", team=team, timezone="UTC"
    )
    profile = Profile.objects.get(user=user)
    for skill, level in teaches.items():
        Teaching.objects.create(profile=profile, skill=_skill(skill), level=level)
    for skill, priority in learns.items():
        Learning.objects.create(profile=profile, skill=_skill(skill), priority=priority)
    Enrolment.objects.create(program=program, user=user, role=role, team=team, capacity=capacity)
    return user


def _skill(name: str) -> Skill:
    return Skill.objects.resolve(name).skill


def run(round_: Round) -> Round:
    """Do the worker's part for a round here, as `twoway db_worker` would."""
    assert round_execute(round_.pk, round_.attempt) == "proposed"
    round_.refresh_from_db()
    return round_


def swap(program: Program, *names: str, team: str = "", **extra: Any) -> list[User]:
    """People who swap Python and SQL: the even ones teach Python and want SQL, the odd ones
    the other way round, so any even one fits any odd one."""
    return [
        participant(
            program,
            name,
            teaches={"Python" if i % 2 == 0 else "SQL": 5},
            learns={"SQL" if i % 2 == 0 else "Python": 3},
            team=team,
            **extra,
        )
        for i, name in enumerate(names)
    ]
