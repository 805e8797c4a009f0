"""Circle workflows: start, join, leave, meet, log learning; and engine-formed circles.

A circle's messages are the conversations app's (one thread per circle, docs/messages.md).

Privacy: a circle's meetings, learning log and messages are for its current members only; anyone
else gets 404. An open circle's name, theme and member names are visible to signed-in members so
they can join; a closed circle is invisible to non-members.

Programs hook: :func:`circles_propose` turns profiles into proposed circles with the engine, and
:func:`circles_create` writes accepted proposals as closed circles (see docs/network.md).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, time

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext

from twoway.accounts.models import User
from twoway.core.errors import Refused, clean_text
from twoway.core.i18n import speaking_to
from twoway.core.times import local_datetime, when_for
from twoway.engine.circles import Circle as EngineCircle
from twoway.engine.circles import form_circles
from twoway.engine.model import MatchConfig, Person
from twoway.network.models import (
    CIRCLE_MAX,
    CIRCLE_MIN,
    Circle,
    CircleLearning,
    CircleMeeting,
    Membership,
)
from twoway.network.services import skill_named
from twoway.notifications.models import Kind
from twoway.notifications.services import notify
from twoway.partnerships.adapter import people_of
from twoway.people.models import MAX_PRIORITY, Profile, Skill, name_of

# Circles' hard rules match suggestions': a shared language, benefit both ways inside.
CIRCLE_CONFIG = MatchConfig(mode="peer")


def circle_size_error() -> str:
    """The refusal of a circle size outside ``CIRCLE_MIN``–``CIRCLE_MAX``."""
    return gettext("A circle holds %(min)d to %(max)d members.") % {
        "min": CIRCLE_MIN,
        "max": CIRCLE_MAX,
    }


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
        raise Http404(gettext("No such circle."))
    return circle


def circle_for_member(*, user: User, circle_id: int) -> Circle:
    """A circle the user belongs to now: the key to its meetings, log and messages; else 404."""
    circle = Circle.objects.select_related("skill").filter(pk=circle_id).first()
    if circle is None or not circle.has_member(user):
        raise Http404(gettext("No such circle."))
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
        raise ValidationError({"capacity": circle_size_error()})
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
        raise Refused(gettext("You are already in this circle."), "already_member")
    if not circle.is_open:
        raise Refused(
            gettext("This circle is closed. Ask a member to open it, or start your own."),
            "circle_closed",
        )
    if circle.current().count() >= circle.capacity:
        message = gettext("This circle is full (%(n)d members). Try another one.")
        raise Refused(message % {"n": circle.capacity}, "circle_full")
    Membership.objects.create(circle=circle, user=user)
    _tell_members(
        circle,
        user,
        lambda reader: (
            gettext("%(name)s joined your circle %(circle)s")
            % {"name": name_of(user), "circle": circle.name}
        ),
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
        raise ValidationError({"duration_minutes": gettext("A meeting lasts 5 to 480 minutes.")})
    meeting = CircleMeeting.objects.create(
        circle=circle,
        starts_at=local_datetime(day, at, tz, field="timezone"),
        timezone=tz,
        duration_minutes=int(duration_minutes),
        place=clean_text(place, "place", required=False, limit=200),
        agenda=clean_text(agenda, "agenda", required=False),
        created_by=user,
    )
    _tell_members(
        circle,
        user,
        lambda reader: (
            gettext("%(circle)s meets on %(when)s")
            % {"circle": circle.name, "when": when_for(meeting.starts_at, reader)}
        ),
    )
    return meeting


def _tell_members(circle: Circle, actor: User, title: Callable[[User], str]) -> None:
    """Tell every other member; ``title`` is written for each reader (their language, times in
    their zone)."""
    for other in members_of(circle):
        if other.pk != actor.pk:
            with speaking_to(other):
                notify(
                    recipient=other,
                    kind=Kind.OTHER,
                    title=title(other),
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
        raise ValidationError({"learned_from": gettext("Choose another member of this circle.")})
    entry = CircleLearning.objects.create(
        circle=circle, author=user, learned_from=teacher, text=clean_text(text, "text")
    )
    entry.skills.set([skill_named(s) for s in skills if str(s).strip()])
    return entry


# ---------------------------------------------------------------------------------------------
# Engine-formed circles: one path for the admin command, the circle queue and programs


@dataclass(frozen=True)
class ProposedCircle:
    """A circle the engine proposes: member profiles, score, balance and one line per member;
    ``skills`` are the skills that flow inside it, the most shared first."""

    profiles: list[Profile]
    score: float
    percent: float
    balance: float
    why: list[str]
    skills: tuple[str, ...] = ()


@dataclass(frozen=True)
class LeftOut:
    """Someone the engine could not place, with its reason code and a sentence."""

    profile: Profile
    reason: str
    detail: str


@dataclass(frozen=True)
class Formation:
    circles: list[ProposedCircle]
    left: list[LeftOut]


@dataclass(frozen=True)
class CircleDraft:
    """A circle to write: its members (user ids), name, and what the engine said about it."""

    name: str
    user_ids: list[int]
    why: str = ""
    theme: str = ""
    skill: Skill | None = None


def circles_form(
    *,
    profiles: Sequence[Profile],
    config: MatchConfig = CIRCLE_CONFIG,
    size_min: int = CIRCLE_MIN,
    size_max: int = CIRCLE_MAX,
    target_size: int = 4,
    themes: Mapping[int, Sequence[str]] | None = None,
) -> Formation:
    """Run the engine's circles mode over these profiles (loaded with ``.with_skills()``).
    Writes nothing. Each profile is in at most one circle; ``config`` carries the hard rules
    and the seed. ``themes`` (user id → skill names) makes each theme a top-priority want of
    that member unless they teach it, so circles form around the skills people asked for."""
    by_id = {str(p.user_id): p for p in profiles}
    people = [
        _themed(person, (themes or {}).get(int(person.id), ())) for person in people_of(profiles)
    ]
    result = form_circles(
        people, config, size_min=size_min, size_max=size_max, target_size=target_size
    )
    return Formation(
        circles=[_proposal(c, by_id) for c in result.circles],
        left=[LeftOut(by_id[u.id], u.reason, u.detail) for u in result.unmatched],
    )


def _themed(person: Person, themes: Sequence[str]) -> Person:
    wants = dict(person.learns)
    for skill in themes:
        if skill not in person.teaches:
            wants[skill] = MAX_PRIORITY
    return replace(person, learns=wants) if wants != dict(person.learns) else person


def circles_propose(
    *,
    profiles: Sequence[Profile],
    config: MatchConfig = CIRCLE_CONFIG,
    size_min: int = CIRCLE_MIN,
    size_max: int = CIRCLE_MAX,
    target_size: int = 4,
) -> list[ProposedCircle]:
    """The circles :func:`circles_form` proposes, without who was left out."""
    found = circles_form(
        profiles=profiles,
        config=config,
        size_min=size_min,
        size_max=size_max,
        target_size=target_size,
    )
    return found.circles


def _proposal(circle: EngineCircle, by_id: dict[str, Profile]) -> ProposedCircle:
    return ProposedCircle(
        profiles=[by_id[pid] for pid in circle.members],
        score=circle.score,
        percent=circle.percent,
        balance=circle.balance,
        why=[role.why for role in circle.roles],
        skills=circle_skills(circle),
    )


def circle_skills(circle: EngineCircle) -> tuple[str, ...]:
    """The skills learned inside an engine circle, by how many members learn them."""
    learners = Counter(
        f.skill for role in circle.roles for f in {x.skill: x for x in role.learns}.values()
    )
    return tuple(name for name, _ in sorted(learners.items(), key=lambda kv: (-kv[1], kv[0])))


@transaction.atomic
def circles_write(*, drafts: Sequence[CircleDraft], note: str | Promise = "") -> list[Circle]:
    """Write drafts as closed, engine-formed circles and tell each member (kind
    "circle_formed", once per circle and member). ``note`` is the notification's body (a lazy
    translation is written in each member's language)."""
    made = []
    # Each member's profile: notices are written in their language and zone.
    users = User.objects.select_related("profile").in_bulk({u for d in drafts for u in d.user_ids})
    for draft in drafts:
        circle = Circle.objects.create(
            name=draft.name[:100],
            theme=draft.theme[:200],
            skill=draft.skill,
            capacity=max(CIRCLE_MIN, min(CIRCLE_MAX, len(draft.user_ids))),
            status=Circle.Status.CLOSED,
            source=Circle.Source.ENGINE,
            why=draft.why,
        )
        Membership.objects.bulk_create(Membership(circle=circle, user_id=u) for u in draft.user_ids)
        for uid in draft.user_ids:
            with speaking_to(users[uid]):
                notify(
                    recipient=users[uid],
                    kind=Kind.CIRCLE_FORMED,
                    title=gettext("You are in a new circle: %(circle)s") % {"circle": circle.name},
                    body=str(note),
                    url=circle.get_absolute_url(),
                    dedupe_key=f"circle:{circle.pk}:formed",
                )
        made.append(circle)
    return made


def circles_create(*, proposals: Sequence[ProposedCircle], name_prefix: str) -> list[Circle]:
    """Write proposals as closed circles named "<prefix> · circle N" and tell their members."""
    drafts = [
        CircleDraft(
            name=f"{name_prefix} · circle {number}",
            user_ids=[p.user_id for p in proposal.profiles],
            why="\n".join(proposal.why),
        )
        for number, proposal in enumerate(proposals, start=1)
    ]
    return circles_write(drafts=drafts)


def open_members(*, exclude_in_circles: bool = True) -> QuerySet[Profile]:
    """Complete profiles open to partners (and, by default, in no circle now)."""
    profiles = Profile.objects.complete().filter(open_to_partners=True)
    if exclude_in_circles:
        busy = Membership.objects.filter(left_at__isnull=True).values("user_id")
        profiles = profiles.exclude(user_id__in=busy)
    return profiles.select_related("user").with_skills().order_by("user_id")
