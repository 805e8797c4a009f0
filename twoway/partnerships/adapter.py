"""The one adapter between profiles in the database and the engine's plain ``Person``.

:func:`engine_person` holds the rule for how a profile becomes a ``Person``; both loaders call
it, so the rule lives in one place:

- :func:`person_of` / :func:`people_of` for profiles loaded with
  ``Profile.objects.with_skills()`` (prefetched teach and learn lists): suggestions, circles, a
  pair added by hand;
- :func:`cohort_people` for whole cohorts (match rounds): three flat queries and no model
  instances, so 10,000 participants load in about a second, not fifteen.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Iterable, Mapping
from datetime import datetime
from functools import lru_cache
from typing import Any

from django.db.models import QuerySet

from twoway.engine.model import MatchConfig, Person
from twoway.people.models import Learning, Profile, Teaching, split_languages

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


def engine_person(
    *,
    user_id: int,
    display_name: str,
    capacity: int,
    team: str,
    timezone: str,
    languages: str,
    teaches: Mapping[str, int],
    learns: Mapping[str, int],
) -> Person:
    """A profile's stored values as the engine sees them: id = user id, skills by catalogue
    name ({name: level} taught, {name: priority} wanted), team as the group, the timezone as
    today's UTC offset, languages compared ignoring case."""
    return Person(
        id=str(user_id),
        name=display_name,
        teaches=teaches,
        learns=learns,
        capacity=capacity,
        group=team,
        utc_offset_minutes=utc_offset_minutes(timezone),
        languages=frozenset(name.casefold() for name in split_languages(languages)),
    )


def person_of(profile: Profile) -> Person:
    """One profile loaded with ``Profile.objects.with_skills()`` as an engine person."""
    return engine_person(
        user_id=profile.user_id,
        display_name=profile.display_name,
        capacity=profile.capacity,
        team=profile.team,
        timezone=profile.timezone,
        languages=profile.languages,
        teaches={t.skill.name: t.level for t in profile.teaches.all()},
        learns={item.skill.name: item.priority for item in profile.learns.all()},
    )


def people_of(profiles: Iterable[Profile]) -> list[Person]:
    return [person_of(p) for p in profiles]


PERSON_FIELDS = ("user_id", "display_name", "capacity", "team", "timezone", "languages")


def cohort_people(profiles: QuerySet[Profile]) -> list[Person]:
    """Every profile in ``profiles`` as an engine person, in the queryset's order, read with
    three flat queries whatever the number of people (no model instances, no prefetching)."""
    ids = profiles.values("id")
    teaches = _numbers_by_profile(Teaching.objects.filter(profile_id__in=ids), "level")
    learns = _numbers_by_profile(Learning.objects.filter(profile_id__in=ids), "priority")
    people = []
    for pid, *values in profiles.values_list("id", *PERSON_FIELDS):
        fields = dict(zip(PERSON_FIELDS, values, strict=True))
        people.append(
            engine_person(**fields, teaches=teaches.get(pid, {}), learns=learns.get(pid, {}))
        )
    return people


def _numbers_by_profile(rows: QuerySet[Any], number: str) -> dict[int, dict[str, int]]:
    found: dict[int, dict[str, int]] = {}
    for pid, name, value in rows.values_list("profile_id", "skill__name", number):
        found.setdefault(pid, {})[name] = value
    return found
