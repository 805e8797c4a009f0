"""Growth over time: skill level changes as a small server-rendered SVG chart.

No JavaScript and no chart library: the coordinates are computed here and the template draws
polylines. Every member's growth counts, including what they learned while mentoring others.
"""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext

from twoway.accounts.models import User
from twoway.core.times import when
from twoway.partnerships.models import LearningEntry, LevelChange

WIDTH, HEIGHT = 560, 200
PAD_LEFT, PAD_RIGHT, PAD_TOP, PAD_BOTTOM = 36, 12, 12, 28
COLOURS = ("#0f766e", "#6d28d9", "#b45309", "#1d4ed8", "#be123c", "#4d7c0f")
MAX_SERIES = len(COLOURS)
# The chart spans from when the member joined until now, and never less than this: otherwise
# changes made moments after joining all land on one point at the left edge.
MIN_SPAN = timedelta(days=7)


@dataclass(frozen=True)
class Series:
    skill: str
    colour: str
    points: str  # "x,y x,y …" for <polyline points>
    dots: list[tuple[float, float, str]]  # x, y, a label for each change
    first: int
    last: int

    @property
    def words(self) -> str:
        return f"{self.skill}: {self.first} → {self.last}"


@dataclass(frozen=True)
class Growth:
    series: list[Series]
    learned_skills: list[str]
    learned_entries: int
    start: datetime | None
    start_label: str = ""
    width: int = WIDTH
    height: int = HEIGHT

    @property
    def empty(self) -> bool:
        return not self.series and not self.learned_entries

    @property
    def summary(self) -> str:
        """The chart in words, for screen readers and as its caption."""
        if not self.series:
            return gettext("No skill level changes recorded yet.")
        return gettext("Skill levels over time: %(changes)s.") % {
            "changes": "; ".join(s.words for s in self.series)
        }

    @property
    def grid(self) -> list[tuple[int, float]]:
        return [(level, _y(level)) for level in range(0, 6)]

    @property
    def plot_left(self) -> int:
        return PAD_LEFT

    @property
    def plot_right(self) -> int:
        return WIDTH - PAD_RIGHT

    @property
    def baseline(self) -> float:
        return _y(0)


def _y(level: float) -> float:
    return round(PAD_TOP + (HEIGHT - PAD_TOP - PAD_BOTTOM) * (1 - level / 5), 1)


def _x(at: datetime, start: datetime, end: datetime) -> float:
    span = max((end - start).total_seconds(), 1.0)
    share = (at - start).total_seconds() / span
    return round(PAD_LEFT + (WIDTH - PAD_LEFT - PAD_RIGHT) * share, 1)


def chart_span(joined: datetime, first: datetime, last: datetime) -> tuple[datetime, datetime]:
    """The chart's time axis: from when the member joined (or their first change, if earlier)
    until now, at least ``MIN_SPAN`` wide so recent changes don't collapse into one point."""
    end = max(timezone.now(), last)
    start = min(joined, first, end - MIN_SPAN)
    return start, end


def growth_of(
    user: User, zone: zoneinfo.ZoneInfo | None = None, *, learning: bool = True
) -> Growth:
    """The member's level changes as chart series (most-changed skills first), from when they
    joined until now, and what they learned from partners (left out, unread, when ``learning``
    is false: learning entries are private to the partnership). Dates read in ``zone`` (the
    reader's; the site's by default)."""
    zone = zone or zoneinfo.ZoneInfo(settings.TIME_ZONE)
    changes = list(LevelChange.objects.filter(user=user).select_related("skill"))
    learned, count = _learned(user) if learning else ([], 0)
    if not changes:
        return Growth([], learned, count, None)
    start, end = chart_span(user.date_joined, changes[0].at, changes[-1].at)
    by_skill: dict[str, list[LevelChange]] = {}
    for change in changes:
        by_skill.setdefault(change.skill.name, []).append(change)
    ranked = sorted(by_skill.items(), key=lambda kv: (-len(kv[1]), kv[0]))[:MAX_SERIES]
    series = [
        _series(name, rows, COLOURS[i], (start, end), zone) for i, (name, rows) in enumerate(ranked)
    ]
    return Growth(series, learned, count, start, when(start, zone, day_only=True))


def _learned(user: User) -> tuple[list[str], int]:
    """The skills the member logged as learned from partners, and how many such entries."""
    entries = LearningEntry.objects.filter(author=user, kind=LearningEntry.Kind.LEARNED)
    return sorted(set(entries.values_list("skills__name", flat=True)) - {None}), entries.count()


def _series(
    name: str,
    rows: list[LevelChange],
    colour: str,
    span: tuple[datetime, datetime],
    zone: zoneinfo.ZoneInfo,
) -> Series:
    # A step line from the chart's start: flat at the old level until the change, then up (or
    # down) to the new one, and flat again until now.
    start, end = span
    points = [(_x(start, start, end), _y(rows[0].old))]
    dots = []
    for row in rows:
        x = _x(row.at, start, end)
        points += [(x, _y(row.old)), (x, _y(row.new))]
        dots.append(
            (x, _y(row.new), f"{name} {row.old} → {row.new}, {when(row.at, zone, day_only=True)}")
        )
    points.append((_x(end, start, end), _y(rows[-1].new)))
    text = " ".join(f"{x},{y}" for x, y in points)
    return Series(name, colour, text, dots, rows[0].old, rows[-1].new)
