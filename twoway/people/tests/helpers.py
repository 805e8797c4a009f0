"""Test helpers: build complete profiles through the same services the site uses."""

from __future__ import annotations

from typing import Any

from twoway.people.models import Profile
from twoway.people.services import learning_set, profile_ensure, profile_update, teaching_set


def make_complete(
    user: Any,
    *,
    teaches: dict[str, int] | None = None,
    learns: dict[str, int] | None = None,
    **fields: Any,
) -> Profile:
    """Give a user a complete profile (English, one skill each way unless told otherwise)."""
    profile = profile_ensure(user=user)
    profile_update(profile=profile, **{"languages": "English", **fields})
    for skill, level in (teaches or {"Python": 4}).items():
        teaching_set(profile=profile, skill_text=skill, level=level)
    for skill, priority in (learns or {"Figma": 3}).items():
        learning_set(profile=profile, skill_text=skill, priority=priority)
    return profile
