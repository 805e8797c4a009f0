"""Small pieces of text shared by the texts members read (notifications, emails), in the reader's
language: a count with its unit in the right number ("1 week", "3 Wochen", "0 séances")."""

from __future__ import annotations

from collections.abc import Callable

from django.utils.translation import ngettext

# Each unit's two English forms, written out so the catalogues hold them and every language
# gives them its own plural rule.
UNITS: dict[str, Callable[[int], str]] = {
    "minute": lambda n: ngettext("%(count)s minute", "%(count)s minutes", n),
    "hour": lambda n: ngettext("%(count)s hour", "%(count)s hours", n),
    "day": lambda n: ngettext("%(count)s day", "%(count)s days", n),
    "week": lambda n: ngettext("%(count)s week", "%(count)s weeks", n),
    "month": lambda n: ngettext("%(count)s month", "%(count)s months", n),
    "session": lambda n: ngettext("%(count)s session", "%(count)s sessions", n),
    "change": lambda n: ngettext("%(count)s change", "%(count)s changes", n),
    "time": lambda n: ngettext("%(count)s time", "%(count)s times", n),
    "member": lambda n: ngettext("%(count)s member", "%(count)s members", n),
    "partner": lambda n: ngettext("%(count)s partner", "%(count)s partners", n),
    "request": lambda n: ngettext("%(count)s request", "%(count)s requests", n),
    "notification": lambda n: ngettext("%(count)s notification", "%(count)s notifications", n),
}


def counted(count: int, noun: str, plural: str = "") -> str:
    """``count`` with its noun in the right number, in the active language: "1 week",
    "3 weeks", "0 sessions". ``noun`` is a key of ``UNITS``; any other noun is English only
    (``plural`` or the noun with an "s"), so add it to ``UNITS`` before showing it."""
    if noun in UNITS and not plural:
        return UNITS[noun](count) % {"count": count}
    return f"{count} {noun if count == 1 else plural or noun + 's'}"
