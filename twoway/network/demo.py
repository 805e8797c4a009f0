"""The demo's support network: circles formed by the engine, two themed open circles, and past
partnerships for Sam and Ana, so their networks reach 20+ people within two steps and "who can
help with Kubernetes?" has real answers.

Called by the demo seed (twoway/core/demo/seed.py) after the programs' demo, whose partnerships it
builds on. Rows are written straight to the database, so seeding sends no notifications. The
randomness comes from one ``random.Random(seed)``.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db.models import Q
from django.utils import timezone

from twoway.accounts.models import User
from twoway.conversations.models import Message
from twoway.conversations.services import thread_of
from twoway.network.circles import CIRCLE_CONFIG, circles_propose
from twoway.network.models import (
    Circle,
    CircleLearning,
    CircleMeeting,
    Membership,
)
from twoway.partnerships.models import LearningEntry, Partnership, ordered
from twoway.people.models import Profile, Skill

SAM, ANA = "sam@northwind.example", "ana@northwind.example"
ENGINE_CIRCLES = 10
PAST_PARTNERS = 5
MESSAGES = (
    "Hello all! Shall we keep the same slot every other week?",
    "Works for me. I'll bring one real problem from my team.",
    "Thanks for today, the examples helped a lot.",
)


@dataclass(frozen=True)
class DemoNetwork:
    circles: int
    past_partnerships: int


def seed_network(*, users: dict[str, Any] | None = None, seed: int = 2026) -> DemoNetwork | None:
    """Circles, meetings, learning logs and past partnerships; None when Sam or Ana is missing."""
    sam = User.objects.filter(email=SAM).first()
    ana = User.objects.filter(email=ANA).first()
    if sam is None or ana is None:
        return None
    rng = random.Random(seed)
    made = _engine_circles(rng, exclude={sam.pk, ana.pk})
    made += _themed_circles(sam, ana, rng)
    past = _past_partnerships(sam, rng) + _past_partnerships(ana, rng)
    for circle in made:
        _activity(circle, rng)
    return DemoNetwork(circles=len(made), past_partnerships=past)


def _pool(exclude: set[int]) -> list[Profile]:
    return list(
        Profile.objects.complete()
        .filter(user__email__endswith="@northwind.example", open_to_partners=True)
        .exclude(user_id__in=exclude)
        .select_related("user")
        .with_skills()
        .order_by("user_id")
    )


def _engine_circles(rng: random.Random, exclude: set[int]) -> list[Circle]:
    profiles = _pool(exclude)
    rng.shuffle(profiles)
    proposals = circles_propose(profiles=profiles[:72], config=CIRCLE_CONFIG)
    made = []
    for number, proposal in enumerate(proposals[:ENGINE_CIRCLES], start=1):
        circle = Circle.objects.create(
            name=f"Autumn peer circle {number}",
            theme="Formed by the engine: everyone here learns from someone and teaches someone.",
            capacity=6,
            status=Circle.Status.CLOSED,
            source=Circle.Source.ENGINE,
            why="\n".join(proposal.why),
            created_at=timezone.now() - timedelta(weeks=6),
        )
        _seat(circle, [p.user_id for p in proposal.profiles])
        made.append(circle)
    return made


def _seat(circle: Circle, user_ids: list[int]) -> None:
    Membership.objects.bulk_create(
        Membership(circle=circle, user_id=uid, joined_at=circle.created_at) for uid in user_ids
    )


def _teachers(skill: str, exclude: set[int], count: int) -> list[int]:
    return list(
        Profile.objects.filter(teaches__skill__name=skill)
        .exclude(user_id__in=exclude)
        .order_by("-teaches__level", "user_id")
        .values_list("user_id", flat=True)[:count]
    )


def _themed_circles(sam: User, ana: User, rng: random.Random) -> list[Circle]:
    """Sam and Ana's design-and-data swap, and an open Kubernetes circle Ana belongs to."""
    swap = Circle.objects.create(
        name="Design ⇄ data swap",
        theme="Designers learn SQL, analysts learn Figma: one small problem each per meeting.",
        skill=Skill.objects.filter(name="Figma").first(),
        capacity=5,
        created_by=ana,
        created_at=timezone.now() - timedelta(weeks=5),
    )
    others = _teachers("SQL", {sam.pk, ana.pk}, 1) + _teachers("Figma", {sam.pk, ana.pk}, 1)
    _seat(swap, [ana.pk, sam.pk, *others])
    kube = Circle.objects.create(
        name="Kubernetes in practice",
        theme="Running real services on Kubernetes: clusters, deployments, on-call stories.",
        skill=Skill.objects.filter(name="Kubernetes").first(),
        capacity=6,
        created_by=ana,
        created_at=timezone.now() - timedelta(weeks=4),
    )
    teachers = _teachers("Kubernetes", {sam.pk, ana.pk, *others}, 3)
    _seat(kube, [ana.pk, *teachers])
    return [swap, kube]


