"""Times typed by a member (a day and a clock time read in one of the IANA time zones), and times
shown to a reader: one house format ("Tue 3 Mar 2026", "Tue 3 Mar 2026, 14:30 CET") in the
reader's own time zone, for pages (the ``when`` template tag) and for emails and notifications."""

from __future__ import annotations

import contextlib
import zoneinfo
from datetime import date, datetime, time
from typing import Any

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.utils import dateformat
from django.utils import timezone as django_tz
from django.utils.translation import gettext, pgettext_lazy

from twoway.people.models import validate_timezone

# The days a member may plan for: far enough either way for any real plan, and far enough inside
# date.min..date.max that a time there converts between UTC-12 and UTC+14 (and gets its end
# computed) without leaving Python's calendar.
DAY_MIN = date(1900, 1, 1)
DAY_MAX = date(2200, 12, 31)


def day_window() -> str:
    """The refusal for a day outside ``DAY_MIN``..``DAY_MAX``, in the reader's language."""
    return gettext("Choose a date between %(first)s and %(last)s.") % {
        "first": f"{DAY_MIN:%Y}",
        "last": f"{DAY_MAX:%Y}",
    }


def local_datetime(day: date, at: time, tz: str, *, field: str) -> datetime:
    """``day`` at ``at`` in the zone ``tz`` (an aware datetime), for a session or a meeting.

    An unknown zone is refused as a ``ValidationError`` on ``field``, the caller's name for the
    time-zone input, so a form shows it beside that field and the API names it; a day outside
    ``DAY_MIN``..``DAY_MAX`` is refused on ``date``.
    """
    if not DAY_MIN <= day <= DAY_MAX:
        raise ValidationError({"date": day_window()})
    try:
        validate_timezone(tz)
    except ValidationError as exc:
        raise ValidationError({field: exc.messages}) from None
    return datetime.combine(day, at, tzinfo=zoneinfo.ZoneInfo(tz))


# The house formats, in Django's date-format letters (translated day and month names). Each
# language orders them its own way: the formats themselves are in the catalogues.
DAY_FORMAT = pgettext_lazy("house date format", "D j M Y")
DATETIME_FORMAT = pgettext_lazy("house date format", "D j M Y, H:i T")


def reader_zone(user: Any) -> zoneinfo.ZoneInfo:
    """The zone a reader sees times in: a member's profile time zone; for a visitor, or a member
    without a profile yet, the zone of the request (the browser's, core/i18n.py), else the site's
    ``TIME_ZONE``; a zone no longer known is the site's."""
    name = django_tz.get_current_timezone_name()
    if user is not None and getattr(user, "is_authenticated", False):
        with contextlib.suppress(ObjectDoesNotExist):  # a member without a profile yet
            name = user.profile.timezone or name
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def when(value: datetime | date | None, zone: zoneinfo.ZoneInfo, *, day_only: bool = False) -> str:
    """``value`` in the house format, read in ``zone``: "Tue 3 Mar 2026, 14:30 CET", or with
    ``day_only`` "Tue 3 Mar 2026". A plain date (no clock time, so no zone) is always shown as a
    day; a naive datetime is taken to be in the site's zone; ``None`` is an empty string."""
    if value is None:
        return ""
    if not isinstance(value, datetime):
        return dateformat.format(value, str(DAY_FORMAT))
    if django_tz.is_naive(value):
        value = django_tz.make_aware(value, zoneinfo.ZoneInfo(settings.TIME_ZONE))
    local = value.astimezone(zone)
    return dateformat.format(local, str(DAY_FORMAT if day_only else DATETIME_FORMAT))


def when_for(value: datetime | date | None, user: Any, *, day_only: bool = False) -> str:
    """``value`` in the house format in ``user``'s time zone: for emails and notifications."""
    return when(value, reader_zone(user), day_only=day_only)
