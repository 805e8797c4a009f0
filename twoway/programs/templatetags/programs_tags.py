"""Template helpers for programs."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import template

from twoway.programs import services
from twoway.programs.import_words import column_name, said
from twoway.programs.models import Role
from twoway.programs.round_words import seat_words, stage_words, unmatched_words

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


@register.filter
def stage_said(stage: str) -> str:
    """A round's stage (a stored code) in the reader's language."""
    return stage_words(stage)


@register.filter
def report_said(text: str) -> str:
    """An import report's stored sentence (a problem, warning, note) in the reader's language."""
    return said(text)


@register.filter
def seat_said(why: str) -> str:
    """Why a member sits in a proposed circle, in the reader's language."""
    return seat_words(why)


@register.filter
def unmatched_said(row: Any) -> str:
    """Why someone is in no pair or circle (a RoundUnmatched row), in the reader's language."""
    return unmatched_words(row.reason, row.detail)


@register.filter
def column_said(name: str) -> str:
    """One of our import columns (``email``, ``teaches``…) in the reader's language."""
    return column_name(name)


@register.filter
def role_said(value: str) -> str:
    """A role value (``mentor``, ``mentee``, ``either``) as members read it."""
    return str(Role(value).label) if value in Role.values else value
