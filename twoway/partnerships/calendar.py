"""Calendar files (RFC 5545): one per session, and a private feed per partnership.

icalendar writes the text: it folds long lines, escapes commas and semicolons, ends lines with
CRLF and adds the VTIMEZONE blocks a TZID needs, all easy to get subtly wrong by hand.

A session stored before dates were checked may sit at the edge of Python's calendar (31 December
9999 at UTC+14): its end can't be computed, so the event gives its DURATION instead of a DTEND,
and a session whose start can't be shown in its zone is left out of the file rather than
breaking it (the feed holds every other session).

Each file speaks its reader's language (summary, description, calendar name): a session file is
built inside ``speaking_to(member)`` for the member who downloads it; the feed, read by a calendar
app without a login, for the partner its address names (``?for=<handle>``, the address each
partner copies from their own page), else in the language the request negotiated.
"""

from __future__ import annotations

import contextlib
import logging
import zoneinfo
from collections.abc import Iterable, Iterator
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlencode, urlsplit

import icalendar
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from twoway.core.i18n import speaking_to
from twoway.partnerships.models import Partnership, Session
from twoway.people.models import name_of

PRODID = "-//Twoway//Partnership sessions//EN"
log = logging.getLogger(__name__)


def _host() -> str:
    return urlsplit(settings.SITE_URL).hostname or "twoway.example"


def session_event(session: Session) -> icalendar.Event:
    """One session as a VEVENT: local start with its TZID, end, place or link, agenda."""
    partnership = session.partnership
    low, high = (name_of(m) for m in partnership.members)
    event = icalendar.Event()
    event.add("uid", f"session-{session.pk}@{_host()}")
    event.add("dtstamp", timezone.now().astimezone(zoneinfo.ZoneInfo("UTC")))
    event.add("dtstart", session.local_start)
    add_end(event, session.starts_at, session.duration_minutes, session.timezone)
    event.add(
        "summary", gettext("Twoway session: %(one)s ⇄ %(other)s") % {"one": low, "other": high}
    )
    event.add("sequence", session.sequence)
    event.add("status", "CANCELLED" if session.status == Session.Status.CANCELLED else "CONFIRMED")
    if session.place:
        event.add("location", session.place)
    elif session.link:
        event.add("location", session.link)
    if session.link:
        event.add("url", session.link)
    event.add("description", _description(session))
    return event


def add_end(event: icalendar.Event, starts_at: datetime, minutes: int, tz: str) -> None:
    """DTEND in the event's zone; a DURATION when the end is past 9999-12-31 (RFC 5545 allows
    either), so an old row with an absurd date can't break a calendar file or a feed."""
    try:
        event.add(
            "dtend", (starts_at + timedelta(minutes=minutes)).astimezone(zoneinfo.ZoneInfo(tz))
        )
    except OverflowError:
        event.add("duration", timedelta(minutes=minutes))


def _description(session: Session) -> str:
    items = [f"- {item.text}" for item in session.agenda.all()]
    page = settings.SITE_URL + session.partnership.get_absolute_url()
    if items:
        agenda = gettext("Agenda:\n%(items)s") % {"items": "\n".join(items)}
    else:
        agenda = gettext("No agenda items yet.")
    return gettext("%(agenda)s\n\nPartnership page: %(url)s") % {"agenda": agenda, "url": page}


def calendar_bytes(sessions: Iterable[Session], name: str) -> bytes:
    """A VCALENDAR holding the sessions, as bytes with CRLF line endings."""
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    for session in sessions:
        try:
            cal.add_component(session_event(session))
        except OverflowError:
            log.warning("Session %s left out of a calendar: its date is out of range.", session.pk)
    cal.add_missing_timezones()
    return bytes(cal.to_ical())


@contextlib.contextmanager
def _for(member: Any) -> Iterator[None]:
    """Speak to ``member`` when there is one; else keep the active language and zone."""
    if member is None:
        yield
        return
    with speaking_to(member):
        yield


def session_ics(session: Session, member: Any = None) -> bytes:
    """The session's calendar file, in ``member``'s language (the one who downloads it)."""
    with _for(member):
        return calendar_bytes([session], gettext("Twoway session"))


def feed_ics(partnership: Partnership, member: Any = None) -> bytes:
    """Every session of the partnership, cancelled ones included so calendars drop them, in
    ``member``'s language (one of the pair; None: the active language)."""
    sessions = partnership.sessions.select_related("partnership").prefetch_related("agenda")
    low, high = (name_of(m) for m in partnership.members)
    with _for(member):
        name = gettext("Twoway: %(one)s ⇄ %(other)s") % {"one": low, "other": high}
        return calendar_bytes(sessions, name)


def feed_url(partnership: Partnership, member: Any) -> str:
    """The private feed's address as ``member`` copies it: it names them, so the feed speaks
    their language."""
    path = reverse("partnerships:feed", args=[partnership.feed_token])
    handle = getattr(getattr(member, "profile", None), "handle", "")
    query = f"?{urlencode({'for': handle})}" if handle else ""
    return settings.SITE_URL + path + query


def feed_reader(partnership: Partnership, handle: str) -> Any:
    """The partner a feed address names (``?for=<handle>``), or None."""
    for member in partnership.members:
        profile = getattr(member, "profile", None)
        if handle and profile is not None and profile.handle == handle:
            return member
    return None


def partnership_for_feed(token: str) -> Partnership | None:
    """The partnership whose current feed token this is; None for an old or unknown one."""
    if not token or len(token) > 64:
        return None
    return (
        Partnership.objects.select_related("member_low__profile", "member_high__profile")
        .filter(feed_token=token)
        .first()
    )
