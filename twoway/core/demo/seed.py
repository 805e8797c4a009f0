"""Writing the demo to the database, fast.

Users, profiles and skill rows go in with ``bulk_create``: a few queries per table, not per member.
``bulk_create`` skips the ``post_save`` signal that normally creates a member's profile, so the
profiles are created here, complete, in the same transaction.

Every demo account shares one password, hashed once and the hash copied to every row. Argon2 is
slow on purpose (tens of milliseconds per hash); hashing it 160 times would add seconds to every
first `make run` for no safety at all, since the demo password is published in docs/demo.md.

Seeding sends no email. Publishing the demo's round tells its 66 partners, and the periodic jobs
nudge the quiet and one-sided partnerships of its history; on a development machine each of those
emails would be printed to the console, burying the demo logins. So the work queued while seeding
runs at once, the periodic jobs run once at the end, and their email goes to Django's dummy
backend: the notifications are in the members' inboxes, marked as emailed, and nothing is printed.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.test import override_settings
from django.utils.text import slugify

from twoway.accounts.models import User
from twoway.core import scheduler
from twoway.core.demo.data import (
    ADMIN_EMAIL,
    DEMO_PASSWORD,
    MEMBER_DOMAIN,
    ORGANISATION,
    PROGRAM_MANAGERS_GROUP,
)
from twoway.core.demo.personas import LOGIN_NOTES
from twoway.core.demo.plan import DEFAULT_MEMBERS, DEFAULT_SEED, MemberPlan, demo_plan
from twoway.engine.skills import key
from twoway.network.demo import seed_network
from twoway.people.models import Learning, Profile, Skill, Teaching
from twoway.posts.demo import seed_posts
from twoway.programs.demo import seed_programs
from twoway.scheduling.demo import seed_availability

DUMMY_MAIL = "django.core.mail.backends.dummy.EmailBackend"
AT_ONCE = "django_tasks.backends.immediate.ImmediateBackend"


@dataclass(frozen=True)
class DemoLogin:
    """A fixed demo account worth trying first, and what it shows."""

    email: str
    note: str


@dataclass(frozen=True)
class DemoResult:
    members: int
    taught: int
    wanted: int
    logins: list[DemoLogin]


def demo_accounts() -> QuerySet[User]:
    """Every account the demo owns: addresses on the demo domain, and the demo admin."""
    return User.objects.filter(Q(email__endswith=f"@{MEMBER_DOMAIN}") | Q(email=ADMIN_EMAIL))


def demo_logins() -> list[DemoLogin]:
    """The fixed demo logins present in the database, in the order docs/demo.md lists them."""
    present = set(User.objects.filter(email__in=LOGIN_NOTES).values_list("email", flat=True))
    return [DemoLogin(email, note) for email, note in LOGIN_NOTES.items() if email in present]


@transaction.atomic
def demo_reset() -> int:
    """Delete the demo's accounts (with their profiles); other accounts stay. Returns how many."""
    count = demo_accounts().count()
    demo_accounts().delete()
    return count


def demo_seed(*, members: int = DEFAULT_MEMBERS, seed: int = DEFAULT_SEED) -> DemoResult:
    """Create the demo company: verified members with complete profiles, the program managers'
    group and an admin, sending no email (see the module docstring). Raises ValidationError when
    demo accounts already exist."""
    with no_outgoing_mail():
        result = _demo_seed(members=members, seed=seed)
        # The history has quiet and one-sided partnerships: nudge them now, in the app only,
        # rather than by email at the worker's first tick.
        scheduler.run_due_jobs()
    return result


@contextmanager
def no_outgoing_mail() -> Iterator[None]:
    """Run queued work at once (when its transaction commits) and send its email nowhere;
    the task runner's line per task is not printed either."""
    tasks_log = logging.getLogger("django_tasks")
    level = tasks_log.level
    tasks_log.setLevel(logging.WARNING)
    try:
        with override_settings(EMAIL_BACKEND=DUMMY_MAIL, TASKS={"default": {"BACKEND": AT_ONCE}}):
            yield
    finally:
        tasks_log.setLevel(level)


