"""Demo posts for Northwind Labs: what members learned from each other, with a few replies.

Called by the demo seed (twoway/core/demo/seed.py). Replies are written straight to the database,
published, so seeding sends no notifications; one reply waits in the moderation queue.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils import timezone

from twoway.accounts.models import User
from twoway.posts.models import Comment, Post
from twoway.posts.services import PostFields, post_create

DOMAIN = "northwind.example"

# (author's first name in the email, title, tags, skills, members only, Markdown body)
POSTS: list[tuple[str, str, list[str], list[str], bool, str]] = [
    (
        "ana",
        "What a junior taught me about Figma (and about asking questions)",
        ["reverse mentoring", "design"],
        ["Figma", "SQL"],
        False,
        """I have sixteen years of SQL behind me and, until March, zero hours in Figma. Sam and I
started a partnership on Twoway: I teach SQL, Sam teaches Figma. I expected to do most of the
teaching. I was wrong.

## What I learned

- **Auto layout is a query plan for boxes.** Once Sam explained it as "constraints that resolve
  top-down", it clicked.
- **Components and variants** are the views and parameters of design.
- Sam asks *why* before *how*. I now do the same in code review.

## What Sam learned

Window functions, and that `EXPLAIN ANALYZE` is a friend, not a threat.

> Reverse mentoring isn't charity in the other direction. It's the same thing, both ways.

If you're senior and hesitating: pick the tool your juniors use every day and ask them.""",
    ),
    (
        "sam",
        "Learning SQL from a staff engineer: five sessions in",
        ["reverse mentoring", "learning log"],
        ["SQL", "Figma"],
        False,
        """Five sessions with Ana so far. We alternate: 30 minutes of SQL for me, 30 minutes of
Figma for her.

1. `JOIN`s stopped being scary once we drew them as Figma frames.
2. I wrote my first CTE for our dashboard.
3. Ana redesigned her team's onboarding slides in Figma, on her own.

Short, regular sessions beat long ones. We keep a shared learning log and both write in it.""",
    ),
    (
        "priya",
        "Running a mentoring cohort where everyone teaches",
        ["programs", "facilitation"],
        ["Coaching", "Facilitation"],
        False,
        """Our spring cohort had 80 people and one rule: **everyone teaches something**.

What changed compared with classic mentor–mentee programs:

- Satisfaction went up on *both* sides, seniors included.
- Fewer partnerships went quiet after week three.
- People logged what they learned, which made the end-of-cohort report easy.

Next cohort we'll try peer circles of four for the people who prefer groups.""",
    ),
    (
        "kwame",
        "My juniors are teaching me Rust",
        ["reverse mentoring", "engineering"],
        ["Rust", "People management"],
        False,
        """I manage the Platform team. Two of my juniors write Rust on weekends, so I asked them to
teach me. In return I coach them on running an incident calmly.

The borrow checker is humbling. So is being the one who asks the beginner questions in front
of your own team, and that's exactly why I recommend it.""",
    ),
    (
        "lucia",
        "Peer circles for designers: what we tried",
        ["circles", "design"],
        ["Design systems", "User research"],
        False,
        """Our design guild runs circles of four. Each person brings one thing to teach and one
question. Rules that helped:

- a fixed 45 minutes, every other week;
- one person keeps time, a different one each session;
- we write down *who learned what from whom*.""",
    ),
    (
        "ana",
        "Notes for the data team: pairing across seniority",
        ["data", "internal"],
        ["Data modelling"],
        True,
        """*Members only.* A few notes for our team on pairing across seniority levels: rotate who
drives, keep a shared doc of questions, and celebrate when the junior catches something.""",
    ),
    (
        "sam",
        "Prompt engineering for people who review code",
        ["ai", "code review"],
        ["Prompt engineering", "Code review"],
        False,
        """I showed Ana how I use prompts to draft test cases; she showed me how she reviews
them. The combination is better than either alone. Three prompts we now share are in our
[team wiki](https://example.org/wiki).""",
    ),
    (
        "priya",
        "How to ask for more information before accepting a partner",
        ["partnerships", "how to"],
        ["Career development"],
        False,
        """A request doesn't have to be yes or no. On Twoway you can **ask for more
information**: what they hope to learn, how often they can meet, and what they can teach you
back. Most good partnerships I've seen started with one such question.""",
    ),
]


def seed_posts(*, users: dict[str, User]) -> int:
    """Write the demo posts and their replies; returns how many posts. Skips missing authors."""
    now = timezone.now()
    made: dict[str, Post] = {}
    for n, (who, title, tags, skills, members, body) in enumerate(POSTS):
        author = users.get(f"{who}@{DOMAIN}")
        if author is None:
            continue
        fields = PostFields(
            title=title,
            body=body,
            tags=tags,
            skills=skills,
            status=Post.Status.PUBLISHED,
            visibility=Post.Visibility.MEMBERS if members else Post.Visibility.PUBLIC,
        )
        post = post_create(author=author, fields=fields)
        Post.objects.filter(pk=post.pk).update(published_at=now - timedelta(days=3 * n + 1))
        post.refresh_from_db(fields=["published_at"])
        made[who + str(n)] = post
    first = made.get("ana0")
    if first is not None:
        _seed_replies(first, users)
    return len(made)


def _seed_replies(post: Post, users: dict[str, User]) -> None:
    sam, priya = users.get(f"sam@{DOMAIN}"), users.get(f"priya@{DOMAIN}")
    when = (post.published_at or timezone.now()) + timedelta(hours=2)
    if sam is not None:
        top = _reply(
            post,
            "Sam Okafor",
            sam.email,
            "Thank you Ana! Next session: you teach me window functions, I show you prototyping.",
            when,
            author=sam,
        )
        later = when + timedelta(hours=1)
        _reply(post, "Ana Lima", f"ana@{DOMAIN}", "Deal. Bring coffee.", later, parent=top)
    if priya is not None:
        _reply(
            post,
            "Priya Raman",
            priya.email,
            "Sharing this with the next cohort. This is exactly the two-way idea.",
            when + timedelta(hours=5),
            author=priya,
        )
    _reply(
        post,
        "Jo Reader",
        "jo.reader@example.org",
        "Great read. Does this work in a team of five?",
        when + timedelta(hours=6),
    )
    Comment.objects.create(
        post=post,
        name="Morgan Visitor",
        email="morgan.visitor@example.net",
        body="First time here: how do I start reverse mentoring in my company?",
        status=Comment.Status.PENDING,
        created_at=when + timedelta(hours=10),
    )


def _reply(
    post: Post,
    name: str,
    email: str,
    body: str,
    when: datetime,
    *,
    author: User | None = None,
    parent: Comment | None = None,
) -> Comment:
    return Comment.objects.create(
        post=post,
        parent=parent,
        author=author or User.objects.filter(email=email).first(),
        name=name,
        email=email,
        body=body,
        status=Comment.Status.PUBLISHED,
        created_at=when,
        published_at=when,
    )
