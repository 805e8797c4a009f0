"""The demo's programs: one running for weeks (a published round and its activity), one ready
for its first round. Priya manages both.

The running program goes through the real services (round, publish) and then gets a history:
partnerships start nine weeks ago; most meet every week or two and log learning both ways, some
went quiet, a few learn only one way, and some have finished with feedback and raised levels. The
randomness comes from one ``random.Random(seed)``, so every seed gives the same demo.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

from twoway.accounts.models import User
from twoway.partnerships.models import (
    Feedback,
    Goal,
    LearningEntry,
    LevelChange,
    Partnership,
    Session,
)
from twoway.people.models import Profile, Skill, Teaching
from twoway.programs.models import Enrolment, Program, Round, RoundPair
from twoway.programs.publish import round_publish
from twoway.programs.rounds import round_execute

RUNNING = "Northwind two-way mentoring · Autumn 2026"
READY = "Northwind peer learning · Spring 2027"
MANAGER = "priya@northwind.example"
WEEKS = 9


@dataclass(frozen=True)
class DemoPrograms:
    running: Program
    ready: Program
    partnerships: int
    sessions: int


def _role(profile: Profile) -> str:
    years = profile.years_experience or 0
    return "mentor" if years >= 8 else "mentee" if years <= 3 else "either"


def seed_programs(*, users: dict[str, Any] | None = None, seed: int = 2026) -> DemoPrograms | None:
    """Create both demo programs; returns None when Priya isn't in the database."""
    manager = User.objects.filter(email=MANAGER).first()
    if manager is None:
        return None
    Program.objects.filter(name__in=[RUNNING, READY], managers__isnull=True).delete()
    rng = random.Random(seed)
    profiles = list(
        Profile.objects.complete()
        .filter(user__email__endswith="@northwind.example", open_to_partners=True)
        .exclude(user=manager)
        .order_by("user_id")
    )
    rng.shuffle(profiles)
    running = _running(manager, profiles[:90], rng)
    ready = _ready(manager, profiles[90:140])
    partnerships = Partnership.objects.filter(round_pair__round__program=running)
    sessions = Session.objects.filter(partnership__in=partnerships).count()
    return DemoPrograms(running, ready, partnerships.count(), sessions)


def _enrol(program: Program, profiles: list[Profile], mentored: bool) -> None:
    Enrolment.objects.bulk_create(
        Enrolment(
            program=program,
            user_id=p.user_id,
            role=_role(p) if mentored else "either",
            source=Enrolment.Source.IMPORT,
        )
        for p in profiles
    )


def _running(manager: User, profiles: list[Profile], rng: random.Random) -> Program:
    now = timezone.now()
    program = Program.objects.create(
        name=RUNNING,
        description="Twelve weeks, one partner each. Mentors share experience; mentees bring "
        "the newer tools, and mentors learn them too.",
        starts_on=(now - timedelta(weeks=WEEKS)).date(),
        ends_on=(now + timedelta(weeks=3)).date(),
        mode=Program.Mode.MENTOR_MENTEE,
        reverse_weight=0.8,
        exclude_same_team=True,
        created_by=manager,
    )
    program.managers.add(manager)
    _enrol(program, profiles, mentored=True)
    round_ = Round.objects.create(program=program, number=1, created_by=manager, attempt=1)
    round_execute(round_.pk, 1)
    round_publish(user=manager, round_=round_)
    Round.objects.filter(pk=round_.pk).update(published_at=now - timedelta(weeks=WEEKS))
    pairs = round_.pairs.select_related("partnership").order_by("id")
    for pair in pairs:
        _history(pair, rng, now)
    return program


def _ready(manager: User, profiles: list[Profile]) -> Program:
    program = Program.objects.create(
        name=READY,
        description="Peer learning across teams: everyone teaches one thing and learns another.",
        starts_on=(timezone.now() + timedelta(weeks=2)).date(),
        mode=Program.Mode.PEER,
        exclude_same_team=True,
        open_enrolment=True,
        questions=[
            {"key": "hope", "label": "What do you hope to learn?", "required": True},
            {"key": "time", "label": "When do you prefer to meet?", "required": False},
        ],
        created_by=manager,
    )
    program.managers.add(manager)
    _enrol(program, profiles, mentored=False)
    return program


def _skills(flows: list[list[Any]]) -> list[str]:
    return [str(flow[0]) for flow in flows]


