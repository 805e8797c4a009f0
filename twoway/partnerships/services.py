"""Partnership workflows: reading one, the agreement, ending, feedback, skill levels, the feed.

Web views and the API call these functions, so each rule holds however it is reached. Refusals:

- ``Http404`` when the caller is not one of the pair: we never confirm that someone else's request
  or partnership exists.
- ``PermissionDenied`` when the caller is in the pair but it is the other member's move (Alice
  cannot accept her own request) or their email is unverified.
- ``Refused`` (HTTP 409) when the state forbids it: already answered, expired, ended, at capacity.
- ``ValidationError`` for bad input, naming the field.

The helpers the other workflow modules share live here too (``skills_named``, ``active_count``,
``tell``, ``require_active``). Requests live in :mod:`twoway.partnerships.requests`; goals,
sessions and the learning log in :mod:`~twoway.partnerships.goals`,
:mod:`~twoway.partnerships.sessions` and :mod:`~twoway.partnerships.learning`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext

from twoway.accounts.models import User
from twoway.core.errors import Refused, clean_text
from twoway.notifications.models import Kind
from twoway.notifications.services import Text, notify
from twoway.partnerships.models import Feedback, LevelChange, Partnership, new_feed_token
from twoway.people.models import Skill, Teaching, name_of
from twoway.people.services import profile_ensure, skill_find, teaching_set


def skills_named(texts: Iterable[str], field: str) -> list[Skill]:
    """Existing skills named by slug, name or alias; an unknown one is refused, naming it."""
    found = []
    for text in texts:
        if not str(text).strip():
            continue
        skill = skill_find(str(text).strip())
        if skill is None:
            raise ValidationError({field: unknown_skill(str(text))})
        found.append(skill)
    return list(dict.fromkeys(found))


def unknown_skill(text: str) -> str:
    """The refusal of a skill nobody has listed, naming it as typed."""
    return gettext("We don't know the skill “%(skill)s”. Check the spelling.") % {"skill": text}


def active_count(user: User | int) -> int:
    """How many active partnerships the member has now."""
    user_id = user if isinstance(user, int) else user.pk
    return (
        Partnership.objects.filter(status=Partnership.Status.ACTIVE)
        .filter(Q(member_low_id=user_id) | Q(member_high_id=user_id))
        .count()
    )


def tell(
    recipient: User,
    kind: str,
    title: Text,
    body: Text,
    url: str,
    actor: User | None,
    dedupe_key: str,
) -> None:
    """Notify ``recipient`` (the workflows' positional shorthand for ``notify``). ``title`` and
    ``body`` may be functions (``lambda: gettext(...) % {...}``): notify writes them in the
    recipient's language."""
    notify(
        recipient=recipient,
        kind=kind,
        title=title,
        body=body,
        url=url,
        actor=actor,
        dedupe_key=dedupe_key,
    )


# ---------------------------------------------------------------------------------------------
# Partnerships: reading, the agreement, ending, feedback, levels


def partnership_get(*, user: User, partnership_id: int) -> Partnership:
    """A partnership the member is in; 404 for everyone else (its existence stays private)."""
    found: Partnership | None = (
        Partnership.objects.involving(user)
        .select_related("member_low__profile", "member_high__profile")
        .filter(pk=partnership_id)
        .first()
    )
    if found is None:
        raise Http404("No such partnership.")
    return found


def partnerships_for(*, user: User) -> list[Partnership]:
    """The member's partnerships, active ones first."""
    rows = Partnership.objects.involving(user).select_related(
        "member_low__profile", "member_high__profile"
    )
    return sorted(rows, key=lambda p: (not p.is_active, -p.started_at.timestamp()))


def require_active(partnership: Partnership) -> None:
    """Refuse unless the partnership is active now (read fresh: the caller's copy may be old)."""
    _refresh_status(partnership)
    if not partnership.is_active:
        raise Refused(_closed_words(partnership), "not_active")


def _closed_words(partnership: Partnership) -> str:
    if partnership.status == Partnership.Status.ENDED:
        return gettext("This partnership has ended early; it can't be changed any more.")
    return gettext("This partnership has completed; it can't be changed any more.")


@transaction.atomic
def agreement_update(
    *,
    user: User,
    partnership: Partnership,
    cadence: str | None = None,
    planned_end: Any = None,
    expectations: str | None = None,
) -> Partnership:
    """Change the cadence, planned end date or expectations (either partner, while active)."""
    original, partnership = partnership, _locked(user, partnership)
    require_active(partnership)
    if cadence is not None:
        if cadence not in Partnership.Cadence.values:
            choices = ", ".join(Partnership.Cadence.values)
            raise ValidationError(
                {"cadence": gettext("Pick one of: %(choices)s.") % {"choices": choices}}
            )
        partnership.cadence = cadence
    if planned_end is not None:
        if planned_end < partnership.started_at.date():
            raise ValidationError(
                {"planned_end": gettext("The end date can't be before the start.")}
            )
        partnership.planned_end = planned_end
    if expectations is not None:
        partnership.expectations = clean_text(expectations, "expectations", required=False)
    fields = ["cadence", "planned_end", "expectations"]
    partnership.save(update_fields=fields)
    return _copy(partnership, original, fields)


def _refresh_status(partnership: Partnership) -> None:
    partnership.status = (
        Partnership.objects.filter(pk=partnership.pk).values_list("status", flat=True).get()
    )


def _copy(source: Partnership, target: Partnership, fields: list[str]) -> Partnership:
    """Keep the caller's instance in step with what was saved from the locked copy."""
    for name in fields:
        setattr(target, name, getattr(source, name))
    return target


def _locked(user: User, partnership: Partnership) -> Partnership:
    locked: Partnership = Partnership.objects.select_for_update().get(pk=partnership.pk)
    if not locked.has_member(user):
        raise Http404("No such partnership.")
    return locked


@transaction.atomic
def partnership_end(
    *, user: User, partnership: Partnership, early: bool = False, reason: str = ""
) -> Partnership:
    """Complete the partnership, or end it early with a reason. Either partner may.

    Sessions still scheduled are cancelled; the partner is told.
    """
    original, partnership = partnership, _locked(user, partnership)
    require_active(partnership)
    reason = clean_text(reason, "reason", required=early, limit=300)
    partnership.status = Partnership.Status.ENDED if early else Partnership.Status.COMPLETED
    partnership.ended_at = timezone.now()
    partnership.ended_by = user
    partnership.end_reason = reason
    fields = ["status", "ended_at", "ended_by", "end_reason"]
    partnership.save(update_fields=fields)
    _copy(partnership, original, fields)
    partnership.sessions.filter(status="scheduled").update(status="cancelled")
    name = name_of(user)

    def title() -> str:
        if early:
            return gettext("%(name)s ended your partnership early") % {"name": name}
        return gettext("%(name)s marked your partnership complete") % {"name": name}

    def body() -> str:
        ask = gettext("Share your feedback and update your skill levels.")
        return f"{reason}\n\n{ask}" if reason else ask

    tell(
        partnership.partner_of(user),
        Kind.PARTNERSHIP_ENDED,
        title,
        body,
        partnership.get_absolute_url(),
        user,
        f"partnership:{partnership.pk}:ended",
    )
    return original


def feedback_give(
    *,
    user: User,
    partnership: Partnership,
    rating: int,
    text: str = "",
    managers_only: bool = False,
) -> Feedback:
    """Each partner gives feedback once, after the partnership has ended."""
    _refresh_status(partnership)
    if partnership.is_active:
        raise Refused(
            gettext("Feedback opens when the partnership is complete or ended."), "still_active"
        )
    if not isinstance(rating, int) or not 1 <= rating <= 5:
        raise ValidationError({"rating": gettext("Rate from 1 (poor) to 5 (excellent).")})
    text = clean_text(text, "text", required=False)
    if Feedback.objects.filter(partnership=partnership, author=user).exists():
        raise Refused(
            gettext("You have already given feedback on this partnership."), "already_given"
        )
    try:
        with transaction.atomic():
            return Feedback.objects.create(
                partnership=partnership,
                author=user,
                rating=rating,
                text=text,
                managers_only=managers_only,
            )
    except IntegrityError:
        raise Refused(
            gettext("You have already given feedback on this partnership."), "already_given"
        ) from None


def feedback_visible(*, user: User, partnership: Partnership) -> list[Feedback]:
    """Feedback the member may read: their own, and their partner's unless kept for managers."""
    return [
        f
        for f in partnership.feedback.select_related("author__profile")
        if f.author_id == user.pk or not f.managers_only
    ]


@transaction.atomic
def level_update(
    *, user: User, skill_text: str, level: int, partnership: Partnership | None = None
) -> LevelChange | None:
    """Set the member's teaching level in a skill and record the change for growth charts.

    Returns None when the level didn't change. ``partnership`` (theirs) records where it grew.
    """
    if partnership is not None and not partnership.has_member(user):
        raise Http404("No such partnership.")
    profile = profile_ensure(user=user)
    skill = skill_find(skill_text)
    old = 0
    if skill is not None:
        row = Teaching.objects.filter(profile=profile, skill=skill).first()
        old = row.level if row else 0
    teaching, _ = teaching_set(profile=profile, skill_text=skill_text, level=level)
    if old == level:
        return None
    return LevelChange.objects.create(
        user=user, skill=teaching.skill, old=old, new=level, partnership=partnership
    )


@transaction.atomic
def feed_token_regenerate(*, user: User, partnership: Partnership) -> Partnership:
    """A new secret calendar address; the old one stops working at once."""
    locked = _locked(user, partnership)
    locked.feed_token = new_feed_token()
    locked.save(update_fields=["feed_token"])
    return _copy(locked, partnership, ["feed_token"])
