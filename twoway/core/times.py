"""Times typed by a member: a day and a clock time read in one of the IANA time zones."""

from __future__ import annotations

import zoneinfo
from datetime import date, datetime, time

from django.core.exceptions import ValidationError

from twoway.people.models import validate_timezone

# The days a member may plan for: far enough either way for any real plan, and far enough inside
# date.min..date.max that a time there converts between UTC-12 and UTC+14 (and gets its end
# computed) without leaving Python's calendar.
DAY_MIN = date(1900, 1, 1)
DAY_MAX = date(2200, 12, 31)
DAY_WINDOW = f"Choose a date between {DAY_MIN:%Y} and {DAY_MAX:%Y}."


def local_datetime(day: date, at: time, tz: str, *, field: str) -> datetime:
    """``day`` at ``at`` in the zone ``tz`` (an aware datetime), for a session or a meeting.

    An unknown zone is refused as a ``ValidationError`` on ``field``, the caller's name for the
    time-zone input, so a form shows it beside that field and the API names it; a day outside
    ``DAY_MIN``..``DAY_MAX`` is refused on ``date``.
    """
    if not DAY_MIN <= day <= DAY_MAX:
        raise ValidationError({"date": DAY_WINDOW})
    try:
        validate_timezone(tz)
    except ValidationError as exc:
        raise ValidationError({field: exc.messages}) from None
    return datetime.combine(day, at, tzinfo=zoneinfo.ZoneInfo(tz))
