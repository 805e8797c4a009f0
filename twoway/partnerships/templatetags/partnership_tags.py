"""Template tags for other apps' pages (the growth chart on a profile)."""

from __future__ import annotations

from typing import Any

from django import template

from twoway.partnerships.growth import Growth, growth_of

register = template.Library()


@register.simple_tag(takes_context=True)
def growth_for(context: dict[str, Any], profile: Any) -> Growth:
    """The profile owner's growth. What they logged as learned is shown to themselves only:
    learning entries are private to the partnership."""
    growth = growth_of(profile.user)
    viewer = context.get("user")
    if viewer is None or viewer.pk != profile.user_id:
        return Growth(growth.series, [], 0, growth.start)
    return growth
