"""Scheduling workflows: a member's weekly availability, finding times two partners share,
proposing some of them, and answering a proposal (a picked time becomes a session).

Every proposal function takes the acting member; a proposal of a partnership they are not in is
``Http404`` (its existence stays private). Callers fetch a partnership with
:func:`twoway.partnerships.services.partnership_get`, which 404s for outsiders. Refusals
(``Refused``, HTTP 409): ``not_active``, ``proposal_waiting``, ``own_proposal``,
``proposal_closed``, ``slot_not_offered``, ``slot_past``, ``slot_taken``.

A picked time becomes a session through :func:`twoway.partnerships.sessions.session_schedule`,
so its calendar file, feed entry and reminder work as for any session.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.http import Http404
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.translation import gettext, pgettext, pgettext_lazy

from twoway.accounts.models import User
from twoway.core.errors import Refused
from twoway.notifications.models import Kind
from twoway.notifications.services import notify
from twoway.partnerships.models import Partnership, Session
from twoway.partnerships.services import require_active
from twoway.partnerships.sessions import meeting_room_url, session_schedule
from twoway.people.models import name_of
from twoway.scheduling.models import Availability, Proposal, ProposedSlot, Weekday
from twoway.scheduling.slots import (
    OFFER_MAX,
    Member,
    Window,
    Words,
    free_starts,
    spread,
    window_problems,
)

SEARCH_DAYS = 14
WINDOWS_MAX = 50
DEFAULT_MINUTES = 60


def zone_of(user: User) -> str:
    """The member's time zone (their profile's; UTC before they have a profile)."""
    profile = getattr(user, "profile", None)
    return profile.timezone if profile is not None else "UTC"


# How a proposed time reads, in Django's date-format letters: "Tuesday 04 March, 10:00" in
# English; each language orders it its own way.
PROPOSED_FORMAT = pgettext_lazy("proposed time format", "l d F, H:i")


def local_text(instant: datetime, tz: str) -> str:
    """``Tuesday 04 March, 10:00 (Europe/Berlin)``: an instant as a member reads it, in the
    active language."""
    local = instant.astimezone(zoneinfo.ZoneInfo(tz))
    return f"{dateformat.format(local, str(PROPOSED_FORMAT))} ({tz})"


def _window_text(window: Window) -> str:
    return pgettext("a weekly window", "%(day)s %(start)s–%(end)s") % {
        "day": Weekday(window.weekday).label,
        "start": f"{window.start:%H:%M}",
        "end": f"{window.end:%H:%M}",
    }


# window_problems' sentences in the reader's language.
WINDOW_WORDS = Words(
    end_before_start=lambda: gettext("The end must be after the start."),
    overlaps=lambda earlier: (
        gettext("This overlaps %(window)s. Join them into one row.")
        % {"window": _window_text(earlier)}
    ),
)


def find_time_url(partnership: Partnership) -> str:
    return reverse("scheduling:find_time", args=[partnership.pk])


# --- Availability -----------------------------------------------------------------------------


def availability_of(user: User) -> list[Window]:
    return [row.window for row in Availability.objects.filter(user=user)]


@transaction.atomic
def availability_set(*, user: User, windows: Sequence[Window]) -> list[Window]:
    """Replace the member's weekly windows. Problems are a ValidationError naming each row's
    field (``windows.2.end``): an end not after its start, two windows overlapping."""
    if len(windows) > WINDOWS_MAX:
        raise ValidationError(
            {
                "windows": gettext("Keep to %(count)s windows a week at most.")
                % {"count": WINDOWS_MAX}
            }
        )
    problems = window_problems(windows, WINDOW_WORDS)
    if problems:
        raise ValidationError({f"windows.{i}.{name}": message for i, name, message in problems})
    Availability.objects.filter(user=user).delete()
    Availability.objects.bulk_create(
        Availability(user=user, weekday=w.weekday, start=w.start, end=w.end) for w in windows
    )
    return availability_of(user)


# --- Finding times ----------------------------------------------------------------------------


@dataclass
class Search:
    """What a search found: up to five starts to offer, and the partners with no availability."""

    minutes: int
    offered: list[datetime] = field(default_factory=list)
    missing: list[User] = field(default_factory=list)


def session_length(partnership: Partnership) -> int:
    """The pair's usual session length: their latest session's, else an hour."""
    latest = (
        partnership.sessions.exclude(status=Session.Status.CANCELLED)
        .order_by("-starts_at")
        .values_list("duration_minutes", flat=True)
        .first()
    )
    return latest or DEFAULT_MINUTES


def _busy(partnership: Partnership, since: datetime) -> list[tuple[datetime, datetime]]:
    sessions = partnership.sessions.filter(
        status=Session.Status.SCHEDULED, starts_at__gte=since - timedelta(days=1)
    )
    return [(s.starts_at, s.ends_at) for s in sessions]


def _free(partnership: Partnership, minutes: int, now: datetime) -> list[datetime]:
    a, b = partnership.members
    return free_starts(
        Member(tuple(availability_of(a)), zone_of(a)),
        Member(tuple(availability_of(b)), zone_of(b)),
        now=now,
        days=SEARCH_DAYS,
        minutes=minutes,
        busy=_busy(partnership, now),
    )


def slots_find(
    *, user: User, partnership: Partnership, minutes: int | None = None, now: datetime | None = None
) -> Search:
    """Up to five times in the next two weeks when both partners are free for ``minutes`` (the
    pair's usual length by default), spread over different days in ``user``'s zone."""
    require_active(partnership)
    search = Search(minutes=minutes or session_length(partnership))
    search.missing = [
        m for m in partnership.members if not Availability.objects.filter(user=m).exists()
    ]
    if not search.missing:
        found = _free(partnership, search.minutes, now or timezone.now())
        search.offered = spread(found, zone_of(user), OFFER_MAX)
    return search


# --- Proposals --------------------------------------------------------------------------------


def proposal_get(*, user: User, proposal_id: int) -> Proposal:
    """A proposal of one of the member's partnerships; 404 for everyone else."""
    proposal = (
        Proposal.objects.select_related("partnership", "proposer__profile")
        .filter(pk=proposal_id)
        .first()
    )
    if proposal is None or not proposal.partnership.has_member(user):
        raise Http404(gettext("No such proposal."))
    return proposal


def proposal_open(partnership: Partnership) -> Proposal | None:
    """The partnership's proposal waiting for an answer, if any."""
    return (
        partnership.proposals.filter(status=Proposal.Status.OPEN)
        .select_related("proposer__profile")
        .prefetch_related("slots")
        .first()
    )


def _clean_starts(starts: Sequence[datetime], now: datetime) -> list[datetime]:
    chosen = sorted({s.astimezone(UTC).replace(microsecond=0) for s in starts})
    if not chosen:
        raise ValidationError({"slots": gettext("Choose at least one time to propose.")})
    if len(chosen) > OFFER_MAX:
        raise ValidationError(
            {"slots": gettext("Propose at most %(count)s times.") % {"count": OFFER_MAX}}
        )
    if chosen[0] <= now:
        raise Refused(gettext("One of these times has passed. Find times again."), "slot_past")
    return chosen


def _clean_link(link: str) -> str:
    link = (link or "").strip()
    if link:
        try:
            URLValidator(schemes=["https", "http"])(link)
        except ValidationError:
            raise ValidationError(
                {"link": gettext("Enter a full web address (https://…).")}
            ) from None
        if len(link) > 200:
            raise ValidationError({"link": gettext("Keep the link under 200 characters.")})
    return link


def _close_open(partnership: Partnership, user: User, now: datetime) -> None:
    """Make way for ``user``'s new proposal: their own open one is withdrawn, the partner's
    expires once every time in it has passed, and is otherwise theirs to answer first."""
    current = Proposal.objects.filter(partnership=partnership, status=Proposal.Status.OPEN).first()
    if current is None:
        return
    if current.proposer_id == user.pk:
        status = Proposal.Status.WITHDRAWN
    elif current.slots.filter(starts_at__gt=now).exists():
        raise Refused(
            gettext(
                "%(name)s proposed times to meet: pick one, or decline them, "
                "before you propose others."
            )
            % {"name": name_of(current.proposer)},
            "proposal_waiting",
        )
    else:
        status = Proposal.Status.EXPIRED
    current.status, current.answered_at = status, now
    current.save(update_fields=["status", "answered_at"])


@transaction.atomic
def proposal_send(
    *,
    user: User,
    partnership: Partnership,
    starts: Sequence[datetime],
    minutes: int | None = None,
    link: str = "",
    now: datetime | None = None,
) -> Proposal:
    """Offer the partner some of the times both are free (at most five); they are told.

    Each time must still be free for both (``slots_find`` finds them); a new proposal replaces
    the member's own open one. An empty ``link`` means a new video room once a time is picked.
    """
    now = now or timezone.now()
    require_active(partnership)
    Partnership.objects.select_for_update().filter(pk=partnership.pk).first()
    minutes = minutes or session_length(partnership)
    chosen = _clean_starts(starts, now)
    link = _clean_link(link)
    free = set(_free(partnership, minutes, now))
    for start in chosen:
        if start not in free:
            raise ValidationError(
                {
                    "slots": gettext("%(time)s is not free for you both any more.")
                    % {"time": local_text(start, zone_of(user))}
                }
            )
    _close_open(partnership, user, now)
    proposal = Proposal.objects.create(
        partnership=partnership, proposer=user, duration_minutes=minutes, link=link, created_at=now
    )
    ProposedSlot.objects.bulk_create(ProposedSlot(proposal=proposal, starts_at=s) for s in chosen)
    partner = partnership.partner_of(user)
    notify(
        recipient=partner,
        kind=Kind.TIME_PROPOSED,
        title=lambda: gettext("%(name)s proposes times to meet") % {"name": name_of(user)},
        body=lambda: "\n".join(local_text(s, zone_of(partner)) for s in chosen),
        url=find_time_url(partnership),
        actor=user,
        dedupe_key=f"proposal:{proposal.pk}:sent",
    )
    return proposal


CLOSED = {
    Proposal.Status.PICKED: pgettext_lazy(
        "proposal", "This proposal is closed (a time was picked)."
    ),
    Proposal.Status.DECLINED: pgettext_lazy(
        "proposal", "This proposal is closed (none of the times suited)."
    ),
    Proposal.Status.WITHDRAWN: pgettext_lazy("proposal", "This proposal is closed (withdrawn)."),
    Proposal.Status.EXPIRED: pgettext_lazy(
        "proposal", "This proposal is closed (every time passed)."
    ),
}


def _require_open(proposal: Proposal) -> None:
    if not proposal.is_open:
        raise Refused(str(CLOSED[Proposal.Status(proposal.status)]), "proposal_closed")


def _locked_for_answer(user: User, proposal_id: int) -> Proposal:
    """The proposal, locked, when ``user`` may answer it now; refused otherwise."""
    proposal = proposal_get(user=user, proposal_id=proposal_id)
    require_active(proposal.partnership)
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.proposer_id == user.pk:
        raise Refused(gettext("You proposed these times: your partner picks one."), "own_proposal")
    _require_open(proposal)
    return proposal


def _on_clock(instant: datetime, tz: str) -> tuple[date, time]:
    """The instant as a date and a clock time in ``tz``. In the hour repeated in autumn the time
    keeps ``fold=1`` for the second 01:30, so combining them again gives the same instant."""
    local = instant.astimezone(zoneinfo.ZoneInfo(tz))
    return local.date(), local.time()


def _check_slot(proposal: Proposal, slot_id: int, now: datetime) -> ProposedSlot:
    slot = proposal.slots.filter(pk=slot_id).first()
    if slot is None:
        raise Refused(
            gettext("That time is not one of the proposed times. Pick one of them."),
            "slot_not_offered",
        )
    if slot.starts_at <= now:
        raise Refused(gettext("That time has passed. Pick a later one, or decline."), "slot_past")
    ends = slot.starts_at + timedelta(minutes=proposal.duration_minutes)
    for start, end in _busy(proposal.partnership, now):
        if start < ends and slot.starts_at < end:
            raise Refused(
                gettext("You already have a session at that time. Pick another one."),
                "slot_taken",
            )
    return slot


@transaction.atomic
def proposal_pick(
    *, user: User, proposal_id: int, slot_id: int, now: datetime | None = None
) -> Session:
    """The partner picks one of the proposed times: it becomes a session (in the picker's zone,
    with the proposal's link or a new video room), the proposal closes, the proposer is told."""
    now = now or timezone.now()
    proposal = _locked_for_answer(user, proposal_id)
    slot = _check_slot(proposal, slot_id, now)
    proposer = proposal.proposer
    tz = zone_of(user)
    day, at = _on_clock(slot.starts_at, tz)
    session = session_schedule(
        user=user,
        partnership=proposal.partnership,
        day=day,
        at=at,
        tz=tz,
        duration_minutes=proposal.duration_minutes,
        link=proposal.link or meeting_room_url(),
        tell_partner=False,
    )
    proposal.status, proposal.answered_at, proposal.session = Proposal.Status.PICKED, now, session
    proposal.save(update_fields=["status", "answered_at", "session"])
    notify(
        recipient=proposer,
        kind=Kind.TIME_PROPOSED,
        title=lambda: gettext("%(name)s picked a time to meet") % {"name": name_of(user)},
        body=lambda: local_text(slot.starts_at, zone_of(proposer)),
        url=proposal.partnership.get_absolute_url(),
        actor=user,
        dedupe_key=f"proposal:{proposal.pk}:picked",
    )
    return session


@transaction.atomic
def proposal_decline(*, user: User, proposal_id: int, now: datetime | None = None) -> Proposal:
    """None of the times suit the partner: the proposal closes and the proposer is told."""
    proposal = _locked_for_answer(user, proposal_id)
    proposal.status, proposal.answered_at = Proposal.Status.DECLINED, now or timezone.now()
    proposal.save(update_fields=["status", "answered_at"])
    notify(
        recipient=proposal.proposer,
        kind=Kind.TIME_PROPOSED,
        title=lambda: (
            gettext("%(name)s can't make any of the times you proposed") % {"name": name_of(user)}
        ),
        body=lambda: gettext("Find other times, or write to each other to agree one."),
        url=find_time_url(proposal.partnership),
        actor=user,
        dedupe_key=f"proposal:{proposal.pk}:declined",
    )
    return proposal


@transaction.atomic
def proposal_withdraw(*, user: User, proposal_id: int) -> Proposal:
    """The proposer takes back an open proposal (the partner may not: PermissionDenied)."""
    proposal = proposal_get(user=user, proposal_id=proposal_id)
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.proposer_id != user.pk:
        raise PermissionDenied(
            gettext("Only the member who proposed these times can withdraw them.")
        )
    _require_open(proposal)
    proposal.status, proposal.answered_at = Proposal.Status.WITHDRAWN, timezone.now()
    proposal.save(update_fields=["status", "answered_at"])
    return proposal
