"""The one adapter between profiles in the database and the engine's plain ``Person``.

Callers load profiles with ``Profile.objects.with_skills()`` (prefetched teach and learn lists),
so turning a hundred profiles into people costs three queries, not three hundred.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Iterable
from datetime import datetime
from functools import lru_cache

from twoway.engine.model import MatchConfig, Person
from twoway.people.models import Profile

# Suggestions are peer suggestions: benefit both ways, a shared language required, and the
# engine's soft timezone factor.
SUGGESTION_CONFIG = MatchConfig(mode="peer")


@lru_cache(maxsize=512)
def _offset_minutes(tz: str, hour: int) -> int | None:
    try:
        offset = datetime.now(zoneinfo.ZoneInfo(tz)).utcoffset()
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None
    return int(offset.total_seconds() // 60) if offset is not None else None


def utc_offset_minutes(tz: str, now: datetime | None = None) -> int | None:
    """Minutes east of UTC in this zone now (cached per hour, as offsets change with DST)."""
    hour = int((now or datetime.now()).timestamp() // 3600)
    return _offset_minutes(tz, hour)


def person_of(profile: Profile) -> Person:
    """A profile as the engine sees it: id = user id, skills by catalogue name."""
    return Person(
        id=str(profile.user_id),
        name=profile.display_name,
        teaches={t.skill.name: t.level for t in profile.teaches.all()},
        learns={item.skill.name: item.priority for item in profile.learns.all()},
        capacity=profile.capacity,
        group=profile.team,
        utc_offset_minutes=utc_offset_minutes(profile.timezone),
        languages=frozenset(name.casefold() for name in profile.language_list),
    )


def people_of(profiles: Iterable[Profile]) -> list[Person]:
    return [person_of(p) for p in profiles]
