"""A circle meeting as a calendar file (RFC 5545), shaped like partnerships' session files."""

from __future__ import annotations

import zoneinfo
from urllib.parse import urlsplit

import icalendar
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext

from twoway.network.models import CircleMeeting
from twoway.partnerships.calendar import add_end

PRODID = "-//Twoway//Circle meetings//EN"


def meeting_ics(meeting: CircleMeeting) -> bytes:
    """One meeting in a VCALENDAR, with its TZID, agenda and a link to the circle page."""
    host = urlsplit(settings.SITE_URL).hostname or "twoway.example"
    event = icalendar.Event()
    event.add("uid", f"circle-meeting-{meeting.pk}@{host}")
    event.add("dtstamp", timezone.now().astimezone(zoneinfo.ZoneInfo("UTC")))
    event.add("dtstart", meeting.local_start)
    add_end(event, meeting.starts_at, meeting.duration_minutes, meeting.timezone)
    event.add("summary", gettext("Twoway circle: %(circle)s") % {"circle": meeting.circle.name})
    if meeting.place:
        event.add("location", meeting.place)
    page = settings.SITE_URL + meeting.circle.get_absolute_url()
    agenda = meeting.agenda or gettext("No agenda yet.")
    event.add(
        "description",
        gettext("%(agenda)s\n\nCircle page: %(url)s") % {"agenda": agenda, "url": page},
    )
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add_component(event)
    cal.add_missing_timezones()
    return bytes(cal.to_ical())
