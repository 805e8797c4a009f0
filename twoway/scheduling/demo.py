"""Demo availability: every demo member is usually free at a few times a week (in their own time
zone), so "Find a time" has something to offer in the demo (see twoway/core/demo/seed.py)."""

from __future__ import annotations

import random
from datetime import time

from twoway.accounts.models import User
from twoway.scheduling.models import Availability

# (weekday, start hour, end hour): everyone has the lunch hours; two of the others at random.
LUNCH = [(day, 12, 14) for day in range(5)]
OTHERS = [(0, 8, 10), (1, 17, 19), (2, 8, 10), (3, 17, 19), (4, 15, 17), (5, 10, 12)]


def seed_availability(*, users: dict[str, User], seed: int) -> int:
    """Weekly windows for every member; returns how many were created."""
    rng = random.Random(seed)
    rows = [
        Availability(user=user, weekday=day, start=time(start), end=time(end))
        for user in users.values()
        if not user.is_staff
        for day, start, end in LUNCH + rng.sample(OTHERS, 2)
    ]
    Availability.objects.bulk_create(rows)
    return len(rows)