def _past_partnerships(user: User, rng: random.Random) -> int:
    """Finished partnerships with people who already have partners or circles (reach)."""
    ends = Partnership.objects.values_list("member_low_id", "member_high_id")
    busy = {uid for pair in ends for uid in pair}
    busy |= set(Membership.objects.values_list("user_id", flat=True))
    mine = set(
        Partnership.objects.filter(Q(member_low=user) | Q(member_high=user)).values_list(
            "member_low_id", "member_high_id"
        )
    )
    taken = {uid for pair in mine for uid in pair}
    candidates = sorted(busy - taken - {user.pk})
    partners = rng.sample(candidates, min(PAST_PARTNERS, len(candidates)))
    me = Profile.objects.with_skills().get(user=user)
    for weeks_ago, partner_id in enumerate(partners, start=1):
        _past(user, me, partner_id, weeks_ago, rng)
    return len(partners)


def _past(user: User, me: Profile, partner_id: int, weeks_ago: int, rng: random.Random) -> None:
    them = Profile.objects.with_skills().get(user_id=partner_id)
    low, high = ordered(user.pk, partner_id)
    ended = timezone.now() - timedelta(weeks=6 * weeks_ago)
    partnership = Partnership.objects.create(
        member_low_id=low,
        member_high_id=high,
        status=Partnership.Status.COMPLETED,
        started_at=ended - timedelta(weeks=12),
        ended_at=ended,
        ended_by_id=low,
    )
    mine = [t.skill for t in me.teaches.all()]
    theirs = [t.skill for t in them.teaches.all()]
    for author, skills in ((user.pk, theirs), (partner_id, mine)):
        if skills:
            skill = rng.choice(skills)
            entry = LearningEntry.objects.create(
                partnership=partnership,
                author_id=author,
                kind=LearningEntry.Kind.LEARNED,
                text=f"Worked through {skill.name} together on a real task.",
                created_at=ended - timedelta(weeks=3),
            )
            entry.skills.set([skill])


def _activity(circle: Circle, rng: random.Random) -> None:
    """A past meeting and an upcoming one, learning entries, and a short discussion in the
    circle's message thread."""
    members = list(circle.current().select_related("user__profile"))
    users = [m.user for m in members]
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    for days in (-10, 4):
        CircleMeeting.objects.create(
            circle=circle,
            starts_at=now + timedelta(days=days, hours=rng.randint(1, 6)),
            timezone=users[0].profile.timezone,
            place="Video call",
            agenda="Round of wins; one question each; pick next time's topic.",
            created_by=users[0],
        )
    profiles = {p.user_id: p for p in Profile.objects.with_skills().filter(user__in=users)}
    for learner in users[:3]:
        _log(circle, learner, users, profiles, rng)
    thread = thread_of(circle)
    for index, text in enumerate(MESSAGES):
        Message.objects.create(
            thread=thread,
            author=users[index % len(users)],
            text=text,
            created_at=now - timedelta(days=12 - 4 * index),
        )


def _log(
    circle: Circle,
    learner: User,
    users: list[User],
    profiles: dict[int, Profile],
    rng: random.Random,
) -> None:
    wants = {item.skill_id for item in profiles[learner.pk].learns.all()}
    for teacher in users:
        if teacher.pk == learner.pk:
            continue
        taught = [t.skill for t in profiles[teacher.pk].teaches.all() if t.skill_id in wants]
        if taught:
            skill = rng.choice(taught)
            entry = CircleLearning.objects.create(
                circle=circle,
                author=learner,
                learned_from=teacher,
                text=f"{teacher.profile.display_name} walked me through {skill.name} with an "
                "example from their own work.",
                created_at=timezone.now() - timedelta(days=rng.randint(1, 20)),
            )
            entry.skills.set([skill])
            return
