"""Growth over time: skill level changes as a small server-rendered SVG chart.

No JavaScript and no chart library: the coordinates are computed here and the template draws
polylines. Every member's growth counts, including what they learned while mentoring others.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from twoway.accounts.models import User
from twoway.partnerships.models import LearningEntry, LevelChange

WIDTH, HEIGHT = 560, 200
PAD_LEFT, PAD_RIGHT, PAD_TOP, PAD_BOTTOM = 36, 12, 12, 28
COLOURS = ("#0f766e", "#6d28d9", "#b45309", "#1d4ed8", "#be123c", "#4d7c0f")
MAX_SERIES = len(COLOURS)


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
    width: int = WIDTH
    height: int = HEIGHT

    @property
    def empty(self) -> bool:
        return not self.series and not self.learned_entries

    @property
    def summary(self) -> str:
        """The chart in words, for screen readers and as its caption."""
        if not self.series:
            return "No skill level changes recorded yet."
        return "Skill levels over time: " + "; ".join(s.words for s in self.series) + "."

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


def growth_of(user: User) -> Growth:
    """The member's level changes as chart series (most-changed skills first) and what they
    learned from partners."""
    changes = list(LevelChange.objects.filter(user=user).select_related("skill"))
    entries = LearningEntry.objects.filter(author=user, kind=LearningEntry.Kind.LEARNED)
    learned = sorted(set(entries.values_list("skills__name", flat=True)) - {None})
    if not changes:
        return Growth([], learned, entries.count(), None)
    start, end = changes[0].at, max(timezone.now(), changes[-1].at)
    by_skill: dict[str, list[LevelChange]] = {}
    for change in changes:
        by_skill.setdefault(change.skill.name, []).append(change)
    ranked = sorted(by_skill.items(), key=lambda kv: (-len(kv[1]), kv[0]))[:MAX_SERIES]
    series = [_series(name, rows, COLOURS[i], start, end) for i, (name, rows) in enumerate(ranked)]
    return Growth(series, learned, entries.count(), start)


def _series(
    name: str, rows: list[LevelChange], colour: str, start: datetime, end: datetime
) -> Series:
    # A step line: flat at the old level until the change, then up (or down) to the new one.
    points = [(_x(rows[0].at, start, end), _y(rows[0].old))]
    dots = []
    for row in rows:
        x = _x(row.at, start, end)
        points += [(x, _y(row.old)), (x, _y(row.new))]
        dots.append((x, _y(row.new), f"{name} {row.old} → {row.new}, {row.at:%d %b %Y}"))
    points.append((_x(end, start, end), _y(rows[-1].new)))
    text = " ".join(f"{x},{y}" for x, y in points)
    return Series(name, colour, text, dots, rows[0].old, rows[-1].new)
