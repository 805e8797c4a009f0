"""The signed-in member's home: what is next, what waits on whom, goals both ways, nudges, ideas.

One selector, :func:`home_for`, reads everything the page shows in a fixed number of queries
(however many partners, sessions, requests or goals the member has) and returns plain data. It
holds no rule of its own: open requests come from ``requests_for``, quiet partnerships from the
nudge job's ``quiet_partnerships``, suggestions from ``suggestions_for``. Visitors never reach it:
they get the marketing page.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext

from twoway.accounts.models import User
from twoway.network.models import CircleMeeting, Membership
from twoway.partnerships.models import Goal, Partnership, Request, Session
from twoway.partnerships.periodic import quiet_partnerships
from twoway.partnerships.requests import requests_for
from twoway.partnerships.suggestions import Suggestion, suggestions_for
from twoway.people.models import Profile, name_of
from twoway.people.services import profile_ensure

UPCOMING = 5
SUGGESTED = 3


@dataclass(frozen=True)
class Upcoming:
    """A partnership session or a circle meeting still to come; ``starts_at`` is aware."""

    title: str
    starts_at: datetime
    duration_minutes: int
    url: str


@dataclass(frozen=True)
class GoalLine:
    """A goal in progress; ``learner`` and ``teacher`` are display names."""

    text: str
    progress: int
    learner: str
    teacher: str
    url: str


@dataclass(frozen=True)
class Nudge:
    text: str
    action: str
    url: str


@dataclass(frozen=True)
class MemberHome:
    profile: Profile
    missing: list[str]
    partners: list[str]
    upcoming: list[Upcoming]
    waiting_on_me: list[Request]
    waiting_on_others: list[Request]
    my_goals: list[GoalLine]
    their_goals: list[GoalLine]
    nudges: list[Nudge]
    suggestions: list[Suggestion]
    at_capacity: bool

    @property
    def tz(self) -> str:
        """The member's own time zone: every time on the page is shown in it."""
        return self.profile.timezone


def home_for(*, user: User, now: datetime | None = None) -> MemberHome:
    """Everything the member's home shows, read in a fixed number of queries."""
    now = now or timezone.now()
    profile = profile_ensure(user=user)
    active = list(
        Partnership.objects.filter(status=Partnership.Status.ACTIVE)
        .involving(user)
        .select_related("member_low__profile", "member_high__profile")
    )
    open_requests = requests_for(user=user)
    pairs = [(p.member_low_id, p.member_high_id) for p in active]
    found = suggestions_for(user=user, limit=SUGGESTED, partners=pairs)
    my_goals, their_goals = _goals(user, active)
    return MemberHome(
        profile=profile,
        missing=found.missing,
        partners=[name_of(p.partner_of(user)) for p in active],
        upcoming=_upcoming(user, active, now),
        waiting_on_me=open_requests["received"],
        waiting_on_others=open_requests["sent"],
        my_goals=my_goals,
        their_goals=their_goals,
        nudges=_nudges(user, active, now),
        suggestions=[] if found.at_capacity else [s for s in found.items if s.two_way],
        at_capacity=found.at_capacity,
    )


def _upcoming(user: User, active: list[Partnership], now: datetime) -> list[Upcoming]:
    """The next sessions of active partnerships and meetings of the member's circles, by time."""
    by_id = {p.pk: p for p in active}
    sessions = Session.objects.filter(
        partnership_id__in=list(by_id), status=Session.Status.SCHEDULED, starts_at__gte=now
    ).order_by("starts_at", "id")[:UPCOMING]
    seats = Membership.objects.filter(user=user, left_at__isnull=True).values("circle_id")
    meetings = (
        CircleMeeting.objects.filter(circle_id__in=seats, starts_at__gte=now)
        .select_related("circle")
        .order_by("starts_at", "id")[:UPCOMING]
    )
    rows = [
        Upcoming(
            gettext("Session with %(name)s")
            % {"name": name_of(by_id[s.partnership_id].partner_of(user))},
            s.starts_at,
            s.duration_minutes,
            by_id[s.partnership_id].get_absolute_url(),
        )
        for s in sessions
    ] + [
        Upcoming(m.circle.name, m.starts_at, m.duration_minutes, m.circle.get_absolute_url())
        for m in meetings
    ]
    return sorted(rows, key=lambda row: row.starts_at)[:UPCOMING]


def _goals(user: User, active: list[Partnership]) -> tuple[list[GoalLine], list[GoalLine]]:
    """Goals not yet done in active partnerships: the member's own, and their partners'."""
    by_id = {p.pk: p for p in active}
    goals = Goal.objects.filter(partnership_id__in=list(by_id), done=False).order_by(
        "partnership_id", "created_at", "id"
    )
    mine: list[GoalLine] = []
    theirs: list[GoalLine] = []
    for goal in goals:
        partnership = by_id[goal.partnership_id]
        partner, url = name_of(partnership.partner_of(user)), partnership.get_absolute_url()
        if goal.owner_id == user.pk:
            mine.append(GoalLine(goal.text, goal.progress, gettext("you"), partner, url))
        else:
            theirs.append(GoalLine(goal.text, goal.progress, partner, gettext("you"), url))
    return mine, theirs


def _nudges(user: User, active: list[Partnership], now: datetime) -> list[Nudge]:
    """Active partnerships gone quiet, by the same rule as the periodic nudge."""
    quiet = set(
        quiet_partnerships(now)
        .filter(Q(member_low=user) | Q(member_high=user))
        .values_list("pk", flat=True)
    )
    return [
        Nudge(
            gettext("You and %(name)s haven't met for a while.")
            % {"name": name_of(p.partner_of(user))},
            gettext("Plan a session"),
            p.get_absolute_url(),
        )
        for p in active
        if p.pk in quiet
    ]
