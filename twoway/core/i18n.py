"""The reader's language and time zone (docs/i18n.md).

A page speaks the member's chosen interface language (their profile), else what the browser asks
for (Accept-Language) or a visitor chose in the footer (Django's LocaleMiddleware, which runs
first), else ``LANGUAGE_CODE``. Times are shown in the member's profile time zone, or for a
visitor the browser's zone that app.js keeps in the ``tz`` cookie, else ``TIME_ZONE``.

Emails, notifications and calendar files are written for their recipient, not for whoever caused
them: wrap their rendering in ``speaking_to(recipient)``.
"""

from __future__ import annotations

import contextlib
import zoneinfo
from collections.abc import Callable, Iterator
from typing import Any

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.http import HttpRequest, HttpResponse
from django.utils import timezone as django_tz
from django.utils import translation

# The cookie app.js sets to the browser's IANA zone, for visitors' times.
ZONE_COOKIE = "tz"


def chosen_language(user: Any) -> str:
    """The language ``user`` chose on their profile, or "" (none chosen, or no longer spoken)."""
    chosen = ""
    if user is not None and getattr(user, "is_authenticated", False):
        with contextlib.suppress(ObjectDoesNotExist):
            chosen = user.profile.interface_language
    return chosen if chosen in dict(settings.LANGUAGES) else ""


def language_of(user: Any) -> str:
    """The language Twoway writes to ``user`` in when no request says otherwise (emails, calendar
    files): their profile's choice, else the site's ``LANGUAGE_CODE``."""
    return chosen_language(user) or settings.LANGUAGE_CODE


def speak_their_choice(request: HttpRequest, user: Any) -> None:
    """The request continues in ``user``'s chosen language, if they chose one; else what
    LocaleMiddleware negotiated (the browser's) stands."""
    chosen = chosen_language(user)
    if chosen:
        translation.activate(chosen)
        request.LANGUAGE_CODE = chosen


@contextlib.contextmanager
def speaking_to(user: Any) -> Iterator[None]:
    """Everything rendered inside is in ``user``'s language and time zone."""
    from twoway.core.times import reader_zone

    with translation.override(language_of(user)), django_tz.override(reader_zone(user)):
        yield


def _visitor_zone(request: HttpRequest) -> zoneinfo.ZoneInfo | None:
    name = request.COOKIES.get(ZONE_COOKIE, "")
    if not name or len(name) > 64:
        return None
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None


class ReaderLocaleMiddleware:
    """After authentication: a member's own language and zone; a visitor's browser zone."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from twoway.core.times import reader_zone

        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            speak_their_choice(request, user)
            zone: zoneinfo.ZoneInfo | None = reader_zone(user)
        else:
            zone = _visitor_zone(request)
        if zone is None:
            return self.get_response(request)
        with django_tz.override(zone):
            return self.get_response(request)
