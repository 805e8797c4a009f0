"""Template helpers for programs."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import template

from twoway.programs import services

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from twoway.accounts.models import User

register = template.Library()


@register.simple_tag
def shows_programs(user: User | AnonymousUser) -> bool:
    """Whether the top bar links to Programs: managers, participants and would-be managers."""
    if not user.is_authenticated:
        return False
    return services.shows_programs(user)
