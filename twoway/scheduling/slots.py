"""Finding times two members can meet: plain functions on plain data (no Django, no database).

A member's availability is a list of weekly windows in their own time zone: weekday (0 is Monday),
a start and an end clock time. To compare two members, each window is turned into real instants
(UTC) *per calendar date*: Monday 09:00 in Berlin is 07:00 UTC in summer and 08:00 UTC in
winter, and the weeks in spring and autumn when Berlin and New York change their clocks on
different Sundays shift the overlap by an hour. zoneinfo gives each date its own offset.

A clock time that doesn't exist on a date (the hour skipped in spring) is read with the offset
before the change (zoneinfo's ``fold=0``), so it lands just after the gap; one that happens twice
(the hour repeated in autumn) is its first occurrence.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
STEP = timedelta(minutes=30)  # candidate starts: every half hour from the start of a free stretch
OFFER_MAX = 5

Interval = tuple[datetime, datetime]


@dataclass(frozen=True, slots=True)
class Window:
    """A weekly stretch of free time in the member's own zone; ``end`` is after ``start``."""

    weekday: int
    start: time
    end: time

    def __str__(self) -> str:
        return f"{WEEKDAYS[self.weekday]} {self.start:%H:%M}–{self.end:%H:%M}"


@dataclass(frozen=True, slots=True)
class Words:
    """The sentences ``window_problems`` writes: English here; the pages and the API pass the
    reader's language (``scheduling.forms.WINDOW_WORDS``), so this module needs no Django."""

    end_before_start: Callable[[], str] = lambda: "The end must be after the start."
    overlaps: Callable[[Window], str] = lambda earlier: (
        f"This overlaps {earlier}. Join them into one row."
    )


ENGLISH = Words()


def window_problems(
    windows: Sequence[Window], words: Words = ENGLISH
) -> list[tuple[int, str, str]]:
    """What is wrong with a week of windows, as (row index, field, message): an end not after its
    start (field ``end``), or a window overlapping an earlier one on the same day (``start``).
    Windows that only touch (09:00–12:00 and 12:00–14:00) are fine."""
    problems: list[tuple[int, str, str]] = []
    for i, window in enumerate(windows):
        if window.end <= window.start:
            problems.append((i, "end", words.end_before_start()))
            continue
        for earlier in windows[:i]:
            if earlier.end <= earlier.start or earlier.weekday != window.weekday:
                continue
            if window.start < earlier.end and earlier.start < window.end:
                problems.append((i, "start", words.overlaps(earlier)))
                break
    return problems


def instants(windows: Iterable[Window], tz: str, first: date, last: date) -> list[Interval]:
    """The member's windows on each date from ``first`` to ``last`` (in their zone), in UTC,
    merged and in order."""
    zone = zoneinfo.ZoneInfo(tz)
    by_day: dict[int, list[Window]] = {}
    for window in windows:
        by_day.setdefault(window.weekday, []).append(window)
    found = []
    day = first
    while day <= last:
        for window in by_day.get(day.weekday(), []):
            start = datetime.combine(day, window.start, tzinfo=zone).astimezone(UTC)
            end = datetime.combine(day, window.end, tzinfo=zone).astimezone(UTC)
            if start < end:
                found.append((start, end))
        day += timedelta(days=1)
    return merge(found)


def merge(intervals: Iterable[Interval]) -> list[Interval]:
    """Intervals in order, with overlapping or touching ones joined."""
    merged: list[Interval] = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def intersect(a: Sequence[Interval], b: Sequence[Interval]) -> list[Interval]:
    """The stretches inside both (each list merged and in order)."""
    both: list[Interval] = []
    i = j = 0
    while i < len(a) and j < len(b):
        start, end = max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
        if start < end:
            both.append((start, end))
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return both


def subtract(free: Sequence[Interval], busy: Iterable[Interval]) -> list[Interval]:
    """``free`` with every ``busy`` stretch cut out."""
    left = list(free)
    for b_start, b_end in merge(busy):
        cut: list[Interval] = []
        for start, end in left:
            if b_end <= start or end <= b_start:
                cut.append((start, end))
                continue
            if start < b_start:
                cut.append((start, b_start))
            if b_end < end:
                cut.append((b_end, end))
        left = cut
    return left


def starts_within(free: Iterable[Interval], minutes: int, after: datetime) -> list[datetime]:
    """Every half-hour start (from each stretch's start) where ``minutes`` fit, not before
    ``after``."""
    length = timedelta(minutes=minutes)
    starts = []
    for start, end in free:
        at = start
        while at + length <= end:
            if at >= after:
                starts.append(at)
            at += STEP
    return starts


@dataclass(frozen=True, slots=True)
class Member:
    """One side of the search: weekly windows and the zone they are read in."""

    windows: tuple[Window, ...]
    tz: str


def free_starts(
    a: Member,
    b: Member,
    *,
    now: datetime,
    days: int,
    minutes: int,
    busy: Iterable[Interval] = (),
) -> list[datetime]:
    """Every start (UTC) in the ``days`` after ``now`` when both members are free for
    ``minutes``, outside the ``busy`` stretches (sessions already planned)."""
    until = now + timedelta(days=days)
    # A day either side: a window late on one member's date can be early on the other's.
    first, last = (now - timedelta(days=1)).date(), (until + timedelta(days=1)).date()
    both = intersect(instants(a.windows, a.tz, first, last), instants(b.windows, b.tz, first, last))
    free = [(s, min(e, until)) for s, e in subtract(both, busy) if s < until]
    return starts_within(free, minutes, now)


def spread(starts: Sequence[datetime], tz: str, limit: int = OFFER_MAX) -> list[datetime]:
    """Up to ``limit`` of the starts, one per day (in ``tz``) first, earliest days first; then
    more on the same days when there are fewer days than ``limit``. In time order."""
    zone = zoneinfo.ZoneInfo(tz)
    days_seen: set[date] = set()
    firsts: list[datetime] = []
    rest: list[datetime] = []
    for start in starts:
        day = start.astimezone(zone).date()
        (rest if day in days_seen else firsts).append(start)
        days_seen.add(day)
    chosen = firsts[:limit]
    chosen += rest[: limit - len(chosen)]
    return sorted(chosen)
