"""Sessions: scheduled in a time zone, with an agenda both partners add to, then held or cancelled.

Every function takes the acting member and a partnership they are in (callers fetch it with
:func:`twoway.partnerships.services.partnership_get`, which 404s for outsiders). Writes need an
active partnership. Calendar files for sessions live in :mod:`twoway.partnerships.calendar`.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from datetime import date, time

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from twoway.accounts.models import User
from twoway.core.errors import Refused, clean_text
from twoway.core.times import local_datetime, when_for
from twoway.notifications.models import Kind
from twoway.partnerships.models import AgendaItem, Partnership, Session
from twoway.partnerships.services import require_active, tell
from twoway.people.models import name_of

ROOM_TOKEN_BYTES = 18  # 24 URL-safe characters: a room name nobody guesses


def meeting_room_url() -> str:
    """A new video room on ``settings.MEETING_ROOM_BASE`` (Jitsi Meet by default): the default
    link of a session planned from proposed times, and of the "Schedule a session" form."""
    return f"{settings.MEETING_ROOM_BASE}Twoway-{secrets.token_urlsafe(ROOM_TOKEN_BYTES)}"


AGENDA_MAX = 30


def session_schedule(
    *,
    user: User,
    partnership: Partnership,
    day: date,
    at: time,
    tz: str,
    duration_minutes: int = 60,
    place: str = "",
    link: str = "",
    agenda: Sequence[str] = (),
    tell_partner: bool = True,
) -> Session:
    """Schedule a session (either partner, active partnerships only); the partner is told
    (unless ``tell_partner`` is False: a caller that tells them in its own words)."""
    require_active(partnership)
    items = [item.strip()[:300] for item in agenda if item.strip()]
    if len(items) > AGENDA_MAX:
        raise ValidationError({"agenda": _agenda_full()})
    session = Session(
        partnership=partnership,
        starts_at=local_datetime(day, at, tz, field="timezone"),
        timezone=tz,
        duration_minutes=duration_minutes,
        place=(place or "").strip(),
        link=(link or "").strip(),
        created_by=user,
    )
    session.full_clean(exclude=["partnership", "created_by"])
    with transaction.atomic():
        session.save()
        for text in items:
            AgendaItem.objects.create(session=session, author=user, text=text)
        if tell_partner:
            tell(
                partnership.partner_of(user),
                Kind.SESSION_SCHEDULED,
                lambda: gettext("%(name)s scheduled a session") % {"name": name_of(user)},
                lambda: starts_for(session, partnership.partner_of(user)),
                partnership.get_absolute_url(),
                user,
                f"session:{session.pk}:scheduled",
            )
    return session


def session_get(*, user: User, session_id: int) -> Session:
    session = Session.objects.select_related("partnership").filter(pk=session_id).first()
    if session is None or not session.partnership.has_member(user):
        raise Http404("No such session.")
    return session


@transaction.atomic
def session_set_status(*, user: User, session: Session, status: str) -> Session:
    """Mark a scheduled session held or cancelled; a held or cancelled one stays so."""
    if status not in (Session.Status.HELD, Session.Status.CANCELLED):
        raise ValidationError({"status": gettext("Mark the session held or cancelled.")})
    locked = Session.objects.select_for_update().get(pk=session.pk)
    require_active(session.partnership)
    if locked.status != Session.Status.SCHEDULED:
        already = (
            gettext("This session is already held.")
            if locked.status == Session.Status.HELD
            else gettext("This session is already cancelled.")
        )
        raise Refused(already, "session_closed")
    if status == Session.Status.HELD and locked.starts_at > timezone.now():
        raise Refused(gettext("A session can be marked held once it has started."), "not_started")
    locked.status = status
    locked.sequence += 1
    locked.save(update_fields=["status", "sequence"])
    return locked


@transaction.atomic
def agenda_add(*, user: User, session: Session, text: str) -> AgendaItem:
    """Add an item to a scheduled session's agenda (either partner)."""
    require_active(session.partnership)
    locked = Session.objects.select_for_update().get(pk=session.pk)
    if locked.status != Session.Status.SCHEDULED:
        raise Refused(gettext("Only a scheduled session's agenda can change."), "session_closed")
    if locked.agenda.count() >= AGENDA_MAX:
        raise Refused(_agenda_full(), "agenda_full")
    item = AgendaItem.objects.create(
        session=locked, author=user, text=clean_text(text, "text", limit=300)
    )
    locked.sequence += 1
    locked.save(update_fields=["sequence"])
    return item


def _agenda_full() -> str:
    return gettext("An agenda holds at most %(count)s items.") % {"count": AGENDA_MAX}


def starts_for(session: Session, reader: User) -> str:
    """When a session starts and how long it lasts, in the reader's own time zone (and the
    active language: call it inside ``speaking_to(reader)`` for a notification)."""
    minutes = session.duration_minutes
    return ngettext("%(when)s, %(count)s minute", "%(when)s, %(count)s minutes", minutes) % {
        "when": when_for(session.starts_at, reader),
        "count": minutes,
    }
