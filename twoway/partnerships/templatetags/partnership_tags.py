"""Template tags for other apps' pages (the growth chart on a profile)."""

from __future__ import annotations

from typing import Any

from django import template

from twoway.core.times import reader_zone
from twoway.partnerships.growth import Growth, growth_of

register = template.Library()


@register.simple_tag(takes_context=True)
def growth_for(context: dict[str, Any], profile: Any) -> Growth:
    """The profile owner's growth. What they logged as learned is shown to themselves only:
    learning entries are private to the partnership."""
    viewer = context.get("user")
    own = viewer is not None and viewer.pk == profile.user_id
    return growth_of(profile.user, reader_zone(viewer), learning=own)