def _history(pair: RoundPair, rng: random.Random, now: datetime) -> None:
    """Nine weeks of one partnership: sessions, learning both ways, maybe an ending."""
    partnership = pair.partnership
    if partnership is None:
        return
    start = now - timedelta(weeks=WEEKS, days=rng.randint(0, 4))
    Partnership.objects.filter(pk=partnership.pk).update(started_at=start)
    kind = rng.choices(["healthy", "quiet", "one-sided", "finished"], [55, 15, 10, 20])[0]
    weeks = 2 if kind == "quiet" else WEEKS - (1 if kind == "finished" else 0)
    step = rng.choice([1, 1, 2])
    held = [start + timedelta(weeks=w, hours=rng.randint(9, 16)) for w in range(1, weeks, step)]
    Session.objects.bulk_create(
        Session(partnership=partnership, starts_at=t, status=Session.Status.HELD,
                created_by_id=pair.member_low_id)
        for t in held
    )  # fmt: skip
    low_learns = _skills(pair.high_teaches)
    high_learns = _skills(pair.low_teaches)
    _agree_and_set_goals(partnership, pair, low_learns, high_learns, rng)
    for index, when in enumerate(held):
        if kind == "one-sided" or index % 2 == 0:
            _entry(partnership, pair.member_high_id, high_learns, when, rng)
        if kind != "one-sided" and index % 2 == 1:
            _entry(partnership, pair.member_low_id, low_learns, when, rng)
    if kind == "finished":
        _finish(pair, partnership, now, rng, low_learns, high_learns)


def _agree_and_set_goals(
    partnership: Partnership,
    pair: RoundPair,
    low_learns: list[str],
    high_learns: list[str],
    rng: random.Random,
) -> None:
    """An agreement and one goal per partner, each about what they learn from the other."""
    Partnership.objects.filter(pk=partnership.pk).update(
        expectations="One hour, alternating who brings a real problem from their week.",
    )
    for owner, learns in ((pair.member_low_id, low_learns), (pair.member_high_id, high_learns)):
        if not learns:
            continue
        name = learns[0]
        Goal.objects.create(
            partnership=partnership,
            owner_id=owner,
            text=f"Use {name} on a real piece of my own work",
            skill=Skill.objects.filter(name=name).first(),
            progress=rng.choice([20, 40, 60, 80, 100]),
        )


def _entry(
    partnership: Partnership, learner: int, skills: list[str], when: datetime, rng: random.Random
) -> None:
    # Not every lesson is a listed skill: a mentor learns how a newer colleague works, too.
    name = rng.choice(skills) if skills else ""
    text = (
        f"Worked through {name} together with a real example from this week."
        if name
        else "Saw how my partner plans their week and tried their way of reviewing work."
    )
    entry = LearningEntry.objects.create(
        partnership=partnership,
        author_id=learner,
        kind=LearningEntry.Kind.LEARNED,
        text=text,
        created_at=when + timedelta(hours=1),
    )
    if name:
        entry.skills.set(Skill.objects.filter(name=name))


def _finish(
    pair: RoundPair,
    partnership: Partnership,
    now: datetime,
    rng: random.Random,
    low_learns: list[str],
    high_learns: list[str],
) -> None:
    ended = now - timedelta(days=rng.randint(2, 6))
    Partnership.objects.filter(pk=partnership.pk).update(
        status=Partnership.Status.COMPLETED, ended_at=ended, ended_by_id=pair.member_low_id
    )
    for member, learned in ((pair.member_low_id, low_learns), (pair.member_high_id, high_learns)):
        Feedback.objects.create(
            partnership=partnership,
            author_id=member,
            rating=rng.choice([3, 4, 4, 5, 5]),
            text="Better than I expected; I learned as much as I taught.",
            managers_only=rng.random() < 0.3,
            created_at=ended,
        )
        for name in learned[:1]:
            _raise_level(member, name, partnership, ended)


def _raise_level(user_id: int, name: str, partnership: Partnership, at: datetime) -> None:
    skill = Skill.objects.filter(name=name).first()
    profile = Profile.objects.filter(user_id=user_id).first()
    if skill is None or profile is None:
        return
    row = Teaching.objects.filter(profile=profile, skill=skill).first()
    old = row.level if row else 0
    new = min(old + 1, 5) if old else 2
    if new == old:
        return
    Teaching.objects.update_or_create(profile=profile, skill=skill, defaults={"level": new})
    LevelChange.objects.create(
        user_id=user_id, skill=skill, old=old, new=new, partnership=partnership, at=at
    )
