"""``{% when value %}``: a date or a time in the house format, in the reader's time zone.

    {% load when %}
    {% when post.published_at "day" %}    → Tue 3 Mar 2026
    {% when session.starts_at %}          → Tue 3 Mar 2026, 14:30 CET
    {% when r.expires_at "day" as until %} (then {{ until }})

The reader is the context's ``reader`` when a template sets one (an email to a member), else the
signed-in member; a visitor reads times in the site's ``TIME_ZONE``. Wrap it in
``<time datetime="{{ value|date:'c' }}">`` where a machine-readable instant helps.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django import template

from twoway.core.times import reader_zone
from twoway.core.times import when as house_format

register = template.Library()
STYLES = {"": False, "day": True}


def _reader(context: template.Context) -> Any:
    if context.get("reader") is not None:
        return context["reader"]
    request = context.get("request")
    return getattr(request, "user", None) or context.get("user")


@register.simple_tag(takes_context=True)
def when(context: template.Context, value: datetime | date | None, style: str = "") -> str:
    """``value`` as "Tue 3 Mar 2026, 14:30 CET", or with ``"day"`` as "Tue 3 Mar 2026"."""
    if style not in STYLES:
        raise template.TemplateSyntaxError(f'when takes "day" or nothing, not "{style}"')
    return house_format(value, reader_zone(_reader(context)), day_only=STYLES[style])
