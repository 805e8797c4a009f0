"""``{{ skill|skill_label }}``: a skill's name in the reader's language (see people/skill_names.py).

Takes a Skill or a canonical name (as the engine's suggestions and rounds hand them back).
"""

from __future__ import annotations

from typing import Any

from django import template

from twoway.people.skill_names import label_of

register = template.Library()


@register.filter
def skill_label(skill: Any) -> str:
    return label_of(skill) if skill else ""