@transaction.atomic
def _demo_seed(*, members: int, seed: int) -> DemoResult:
    plans = demo_plan(members=members, seed=seed)
    if demo_accounts().exists():
        raise ValidationError(
            "The demo is already in this database. Run `twoway seed_demo --reset` to replace it."
        )
    skills = _catalogue_skills(plans)
    users = _create_users(plans)
    profiles = _create_profiles(plans, users)
    taught, wanted = _create_skill_rows(plans, profiles, skills)
    group, _ = Group.objects.get_or_create(name=PROGRAM_MANAGERS_GROUP)
    group.user_set.add(*(users[plan.email] for plan in plans if plan.program_manager))
    seed_posts(users=users)
    seed_programs(users=users, seed=seed)
    seed_network(users=users, seed=seed)
    seed_availability(users=users, seed=seed)
    return DemoResult(members=len(plans) - 1, taught=taught, wanted=wanted, logins=demo_logins())


def _catalogue_skills(plans: list[MemberPlan]) -> dict[str, Skill]:
    names = {skill for plan in plans for skill, _ in plan.teaches + plan.learns}
    by_key = {skill.key: skill for skill in Skill.objects.filter(key__in={key(n) for n in names})}
    missing = sorted(name for name in names if key(name) not in by_key)
    if missing:
        raise ValidationError(
            f"The skills catalogue lacks {', '.join(missing)}. Run `twoway migrate`, which loads "
            "the catalogue, or fix the names in twoway/core/demo/data.py."
        )
    return {name: by_key[key(name)] for name in names}


def _create_users(plans: list[MemberPlan]) -> dict[str, User]:
    password = make_password(DEMO_PASSWORD)  # once: see the module docstring
    User.objects.bulk_create(
        User(
            email=plan.email,
            username=plan.email,
            password=password,
            first_name=plan.first_name,
            last_name=plan.last_name,
            email_verified=True,
            is_staff=plan.admin,
            is_superuser=plan.admin,
        )
        for plan in plans
    )
    emails = [plan.email for plan in plans]
    return {user.email: user for user in User.objects.filter(email__in=emails)}


def _create_profiles(plans: list[MemberPlan], users: dict[str, User]) -> dict[str, int]:
    """Complete profiles for every plan; returns profile ids by email."""
    taken = set(Profile.objects.values_list("handle", flat=True))
    Profile.objects.bulk_create(
        Profile(
            user=users[plan.email],
            display_name=plan.display_name,
            handle=_free_handle(plan.display_name, taken),
            headline=plan.headline,
            bio=plan.bio,
            role=plan.role,
            organisation=ORGANISATION,
            team=plan.team,
            years_experience=plan.years,
            timezone=plan.timezone,
            # Profile.save would tidy the list; bulk_create doesn't call save, so join it here.
            languages=", ".join(plan.languages),
            open_to_partners=plan.open_to_partners,
            capacity=plan.capacity,
        )
        for plan in plans
    )
    rows = Profile.objects.filter(user__in=users.values()).values_list("user__email", "id")
    return dict(rows)


def _free_handle(name: str, taken: set[str]) -> str:
    """The same handle sign-up would give ("Lucía Fernández" → "lucia-fernandez", then "-2")."""
    base = slugify(name)[:30].strip("-") or "member"
    handle, n = base, 1
    while handle in taken:
        n += 1
        handle = f"{base}-{n}"
    taken.add(handle)
    return handle


def _create_skill_rows(
    plans: list[MemberPlan], profiles: dict[str, int], skills: dict[str, Skill]
) -> tuple[int, int]:
    teaching = [
        Teaching(profile_id=profiles[plan.email], skill=skills[name], level=level)
        for plan in plans
        for name, level in plan.teaches
    ]
    learning = [
        Learning(profile_id=profiles[plan.email], skill=skills[name], priority=priority)
        for plan in plans
        for name, priority in plan.learns
    ]
    Teaching.objects.bulk_create(teaching)
    Learning.objects.bulk_create(learning)
    return len(teaching), len(learning)
