"""The circle queue: members ask to be placed in a circle; a periodic job forms circles among them.

A member joins the queue (optional themes: skills they'd like the circle to be about; optional
preferred size 3–6), sees since when they wait and why the last try could not place them, and may
leave. :func:`queue_place` (the periodic job ``network.circle_queue``) runs the engine's circles
mode over everyone waiting with a complete profile, writes the circles with
:func:`twoway.network.circles.circles_write` (the one writer the admin command uses too), marks the
placed members' rows placed and tells them; the others keep waiting with the engine's reason.

Concurrency: a run locks the queue's ``CircleQueueRun`` row and the waiting rows first, then
re-reads them, all in one transaction, so two workers never place anyone twice; a member who
leaves while a run holds the lock waits for it, then finds they were placed (or still waiting).
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from twoway.accounts.models import User
from twoway.core.errors import Refused
from twoway.network.circles import (
    CircleDraft,
    ProposedCircle,
    circle_size_error,
    circles_form,
    circles_write,
)
from twoway.network.models import CIRCLE_MAX, CIRCLE_MIN, Circle, CircleQueueRun, CircleWait
from twoway.network.services import skill_named
from twoway.people.models import Profile, Skill

QUEUE = "members"
MAX_THEMES = 5
DAILY = timedelta(days=1)
INCOMPLETE = _(
    "Your profile needs a skill to teach, one to learn and a language before you can be placed."
)

# The engine's reasons (twoway.engine.circles), told to the member waiting. A wait keeps the
# code and, for the API, the English sentence; pages show the sentence in the reader's language.
REASONS = {
    "capacity": _("Your profile takes no partners now (capacity 0); raise it to be placed."),
    "nobody_teaches_their_wants": _("Nobody waiting teaches what you want to learn yet."),
    "nobody_wants_their_skills": _("Nobody waiting wants to learn what you teach yet."),
    "constraints": _("Everyone who fits is ruled out, most often by not sharing a language."),
    "no_two_way_partner": _(
        "No circle could be formed in which you and everyone else both learn and teach."
    ),
    "profile_incomplete": INCOMPLETE,
}


@dataclass(frozen=True)
class QueueStatus:
    """What a member sees of the queue: their waiting row (or None) and their latest circle
    from the queue."""

    wait: CircleWait | None
    placed: CircleWait | None

    @property
    def themes(self) -> str:
        """The skills the member asked the circle to be about, as one list."""
        return ", ".join(s.name for s in self.wait.themes.all()) if self.wait else ""

    @property
    def detail(self) -> str:
        """Why the last try could not place the member, in the reader's language."""
        if self.wait is None:
            return ""
        reason = REASONS.get(self.wait.reason)
        return str(reason) if reason is not None else self.wait.detail


def queue_status(*, user: User) -> QueueStatus:
    """The member's own place in the queue; nobody else's is ever read here."""
    rows = CircleWait.objects.filter(user=user).select_related("circle").prefetch_related("themes")
    wait = rows.filter(status=CircleWait.Status.WAITING).first()
    placed = rows.filter(status=CircleWait.Status.PLACED, circle__isnull=False).last()
    return QueueStatus(wait=wait, placed=placed)


def _themes(texts: Sequence[str]) -> list[Skill]:
    texts = [t for t in texts if str(t).strip()]
    if len(texts) > MAX_THEMES:
        message = ngettext("Choose up to %(n)d theme.", "Choose up to %(n)d themes.", MAX_THEMES)
        raise ValidationError({"themes": message % {"n": MAX_THEMES}})
    found: dict[int, Skill] = {}
    for text in texts:
        try:
            skill = skill_named(text)
        except ValidationError as exc:
            raise ValidationError({"themes": exc.messages}) from None
        found[skill.pk] = skill
    return list(found.values())


def _size(size: int | None) -> int | None:
    if size is None:
        return None
    if not CIRCLE_MIN <= int(size) <= CIRCLE_MAX:
        raise ValidationError({"size": circle_size_error()})
    return int(size)


def _may_wait(user: User) -> None:
    if not Profile.objects.complete().filter(user=user).exists():
        message = gettext(
            "Your profile needs a skill to teach, one to learn and a language before you can be "
            "placed. Complete your profile first."
        )
        raise Refused(message, "profile_incomplete")
    limit = settings.CIRCLE_QUEUE_MAX_CIRCLES
    if limit and Circle.objects.of_member(user).count() >= limit:
        message = ngettext(
            "You are already in %(n)d circle, the most one member can be in. Leave it to ask "
            "for another.",
            "You are already in %(n)d circles, the most one member can be in. Leave one to ask "
            "for another.",
            limit,
        )
        raise Refused(message % {"n": limit}, "too_many_circles")


@transaction.atomic
def queue_join(*, user: User, themes: Sequence[str] = (), size: int | None = None) -> CircleWait:
    """Ask to be placed in a circle. Refused when already waiting, at the circle limit, or with
    an incomplete profile; unknown theme skills and sizes outside 3–6 are input errors."""
    skills, size = _themes(themes), _size(size)
    _may_wait(user)
    try:
        with transaction.atomic():
            wait = CircleWait.objects.create(user=user, size=size)
    except IntegrityError:
        raise Refused(
            gettext(
                "You are already waiting for a circle. Leave the queue first to change your wishes."
            ),
            "already_waiting",
        ) from None
    wait.themes.set(skills)
    return wait


