"""Circle workflows: start, join, leave, meet, log learning, talk; and engine-formed circles.

Privacy: a circle's meetings, learning log and discussion are for its current members only; anyone
else gets 404. An open circle's name, theme and member names are visible to signed-in members so
they can join; a closed circle is invisible to non-members.

Programs hook: :func:`circles_propose` turns profiles into proposed circles with the engine, and
:func:`circles_create` writes accepted proposals as closed circles (see docs/network.md).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, time

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from twoway.accounts.models import User
from twoway.core.errors import Refused, clean_text
from twoway.core.times import local_datetime
from twoway.engine.circles import Circle as EngineCircle
from twoway.engine.circles import form_circles
from twoway.engine.model import MatchConfig
from twoway.network.models import (
    CIRCLE_MAX,
    CIRCLE_MIN,
    Circle,
    CircleLearning,
    CircleMeeting,
    CircleMessage,
    Membership,
)
from twoway.network.services import skill_named
from twoway.notifications.models import Kind
from twoway.notifications.services import notify
from twoway.partnerships.adapter import people_of
from twoway.people.models import Profile, name_of

# Circles' hard rules match suggestions': a shared language, benefit both ways inside.
CIRCLE_CONFIG = MatchConfig(mode="peer")


def circles_visible(*, user: User) -> QuerySet[Circle]:
    """Circles the member may see: theirs, and every open one."""
    mine = Membership.objects.filter(user=user, left_at__isnull=True).values("circle_id")
    return (
        Circle.objects.filter(Q(pk__in=mine) | Q(status=Circle.Status.OPEN))
        .select_related("skill")
        .annotate(seats=Count("memberships", filter=Q(memberships__left_at__isnull=True)))
        .order_by("name", "id")
    )


def circle_get(*, user: User, circle_id: int) -> Circle:
    """A circle the member may see (its overview); 404 otherwise."""
    circle = circles_visible(user=user).filter(pk=circle_id).first()
    if circle is None:
        raise Http404("No such circle.")
    return circle


def circle_for_member(*, user: User, circle_id: int) -> Circle:
    """A circle the user belongs to now: the key to its meetings, log and discussion; else 404."""
    circle = Circle.objects.select_related("skill").filter(pk=circle_id).first()
    if circle is None or not circle.has_member(user):
        raise Http404("No such circle.")
    return circle


def members_of(circle: Circle) -> list[User]:
    return [
        m.user for m in circle.current().select_related("user__profile").order_by("joined_at", "id")
    ]


@transaction.atomic
def circle_create(
    *, user: User, name: str, theme: str = "", skill: str = "", capacity: int = CIRCLE_MAX
) -> Circle:
    """Start an open themed circle; its founder is its first member."""
    name = clean_text(name, "name", limit=100)
    if not CIRCLE_MIN <= int(capacity) <= CIRCLE_MAX:
        raise ValidationError({"capacity": f"A circle holds {CIRCLE_MIN} to {CIRCLE_MAX} members."})
    circle = Circle.objects.create(
        name=name,
        theme=clean_text(theme, "theme", required=False, limit=200),
        skill=skill_named(skill) if skill.strip() else None,
        capacity=int(capacity),
        created_by=user,
    )
    Membership.objects.create(circle=circle, user=user)
    return circle


@transaction.atomic
def circle_join(*, user: User, circle_id: int) -> Circle:
    """Take a seat in an open circle with room. Race-safe: the circle row is locked."""
    circle_get(user=user, circle_id=circle_id)
    circle = Circle.objects.select_for_update().get(pk=circle_id)
    if circle.has_member(user):
        raise Refused("You are already in this circle.", "already_member")
    if not circle.is_open:
        raise Refused(
            "This circle is closed. Ask a member to open it, or start your own.", "circle_closed"
        )
    if circle.current().count() >= circle.capacity:
        raise Refused(
            f"This circle is full ({circle.capacity} members). Try another one.", "circle_full"
        )
    Membership.objects.create(circle=circle, user=user)
    for other in members_of(circle):
        if other.pk != user.pk:
            notify(
                recipient=other,
                kind=Kind.OTHER,
                title=f"{name_of(user)} joined your circle {circle.name}",
                url=circle.get_absolute_url(),
                actor=user,
            )
    return circle


@transaction.atomic
def circle_leave(*, user: User, circle_id: int) -> Circle:
    """Leave a circle. The seat is kept as history: members met at its meetings stay connected."""
    circle = circle_for_member(user=user, circle_id=circle_id)
    circle.current().filter(user=user).update(left_at=timezone.now())
    return circle


@transaction.atomic
def meeting_add(
    *,
    user: User,
    circle_id: int,
    day: date,
    at: time,
    tz: str,
    duration_minutes: int = 60,
    place: str = "",
    agenda: str = "",
) -> CircleMeeting:
    """Schedule a circle meeting in a time zone; every other member is told."""
    circle = circle_for_member(user=user, circle_id=circle_id)
    if not 5 <= int(duration_minutes) <= 480:
        raise ValidationError({"duration_minutes": "A meeting lasts 5 to 480 minutes."})
    meeting = CircleMeeting.objects.create(
        circle=circle,
        starts_at=local_datetime(day, at, tz, field="timezone"),
        timezone=tz,
        duration_minutes=int(duration_minutes),
        place=clean_text(place, "place", required=False, limit=200),
        agenda=clean_text(agenda, "agenda", required=False),
        created_by=user,
    )
    _tell_members(circle, user, f"{circle.name} meets on {meeting.local_start:%a %d %b, %H:%M}")
    return meeting


def _tell_members(circle: Circle, actor: User, title: str) -> None:
    for other in members_of(circle):
        if other.pk != actor.pk:
            notify(
                recipient=other,
                kind=Kind.OTHER,
                title=title,
                url=circle.get_absolute_url(),
                actor=actor,
            )


@transaction.atomic
def learning_add(
    *, user: User, circle_id: int, learned_from: str, text: str, skills: Iterable[str] = ()
) -> CircleLearning:
    """Log what I learned from another member of the circle (named by handle)."""
    circle = circle_for_member(user=user, circle_id=circle_id)
    teacher = next(
        (m for m in members_of(circle) if m.profile.handle == learned_from and m.pk != user.pk),
        None,
    )
    if teacher is None:
        raise ValidationError({"learned_from": "Choose another member of this circle."})
    entry = CircleLearning.objects.create(
        circle=circle, author=user, learned_from=teacher, text=clean_text(text, "text")
    )
    entry.skills.set([skill_named(s) for s in skills if str(s).strip()])
    return entry


@transaction.atomic
def message_add(*, user: User, circle_id: int, text: str) -> CircleMessage:
    circle = circle_for_member(user=user, circle_id=circle_id)
    return CircleMessage.objects.create(circle=circle, author=user, text=clean_text(text, "text"))


# ---------------------------------------------------------------------------------------------
# Engine-formed circles (the hook programs call)


@dataclass(frozen=True)
class ProposedCircle:
    """A circle the engine proposes: member profiles, score, balance and one line per member."""

    profiles: list[Profile]
    score: float
    percent: float
    balance: float
    why: list[str]


def circles_propose(
    *,
    profiles: Sequence[Profile],
    config: MatchConfig = CIRCLE_CONFIG,
    size_min: int = 3,
    size_max: int = 6,
    target_size: int = 4,
) -> list[ProposedCircle]:
    """Propose circles among these profiles (load them with ``.with_skills()``). Writes nothing.

    Each profile is in at most one proposed circle; ``config`` carries the hard rules (language,
    group exclusion, forbidden pairs) and the seed.
    """
    by_id = {str(p.user_id): p for p in profiles}
    result = form_circles(
        people_of(profiles), config, size_min=size_min, size_max=size_max, target_size=target_size
    )
    return [_proposal(c, by_id) for c in result.circles]


def _proposal(circle: EngineCircle, by_id: dict[str, Profile]) -> ProposedCircle:
    return ProposedCircle(
        profiles=[by_id[pid] for pid in circle.members],
        score=circle.score,
        percent=circle.percent,
        balance=circle.balance,
        why=[role.why for role in circle.roles],
    )


@transaction.atomic
def circles_create(*, proposals: Sequence[ProposedCircle], name_prefix: str) -> list[Circle]:
    """Write proposals as closed, engine-formed circles and tell their members."""
    made = []
    for number, proposal in enumerate(proposals, start=1):
        circle = Circle.objects.create(
            name=f"{name_prefix} · circle {number}",
            capacity=max(CIRCLE_MIN, min(CIRCLE_MAX, len(proposal.profiles))),
            status=Circle.Status.CLOSED,
            source=Circle.Source.ENGINE,
            why="\n".join(proposal.why),
        )
        Membership.objects.bulk_create(
            Membership(circle=circle, user_id=p.user_id) for p in proposal.profiles
        )
        for profile in proposal.profiles:
            notify(
                recipient=profile.user,
                kind=Kind.OTHER,
                title=f"You are in a new circle: {circle.name}",
                url=circle.get_absolute_url(),
            )
        made.append(circle)
    return made


def open_members(*, exclude_in_circles: bool = True) -> QuerySet[Profile]:
    """Complete profiles open to partners (and, by default, in no circle now)."""
    profiles = Profile.objects.complete().filter(open_to_partners=True)
    if exclude_in_circles:
        busy = Membership.objects.filter(left_at__isnull=True).values("user_id")
        profiles = profiles.exclude(user_id__in=busy)
    return profiles.select_related("user").with_skills().order_by("user_id")
