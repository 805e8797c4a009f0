"""Periodic jobs: expire requests, remind of tomorrow's sessions, nudge quiet or one-sided pairs.

Registered with :mod:`twoway.core.scheduler` (the notifications app imports this module at
start-up). Every nudge carries a ``dedupe_key`` naming its period, so it goes once per period even
if a job reruns.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Max, Q, QuerySet
from django.utils.translation import gettext, ngettext

from twoway.core.scheduler import in_batches, period_key, periodic
from twoway.notifications.models import Kind
from twoway.partnerships.learning import Balance, balance_of, reading_for
from twoway.partnerships.models import Partnership, Session
from twoway.partnerships.requests import requests_expire
from twoway.partnerships.services import tell
from twoway.partnerships.sessions import starts_for
from twoway.partnerships.suggestion_index import suggestion_changes_prune
from twoway.people.models import name_of

BALANCE_PERIOD = timedelta(weeks=2)


@periodic("partnerships.expire_requests", every=timedelta(hours=1))
def expire_requests(now: datetime) -> int:
    """Store as expired the open requests past their expiry (reads already show them so)."""
    return requests_expire(now=now)


@periodic("partnerships.prune_suggestion_changes", every=timedelta(hours=6))
def prune_suggestion_changes(now: datetime) -> int:
    """Drop rows of the suggestion change log older than a day: every process has read them."""
    return suggestion_changes_prune(now)


@periodic("partnerships.sessions_due_tomorrow", every=timedelta(hours=1))
def remind_sessions_due(now: datetime) -> int:
    """Both partners hear about a scheduled session starting within the next 24 hours, once."""
    rows = Session.objects.filter(
        status=Session.Status.SCHEDULED,
        starts_at__gt=now,
        starts_at__lte=now + timedelta(hours=24),
        partnership__status=Partnership.Status.ACTIVE,
    ).select_related("partnership__member_low__profile", "partnership__member_high__profile")
    count = 0
    for batch in in_batches(rows):
        count += len(batch)
        for session in batch:
            _remind(session)
    return count


def _remind(session: Session) -> None:
    for member in session.partnership.members:
        _remind_one(session, member)


def _remind_one(session: Session, member: Any) -> None:
    partner = session.partnership.partner_of(member)
    tell(
        member,
        Kind.SESSION_DUE_TOMORROW,
        lambda: gettext("Your session with %(name)s is coming up") % {"name": name_of(partner)},
        lambda: starts_for(session, member),
        session.partnership.get_absolute_url(),
        None,
        f"session:{session.pk}:due:{session.starts_at:%Y%m%d%H%M}",
    )


def quiet_partnerships(now: datetime) -> QuerySet[Partnership]:
    """Active partnerships older than the quiet period with no session in it (past or planned)."""
    quiet = timedelta(weeks=settings.PARTNERSHIP_QUIET_WEEKS)
    rows: QuerySet[Partnership] = (
        Partnership.objects.filter(status=Partnership.Status.ACTIVE, started_at__lte=now - quiet)
        .annotate(last=Max("sessions__starts_at", filter=~Q(sessions__status="cancelled")))
        .filter(Q(last__isnull=True) | Q(last__lt=now - quiet))
        .select_related("member_low__profile", "member_high__profile")
    )
    return rows


@periodic("partnerships.no_recent_session", every=timedelta(days=1))
def nudge_quiet(now: datetime) -> int:
    """Nudge both partners when nobody has met (or planned to meet) for N weeks."""
    weeks = settings.PARTNERSHIP_QUIET_WEEKS
    period = period_key(timedelta(weeks=weeks), now)
    count = 0
    for batch in in_batches(quiet_partnerships(now)):
        count += len(batch)
        for partnership in batch:
            _nudge_quiet(partnership, weeks, period)
    return count


def _nudge_quiet(partnership: Partnership, weeks: int, period: str) -> None:
    for member in partnership.members:
        _nudge_quiet_one(partnership, member, weeks, period)


def _nudge_quiet_one(partnership: Partnership, member: Any, weeks: int, period: str) -> None:
    partner = partnership.partner_of(member)
    tell(
        member,
        Kind.NO_RECENT_SESSION,
        lambda: (
            ngettext(
                "You and %(name)s haven't met for %(count)s week",
                "You and %(name)s haven't met for %(count)s weeks",
                weeks,
            )
            % {"name": name_of(partner), "count": weeks}
        ),
        lambda: gettext("Schedule a session from your partnership page, even a short one."),
        partnership.get_absolute_url(),
        None,
        f"partnership:{partnership.pk}:quiet:{period}",
    )


@periodic("partnerships.balance_one_sided", every=timedelta(days=1))
def nudge_one_sided(now: datetime) -> int:
    """Nudge both partners when learning keeps flowing one way (see ``Balance.one_sided``)."""
    period = period_key(BALANCE_PERIOD, now)
    rows = Partnership.objects.filter(status=Partnership.Status.ACTIVE).select_related(
        "member_low__profile", "member_high__profile"
    )
    count = 0
    for batch in in_batches(rows.prefetch_related("learning_entries__skills")):
        count += sum(_nudge_one_sided(partnership, period) for partnership in batch)
    return count


def _nudge_one_sided(partnership: Partnership, period: str) -> bool:
    """Nudge both partners if learning flows one way; True when it does."""
    balance = balance_of(partnership, list(partnership.learning_entries.all()))
    if not balance.one_sided:
        return False
    for member in partnership.members:
        _nudge_one_sided_one(partnership, balance, member, period)
    return True


def _nudge_one_sided_one(
    partnership: Partnership, balance: Balance, member: Any, period: str
) -> None:
    tell(
        member,
        Kind.BALANCE_ONE_SIDED,
        lambda: reading_for(balance, member),
        lambda: gettext(
            "Partnerships work best both ways: set a goal for what the other partner can "
            "teach, and log what you learn."
        ),
        partnership.get_absolute_url(),
        None,
        f"partnership:{partnership.pk}:one-sided:{period}",
    )
