"""Fill an empty database with a busy Twoway of ``--members`` members, for the web load benchmark.

    .venv/bin/python -m benchmarks.web_seed --members 10000 [--seed 0]

The database is the one Django is configured for (``DATABASE_URL``, e.g. a PostgreSQL database you
created with ``createdb``; SQLite otherwise). It is migrated first, and refused when it already has
accounts: seeding twice would mix two populations, so make a fresh database instead.

What goes in (all of it from one seed, so a seed names one database):

- The members of the demo company (:func:`twoway.core.demo.seed.demo_seed`): complete profiles
  with skills taught at levels 1–5 and wanted with priorities, languages, time zones, teams,
  availability; the demo's two programs, circles and posts. Every member's password is
  ``twoway-demo`` (docs/demo.md).
- A large program of about a fifth of the members (2,000 at 10,000), in mentor–mentee mode, whose
  round is run by the engine and published through the real services (``round_execute``,
  ``round_publish``), so it has a proposal, kept-out counts and ~1,000 partnerships.
- Partnerships outside programs (a quarter as many as members), each with held sessions, one
  coming session when active, a goal per partner and learning-log entries tagged with skills.
- Circles of 4–6 members with meetings, and posts (public and members-only, with tags and skills)
  with published comments and replies.

Everything beyond the demo is written with ``bulk_create``: 10,000 members take about a minute on
PostgreSQL. ``seed(members, seed)`` does the same from Python and returns a :class:`SeedSummary`
naming members, handles and posts for a load test.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

PASSWORD = "twoway-demo"  # the demo's one password (twoway.core.demo.data.DEMO_PASSWORD)
PROGRAM_NAME = "Company-wide mentoring · load benchmark"
SAMPLE = 50


class SeedRefused(Exception):
    """The database is not empty (or the request makes no sense); the message says what to do."""


@dataclass
class SeedSummary:
    """What was written, and some rows a load test can use."""

    members: int
    partnerships: int
    sessions: int
    programs: int
    circles: int
    posts: int
    comments: int
    seconds: float
    password: str = PASSWORD
    manager_email: str = ""
    program_id: int = 0
    round_id: int = 0
    # Members in at least one partnership, circle and the large program: the busiest pages.
    emails: list[str] = field(default_factory=list)
    handles: list[str] = field(default_factory=list)
    user_ids: list[int] = field(default_factory=list)
    public_post_slugs: list[str] = field(default_factory=list)
    search_terms: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        return [
            f"Seeded {self.members} members in {self.seconds:.0f} s: {self.partnerships} "
            f"partnerships, {self.sessions} sessions, {self.programs} programs, "
            f"{self.circles} circles, {self.posts} posts, {self.comments} comments.",
            f"Password for every member: {self.password}",
            f"Program manager: {self.manager_email} (program {self.program_id}, "
            f"round {self.round_id})",
            f"Members to sign in as: {', '.join(self.emails[:5])} …",
            f"Profiles: {', '.join('/people/' + h + '/' for h in self.handles[:3])} …",
            f"Public posts: {', '.join('/posts/' + s + '/' for s in self.public_post_slugs[:3])} …",
        ]


def seed(members: int = 10_000, seed: int = 0) -> SeedSummary:
    """Migrate and fill the configured database (see the module docstring). Raises SeedRefused
    when it already has accounts or ``members`` is too small for the demo's cast."""
    from django.core.management import call_command

    from twoway.accounts.models import User
    from twoway.core.demo.seed import demo_seed, no_outgoing_mail

    if members < 200:
        raise SeedRefused(f"--members must be at least 200 (got {members}).")
    call_command("migrate", verbosity=0)
    existing = User.objects.count()
    if existing:
        raise SeedRefused(
            f"The database already has {existing} accounts; web_seed fills an empty database "
            "only. Create a fresh one (createdb twoway_bench) and set DATABASE_URL to it."
        )
    began = time.perf_counter()
    demo_seed(members=members, seed=seed)
    rng = random.Random(seed)
    with no_outgoing_mail():
        program_id, round_id, manager = _large_program(members, rng)
        _partnerships(members // 4, rng)
        _circles(members // 30, rng)
        _posts(members // 25, rng)
    _analyze()
    return _summary(time.perf_counter() - began, program_id, round_id, manager)


# ---------------------------------------------------------------------------------------------
# Who is who


def _pool() -> list[int]:
    """User ids of complete, open profiles of ordinary members, in a stable order."""
    from twoway.people.models import Profile

    return list(
        Profile.objects.complete()
        .filter(open_to_partners=True, user__is_staff=False)
        .order_by("user_id")
        .values_list("user_id", flat=True)
    )


def _wants() -> dict[int, list[int]]:
    """Skill ids each member wants to learn, by user id."""
    from twoway.people.models import Learning

    wants: dict[int, list[int]] = defaultdict(list)
    for user_id, skill_id in Learning.objects.values_list("profile__user_id", "skill_id"):
        wants[user_id].append(skill_id)
    return wants


# ---------------------------------------------------------------------------------------------
# The large program


def _large_program(members: int, rng: random.Random) -> tuple[int, int, Any]:
    """A mentor–mentee program of a fifth of the members, its round run and published."""
    from django.utils import timezone

    from twoway.accounts.models import User
    from twoway.programs.models import Enrolment, Program, Round
    from twoway.programs.publish import round_publish
    from twoway.programs.rounds import round_execute

    manager = User.objects.get(email="priya@northwind.example")
    program = Program.objects.create(
        name=PROGRAM_NAME,
        description="Everyone who signed up this quarter, one partner each, both ways.",
        starts_on=(timezone.now() - timedelta(weeks=4)).date(),
        ends_on=(timezone.now() + timedelta(weeks=8)).date(),
        mode=Program.Mode.MENTOR_MENTEE,
        reverse_weight=0.8,
        created_by=manager,
    )
    program.managers.add(manager)
    chosen = rng.sample(_pool(), min(members // 5, len(_pool())))
    roles = ["mentor", "mentee", "either"]
    Enrolment.objects.bulk_create(
        Enrolment(program=program, user_id=uid, role=rng.choice(roles), source="import")
        for uid in chosen
    )
    round_ = Round.objects.create(program=program, number=1, created_by=manager, attempt=1)
    round_execute(round_.pk, 1)
    round_publish(user=manager, round_=Round.objects.get(pk=round_.pk))
    return program.pk, round_.pk, manager


# ---------------------------------------------------------------------------------------------
# Partnerships with their history


def _partnerships(count: int, rng: random.Random) -> None:
    """``count`` partnerships among open members, outside programs, with sessions, goals and a
    learning log; pairs already partnered are skipped."""
    from twoway.partnerships.models import Partnership, ordered

    pool, now = _pool(), _now()
    taken = set(Partnership.objects.values_list("member_low_id", "member_high_id"))
    rows: list[Any] = []
    while len(rows) < count:
        pair = ordered(*rng.sample(pool, 2))
        if pair in taken:
            continue
        taken.add(pair)
        status = rng.choices(["active", "completed", "ended"], [70, 20, 10])[0]
        started = now - timedelta(days=rng.randint(7, 120))
        ended = None if status == "active" else started + timedelta(days=rng.randint(7, 60))
        rows.append(
            Partnership(
                member_low_id=pair[0],
                member_high_id=pair[1],
                status=status,
                started_at=started,
                ended_at=min(ended, now) if ended else None,
                expectations="An hour every other week; we each bring one real problem.",
            )
        )
    made = Partnership.objects.bulk_create(rows, batch_size=2000)
    _history(made, rng, now)


def _history(partnerships: list[Any], rng: random.Random, now: datetime) -> None:
    from twoway.partnerships.models import Goal, Session

    wants = _wants()
    sessions, goals = [], []
    for p in partnerships:
        last = p.ended_at or now
        step = timedelta(days=rng.choice([7, 14, 14]))
        at = p.started_at + step
        while at < last:
            sessions.append(
                Session(partnership=p, starts_at=at, status="held", created_by_id=p.member_low_id)
            )
            at += step
        if p.status == "active":
            sessions.append(
                Session(
                    partnership=p,
                    starts_at=now + timedelta(days=rng.randint(1, 13)),
                    created_by_id=p.member_high_id,
                )
            )
        for owner in (p.member_low_id, p.member_high_id):
            skill = rng.choice(wants[owner]) if wants[owner] else None
            goals.append(
                Goal(
                    partnership=p,
                    owner_id=owner,
                    skill_id=skill,
                    text="Use it on a real piece of my own work",
                    progress=rng.choice([0, 20, 40, 60, 80, 100]),
                )
            )
    Session.objects.bulk_create(sessions, batch_size=5000)
    Goal.objects.bulk_create(goals, batch_size=5000)
    _learning_log([s for s in sessions if s.status == "held"], wants, rng)


def _learning_log(held: list[Any], wants: dict[int, list[int]], rng: random.Random) -> None:
    """One entry per held session, the partners taking turns, each tagged with a wanted skill."""
    from twoway.partnerships.models import LearningEntry

    entries, tags = [], []
    for index, session in enumerate(held):
        p = session.partnership
        author = p.member_low_id if index % 2 else p.member_high_id
        entries.append(
            LearningEntry(
                partnership=p,
                session=session,
                author_id=author,
                text="Worked through a real example from this week.",
                created_at=session.starts_at + timedelta(hours=1),
            )
        )
        tags.append(rng.choice(wants[author]) if wants[author] else None)
    LearningEntry.objects.bulk_create(entries, batch_size=5000)
    through = LearningEntry.skills.through
    through.objects.bulk_create(
        (
            through(learningentry_id=e.pk, skill_id=s)
            for e, s in zip(entries, tags, strict=True)
            if s
        ),
        batch_size=5000,
    )


# ---------------------------------------------------------------------------------------------
# Circles and posts


def _circles(count: int, rng: random.Random) -> None:
    from twoway.network.models import Circle, CircleMeeting, Membership

    pool, now, wants = _pool(), _now(), _wants()
    circles, seats, meetings = [], [], []
    for number in range(1, count + 1):
        people = rng.sample(pool, rng.randint(4, 6))
        skill = rng.choice(wants[people[0]]) if wants[people[0]] else None
        circle = Circle(
            name=f"Learning circle {number}",
            skill_id=skill,
            capacity=6,
            created_by_id=people[0],
            created_at=now - timedelta(days=60),
        )
        circles.append(circle)
        seats += [(circle, uid) for uid in people]
        meetings += [(circle, people[0], now + timedelta(days=d)) for d in (-28, -14, 0.5, 14)]
    Circle.objects.bulk_create(circles)
    Membership.objects.bulk_create(
        (Membership(circle=c, user_id=uid, joined_at=now - timedelta(days=60)) for c, uid in seats),
        batch_size=5000,
    )
    CircleMeeting.objects.bulk_create(
        (CircleMeeting(circle=c, created_by_id=uid, starts_at=at) for c, uid, at in meetings),
        batch_size=5000,
    )


def _posts(count: int, rng: random.Random) -> None:
    """``count`` published posts (a third members-only) with tags, skills and 0–12 comments."""
    from twoway.people.models import Skill
    from twoway.posts import markup
    from twoway.posts.models import Post, Tag

    pool, now = _pool(), _now()
    skills = list(
        Skill.objects.filter(teachings__isnull=False).distinct().values_list("id", "name")
    )
    tags = [Tag.objects.get_or_create(name=name)[0] for name in ("practice", "notes", "tools")]
    posts, picked = [], []
    for number in range(1, count + 1):
        chosen = rng.sample(skills, 2)
        body = _post_body(chosen[0][1], chosen[1][1])
        posts.append(
            Post(
                author_id=rng.choice(pool),
                title=f"What {chosen[0][1]} taught me",
                slug=f"what-i-learned-{number}",
                body=body,
                body_html=markup.render(body),
                excerpt=markup.plain_text(body, limit=199),
                status="published",
                visibility="members" if number % 3 == 0 else "public",
                published_at=now - timedelta(hours=rng.randint(1, 24 * 180)),
            )
        )
        picked.append(chosen)
    Post.objects.bulk_create(posts, batch_size=1000)
    _post_links(posts, picked, tags, rng)
    _comments(posts, pool, rng)


def _post_body(first: str, second: str) -> str:
    return (
        f"I taught {second} and learned **{first}** from my partner, one hour a fortnight.\n\n"
        "## What worked\n\n- A real problem from the week, every session.\n"
        "- Writing down one thing each of us learned.\n\n"
        f"## What I would change\n\nStart {first} with the basics before the tools.\n\n"
        "> Teaching is the fastest way to find out what you don't know yet."
    )


def _post_links(posts: list[Any], picked: list[Any], tags: list[Any], rng: random.Random) -> None:
    from twoway.posts.models import Post

    skill_rows = Post.skills.through
    skill_rows.objects.bulk_create(
        (
            skill_rows(post_id=p.pk, skill_id=sid)
            for p, two in zip(posts, picked, strict=True)
            for sid, _ in two
        ),
        batch_size=5000,
    )
    tag_rows = Post.tags.through
    tag_rows.objects.bulk_create(
        (tag_rows(post_id=p.pk, tag_id=rng.choice(tags).pk) for p in posts), batch_size=5000
    )


def _comments(posts: list[Any], pool: list[int], rng: random.Random) -> None:
    """Published comments from members (a quarter of them replies to the first one)."""
    from twoway.accounts.models import User
    from twoway.posts.models import Comment

    writers = rng.sample(pool, min(500, len(pool)))
    names = dict(User.objects.filter(pk__in=writers).values_list("pk", "first_name"))
    emails = dict(User.objects.filter(pk__in=writers).values_list("pk", "email"))
    tops: list[Any] = []
    replies: list[Any] = []
    for post in posts:
        for n in range(rng.randint(0, 12)):
            uid = rng.choice(writers)
            at = post.published_at + timedelta(hours=n + 1)
            row = Comment(
                post=post,
                author_id=uid,
                name=names[uid],
                email=emails[uid],
                body="Thank you, this helped. We tried the same last week.",
                status="published",
                created_at=at,
                published_at=at,
            )
            (replies if n and rng.random() < 0.25 else tops).append(row)
    Comment.objects.bulk_create(tops, batch_size=5000)
    first = {c.post_id: c for c in reversed(tops)}
    for reply in replies:
        reply.parent = first.get(reply.post.pk)
    Comment.objects.bulk_create(replies, batch_size=5000)


# ---------------------------------------------------------------------------------------------
# The summary


def _analyze() -> None:
    """Fresh planner statistics, as autovacuum would give a database that grew slowly: right
    after a bulk load PostgreSQL still guesses from empty tables."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _now() -> datetime:
    from django.utils import timezone

    return timezone.now()


def _summary(seconds: float, program_id: int, round_id: int, manager: Any) -> SeedSummary:
    from twoway.accounts.models import User
    from twoway.network.models import Circle
    from twoway.partnerships.models import Partnership, Session
    from twoway.posts.models import Comment, Post
    from twoway.programs.models import Program

    busy = (
        User.objects.filter(is_staff=False, enrolments__program_id=program_id)
        .filter(circle_memberships__isnull=False)
        .exclude(email=manager.email)
        .distinct()
        .order_by("pk")
        .values_list("pk", "email", "profile__handle")[:SAMPLE]
    )
    public = Post.objects.public().order_by("-published_at").values_list("slug", flat=True)
    return SeedSummary(
        members=User.objects.filter(is_staff=False).count(),
        partnerships=Partnership.objects.count(),
        sessions=Session.objects.count(),
        programs=Program.objects.count(),
        circles=Circle.objects.count(),
        posts=Post.objects.count(),
        comments=Comment.objects.count(),
        seconds=seconds,
        manager_email=manager.email,
        program_id=program_id,
        round_id=round_id,
        emails=[email for _, email, _ in busy],
        handles=[handle for _, _, handle in busy],
        user_ids=[pk for pk, _, _ in busy],
        public_post_slugs=list(public[:SAMPLE]),
        search_terms=["Python", "SQL", "Kubernetes", "Figma", "React", "Go"],
    )


def setup_django() -> None:
    """Settings from the environment (DATABASE_URL), quiet logs."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "twoway.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--members", type=int, default=10_000, help="members (default 10,000)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    args = parser.parse_args(argv)
    setup_django()
    try:
        summary = seed(args.members, args.seed)
    except SeedRefused as exc:
        print(f"web_seed: {exc}", file=sys.stderr)
        return 2
    print("\n".join(summary.lines()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
