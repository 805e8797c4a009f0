"""Template helpers for programs."""

from __future__ import annotations

from typing import Any

from django import template

from twoway.programs.services import can_create_programs

register = template.Library()


@register.simple_tag
def shows_programs(user: Any) -> bool:
    """Whether the top bar links to Programs: managers, participants and would-be managers."""
    if not user.is_authenticated:
        return False
    return can_create_programs(user) or user.managed_programs.exists() or user.enrolments.exists()