@transaction.atomic
def queue_leave(*, user: User) -> CircleWait | None:
    """Leave the queue; the row stays as history. Nothing happens when not waiting."""
    wait = CircleWait.objects.select_for_update().filter(user=user).waiting().first()
    if wait is None:
        return None
    wait.status, wait.ended_at = CircleWait.Status.LEFT, timezone.now()
    wait.save(update_fields=["status", "ended_at"])
    return wait


# ---------------------------------------------------------------------------------------------
# The periodic job


@dataclass(frozen=True)
class QueueRun:
    ran: bool
    waiting: int = 0
    placed: int = 0
    circles: list[Circle] | None = None


def queue_due(run: CircleQueueRun, waits: Sequence[CircleWait], now: datetime) -> bool:
    """Run when enough people wait and someone joined since the last run, or once a day for
    whoever waits (a lone member hears why they can't be placed yet)."""
    if not waits:
        return False
    if run.last_run_at is None or now - run.last_run_at >= DAILY:
        return True
    fresh = any(w.created_at > run.last_run_at for w in waits)
    return fresh and len(waits) >= settings.CIRCLE_QUEUE_MIN_WAITING


def queue_place(*, now: datetime | None = None, force: bool = False) -> QueueRun:
    """Form circles among the waiting members when due (or ``force``); see the module doc."""
    now = now or timezone.now()
    with transaction.atomic():
        run = _lock_run()
        waits = list(
            CircleWait.objects.select_for_update()
            .waiting()
            .order_by("user_id")
            .prefetch_related(Prefetch("themes", queryset=Skill.objects.order_by("name")))
        )
        if not (force or queue_due(run, waits, now)):
            return QueueRun(ran=False, waiting=len(waits))
        made, placed = _place(waits, now)
        run.last_run_at, run.waiting, run.placed, run.circles = now, len(waits), placed, len(made)
        run.save()
    return QueueRun(ran=True, waiting=len(waits), placed=placed, circles=made)


def _lock_run() -> CircleQueueRun:
    try:
        with transaction.atomic():
            CircleQueueRun.objects.get_or_create(name=QUEUE)
    except IntegrityError:
        pass  # another worker created it first
    return CircleQueueRun.objects.select_for_update().get(name=QUEUE)


def _place(waits: list[CircleWait], now: datetime) -> tuple[list[Circle], int]:
    by_user = {w.user_id: w for w in waits}
    profiles = list(
        Profile.objects.complete()
        .filter(user_id__in=by_user)
        .select_related("user")
        .with_skills()
        .order_by("user_id")
    )
    found = circles_form(
        profiles=profiles,
        target_size=_target(waits),
        themes={w.user_id: [s.name for s in w.themes.all()] for w in waits},
    )
    drafts = [_draft(c, [by_user[p.user_id] for p in c.profiles]) for c in found.circles]
    made = circles_write(
        drafts=drafts, note=_("Formed from the circle queue: say hello and agree when to meet.")
    )
    for circle, proposal in zip(made, found.circles, strict=True):
        ids = [p.user_id for p in proposal.profiles]
        CircleWait.objects.filter(pk__in=[by_user[u].pk for u in ids]).update(
            status=CircleWait.Status.PLACED, circle=circle, ended_at=now, tried_at=now
        )
    for left in found.left:
        _not_yet(by_user[left.profile.user_id], left.reason, left.detail, now)
    complete = {p.user_id for p in profiles}
    for wait in waits:
        if wait.user_id not in complete:
            _not_yet(wait, "profile_incomplete", "", now)
    return made, sum(len(c.profiles) for c in found.circles)


def _not_yet(wait: CircleWait, reason: str, detail: str, now: datetime) -> None:
    # Kept in English (the site's source language) for the API; pages translate the reason.
    with translation.override("en"):
        shown = str(REASONS.get(reason, detail))[:300]
    wait.reason, wait.detail, wait.tried_at = reason, shown, now
    wait.save(update_fields=["reason", "detail", "tried_at"])


def _target(waits: Sequence[CircleWait]) -> int:
    """The median of the preferred sizes given (4 when nobody says)."""
    sizes = [w.size for w in waits if w.size]
    return round(statistics.median(sizes)) if sizes else 4


def _draft(proposal: ProposedCircle, waits: list[CircleWait]) -> CircleDraft:
    """Name the circle for the skills that flow in it, the ones its members asked for first."""
    asked = Counter(s.name for w in waits for s in w.themes.all())
    order = {name: i for i, name in enumerate(proposal.skills)}
    about = sorted(proposal.skills, key=lambda name: (-asked[name], order[name]))[:3]
    return CircleDraft(
        name=" · ".join(about) + " circle" if about else "Peer circle",
        user_ids=[w.user_id for w in waits],
        why="\n".join(proposal.why),
        theme=f"Formed from the circle queue, about {', '.join(about)}." if about else "",
        skill=Skill.objects.filter(name=about[0]).first() if about else None,
    )
