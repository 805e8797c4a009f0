"""A seeded population of members written straight to the database (bulk, no password hashing).

Used by the ranking-property test and the 10,000-member timing script.
"""

from __future__ import annotations

import random
from typing import Any

from django.contrib.auth.hashers import make_password

from twoway.accounts.models import User
from twoway.people.models import Learning, Profile, Skill, Teaching

TIMEZONES = ["Europe/London", "Europe/Paris", "America/New_York", "Asia/Tokyo", "UTC"]
TEAMS = ["Data", "Design", "Platform", "Sales", ""]


def make_population(
    n: int, *, seed: int = 7, vocabulary: int = 40, prefix: str = "m"
) -> list[Profile]:
    """``n`` members with 1–4 skills taught and wanted each, mostly open and complete."""
    rng = random.Random(seed)
    skills = list(Skill.objects.order_by("id")[:vocabulary])
    weights = [1 / (i + 1) for i in range(len(skills))]  # Zipf-like popularity
    password = make_password(None)
    users = User.objects.bulk_create(
        User(
            email=f"{prefix}{i}@example.com",
            username=f"{prefix}{i}@example.com",
            password=password,
            email_verified=True,
        )
        for i in range(n)
    )
    profiles = Profile.objects.bulk_create(_profile(rng, u, i, prefix) for i, u in enumerate(users))
    teaching, learning = [], []
    for profile in profiles:
        taught = _pick(rng, skills, weights)
        wanted = [s for s in _pick(rng, skills, weights) if s not in taught] or []
        teaching += [Teaching(profile=profile, skill=s, level=rng.randint(1, 5)) for s in taught]
        learning += [Learning(profile=profile, skill=s, priority=rng.randint(1, 3)) for s in wanted]
    Teaching.objects.bulk_create(teaching, batch_size=2000)
    Learning.objects.bulk_create(learning, batch_size=2000)
    return profiles


def _pick(rng: random.Random, skills: list[Skill], weights: list[float]) -> list[Skill]:
    return list(dict.fromkeys(rng.choices(skills, weights, k=rng.randint(1, 4))))


def _profile(rng: random.Random, user: Any, i: int, prefix: str) -> Profile:
    return Profile(
        user=user,
        display_name=f"Member {prefix}{i}",
        handle=f"{prefix}{i}",
        team=rng.choice(TEAMS),
        timezone=rng.choice(TIMEZONES),
        languages="French" if rng.random() < 0.1 else "English",
        open_to_partners=rng.random() > 0.1,
        capacity=rng.choice([1, 1, 2]),
    )
