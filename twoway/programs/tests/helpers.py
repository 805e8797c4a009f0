"""Building participants fast for program tests: bulk rows, complete profiles, seeded skills."""

from __future__ import annotations

import random
from typing import Any

from django.contrib.auth.hashers import make_password

from twoway.accounts.models import User
from twoway.people.models import Learning, Profile, Skill, Teaching
from twoway.programs.imports import import_commit, import_execute
from twoway.programs.models import Enrolment, ImportBatch, Program
from twoway.programs.services import invitation_accept, invitation_token


def members(
    count: int, *, prefix: str = "p", seed: int = 7, pool: int = 40, teams: int = 8
) -> list[User]:
    """``count`` verified members with complete profiles: 2–4 skills taught, 2–4 wanted, drawn
    from the first ``pool`` catalogue skills with one seeded generator."""
    rng = random.Random(seed)
    password = make_password("unused-password-1")
    emails = [f"{prefix}{i}@example.com" for i in range(count)]
    User.objects.bulk_create(
        User(email=e, username=e, password=password, email_verified=True, first_name=f"P{i}")
        for i, e in enumerate(emails)
    )
    users = list(User.objects.filter(email__in=emails).order_by("id"))
    Profile.objects.bulk_create(
        Profile(user=u, display_name=f"{prefix.upper()} {i}", handle=f"{prefix}-{i}-{u.pk}",
                languages="English", team=f"Team {i % teams}", timezone="UTC")
        for i, u in enumerate(users)
    )  # fmt: skip
    skills = list(Skill.objects.order_by("id")[:pool])
    profiles = dict(Profile.objects.filter(user__in=users).values_list("user_id", "id"))
    teach, learn = [], []
    for user in users:
        chosen = rng.sample(skills, 8)
        for skill in chosen[: rng.randint(2, 4)]:
            teach.append(
                Teaching(profile_id=profiles[user.pk], skill=skill, level=rng.randint(2, 5))
            )
        for skill in chosen[4 : 4 + rng.randint(2, 4)]:
            learn.append(
                Learning(profile_id=profiles[user.pk], skill=skill, priority=rng.randint(1, 3))
            )
    Teaching.objects.bulk_create(teach)
    Learning.objects.bulk_create(learn)
    return users


def enrol(program: Program, users: list[Any], role: str = "either") -> None:
    Enrolment.objects.bulk_create(Enrolment(program=program, user=u, role=role) for u in users)


def program_for(manager: Any, **fields: Any) -> Program:
    program = Program.objects.create(name=fields.pop("name", "Cohort"), **fields)
    program.managers.add(manager)
    return program


def import_now(manager: Any, program: Program, batch_id: int) -> ImportBatch:
    """Commit a checked import and do the worker's part here, as `twoway db_worker` would."""
    batch = import_commit(user=manager, program=program, batch_id=batch_id)
    import_execute(batch.pk, batch.attempt)
    batch.refresh_from_db()
    return batch


def accept_invitations(program: Program) -> list[Enrolment]:
    """Every member invited to ``program`` accepts, signed in (newcomers would sign up)."""
    waiting = list(program.invitations.waiting())
    users = {u.email: u for u in User.objects.filter(email__in=[i.email for i in waiting])}
    return [
        invitation_accept(token=invitation_token(i), user=users[i.email])
        for i in waiting
        if i.email in users
    ]
