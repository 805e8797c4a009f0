"""Times typed by a member: a day and a clock time read in one of the IANA time zones."""

from __future__ import annotations

import zoneinfo
from datetime import date, datetime, time

from django.core.exceptions import ValidationError

from twoway.people.models import validate_timezone


def local_datetime(day: date, at: time, tz: str, *, field: str) -> datetime:
    """``day`` at ``at`` in the zone ``tz`` (an aware datetime), for a session or a meeting.

    An unknown zone is refused as a ``ValidationError`` on ``field``, the caller's name for the
    time-zone input, so a form shows it beside that field and the API names it.
    """
    try:
        validate_timezone(tz)
    except ValidationError as exc:
        raise ValidationError({field: exc.messages}) from None
    return datetime.combine(day, at, tzinfo=zoneinfo.ZoneInfo(tz))
