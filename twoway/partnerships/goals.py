"""Goals both ways: what each partner wants to learn from the other, with its progress.

Every function takes the acting member and a partnership they are in (callers fetch it with
:func:`twoway.partnerships.services.partnership_get`, which 404s for outsiders). Writes need an
active partnership.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext

from twoway.accounts.models import User
from twoway.core.errors import clean_text
from twoway.partnerships.models import Goal, Partnership
from twoway.partnerships.services import require_active, unknown_skill
from twoway.people.services import skill_find


@transaction.atomic
def goal_add(*, user: User, partnership: Partnership, text: str, skill: str = "") -> Goal:
    """A goal for what ``user`` wants to learn from their partner (its owner is the learner)."""
    require_active(partnership)
    text = clean_text(text, "text", limit=300)
    found = skill_find(skill.strip()) if skill.strip() else None
    if skill.strip() and found is None:
        raise ValidationError({"skill": unknown_skill(skill.strip())})
    return Goal.objects.create(partnership=partnership, owner=user, text=text, skill=found)


def goal_get(*, user: User, goal_id: int) -> Goal:
    goal = Goal.objects.select_related("partnership").filter(pk=goal_id).first()
    if goal is None or not goal.partnership.has_member(user):
        raise Http404("No such goal.")
    return goal


@transaction.atomic
def goal_update(
    *,
    user: User,
    goal: Goal,
    progress: int | None = None,
    done: bool | None = None,
    text: str | None = None,
) -> Goal:
    """Change a goal's progress (0–100), done flag or text. Only its owner may."""
    if goal.owner_id != user.pk:
        raise PermissionDenied(gettext("Only the partner who set this goal can change it."))
    require_active(goal.partnership)
    if progress is not None:
        if not isinstance(progress, int) or not 0 <= progress <= 100:
            raise ValidationError({"progress": gettext("Progress is a percentage from 0 to 100.")})
        goal.progress = progress
    if done is not None:
        goal.done = done
        goal.progress = 100 if done else goal.progress
    if text is not None:
        goal.text = clean_text(text, "text", limit=300)
    goal.save(update_fields=["progress", "done", "text"])
    return goal
