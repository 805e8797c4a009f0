"""Parsing one cell of a people file: skills with levels, capacity, role, timezone, languages.

Each parser returns its value and a message ("" when fine) so the reader can collect every problem
in a file instead of stopping at the first.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from twoway.engine.i18n import gettext, gettext_noop
from twoway.engine.io.spelling import Speller
from twoway.engine.model import (
    DEFAULT_LEVEL,
    DEFAULT_PRIORITY,
    MAX_LEVEL,
    MAX_PRIORITY,
    MIN_LEVEL,
    MIN_PRIORITY,
    Role,
)

MAX_CAPACITY = 100
ROLES: dict[str, Role] = {
    "either": "either",
    "both": "either",
    "any": "either",
    "mentor": "mentor",
    "mentee": "mentee",
}
# Timezone names become their *standard* offset (daylight saving removed) at a fixed date, so the
# same file always gives the same offsets whatever the day the command runs.
_TZ_REFERENCE = datetime(2025, 1, 15, 12, tzinfo=UTC)
_OFFSET = re.compile(r"^(?:utc|gmt)?([+\-\u2212])(\d{1,2})(?:(?::|h)?(\d{2}))?$")
_ZERO_OFFSETS = {"utc", "gmt", "z", "0", "+0", "-0", "utc+0", "utc-0", "gmt+0"}
_LANGUAGE_CODES = {
    "en": "english", "fr": "french", "de": "german", "es": "spanish", "pt": "portuguese",
    "it": "italian", "nl": "dutch", "pl": "polish", "ru": "russian", "uk": "ukrainian",
    "zh": "chinese", "ja": "japanese", "ko": "korean", "hi": "hindi", "ar": "arabic",
    "tr": "turkish",
}  # fmt: skip


def fold(name: str) -> str:
    """Case-folded with single spaces: how column names and choices are compared."""
    return " ".join(name.split()).casefold()


@dataclass(frozen=True, slots=True)
class Scale:
    """What the number after a skill's colon means, its range and its default."""

    what: str
    low: int
    high: int
    default: int


LEVELS = Scale(gettext_noop("level"), MIN_LEVEL, MAX_LEVEL, DEFAULT_LEVEL)
PRIORITIES = Scale(gettext_noop("priority"), MIN_PRIORITY, MAX_PRIORITY, DEFAULT_PRIORITY)
# What after a skill's last colon is read as its number: a number (a fraction or one out of range
# is refused), or a word for a level ("Python:expert"), refused since the scale is numeric. Any
# other text there is part of the name: "lang:Python" is one skill, as an export may write it.
_NUMBER = re.compile(r"[+-]?\d+([.,]\d+)?")
_WHOLE = re.compile(r"[+-]?\d+([.,]0+)?")
NUMBER_WORDS = frozenset({
    "none", "novice", "beginner", "basic", "elementary", "junior", "intermediate", "medium", "mid",
    "advanced", "senior", "expert", "master", "guru", "proficient", "fluent", "native", "low",
    "high",
})  # fmt: skip
_ENTRY_SEPARATORS = re.compile(r"[;\n]")


class SkillListParser:
    """Parses skill cells on one scale, remembering each distinct entry ("Python:4") it has seen:
    a big file repeats a few thousand entries. ``canonical`` defaults to the skills catalogue's."""

    def __init__(self, scale: Scale, canonical: Callable[[str], str] | None = None) -> None:
        self.scale = scale
        self.canonical = canonical or Speller().canonical
        self._entries: dict[str, tuple[str, int, str]] = {}

    def __call__(self, text: str) -> tuple[dict[str, int], list[str]]:
        """``skill[:n];skill[:n]`` → {canonical skill: n}, plus a message per bad entry."""
        skills: dict[str, int] = {}
        problems: list[str] = []
        for entry in _ENTRY_SEPARATORS.split(text):
            parsed = self._entries.get(entry)
            if parsed is None:
                parsed = self._entries[entry] = self._entry(entry)
            skill, number, problem = parsed
            if problem:
                problems.append(problem)
            elif skill:
                skills[skill] = max(number, skills.get(skill, number))
        return skills, problems

    def join(
        self, sources: Sequence[tuple[str, str]]
    ) -> tuple[dict[str, int], list[tuple[str, str]]]:
        """Several columns' cells, given as (column, text), read as one skill list.

        The result is what one cell holding the texts joined by ``;`` would give (a skill listed
        twice keeps its highest number), but each problem comes back as (column, message) so it
        names the column its text came from.
        """
        if len(sources) == 1:  # the usual case, kept as cheap as reading one cell
            column, text = sources[0]
            skills, problems = self(text)
            return skills, ([(column, message) for message in problems] if problems else [])
        joined: dict[str, int] = {}
        located: list[tuple[str, str]] = []
        for column, text in sources:
            skills, problems = self(text)
            for skill, number in skills.items():
                joined[skill] = max(number, joined.get(skill, number))
            located.extend((column, message) for message in problems)
        return joined, located

    def _entry(self, entry: str) -> tuple[str, int, str]:
        name, number, problem = _split_entry(entry, self.scale)
        return (self.canonical(name) if name and not problem else ""), number, problem


def parse_skills(
    text: str, scale: Scale = LEVELS, canonical: Callable[[str], str] | None = None
) -> tuple[dict[str, int], list[str]]:
    """Parse ``skill[:n];skill[:n]`` into {canonical skill: n}, with a message per bad entry.

    Entries are separated by ``;`` or a line break, so names with commas, slashes or brackets
    ("Bash/Shell (all shells)", "Linode, now Akamai") stay whole. Only a number after the last
    colon is read as one ("lang:Python:4" is the skill "lang:Python" at 4; "lang:Python" keeps the
    default); a level written as a word ("Python:expert") is refused. A skill listed twice keeps
    its highest number. ``canonical`` defaults to the skills catalogue's.
    """
    return SkillListParser(scale, canonical)(text)


def _split_entry(entry: str, scale: Scale) -> tuple[str, int, str]:
    """``skill[:n]`` → (name, number, problem); see :data:`_NUMBER` for what counts as a number."""
    shown = entry.strip()
    name, colon, suffix = shown.rpartition(":")
    name, suffix = name.strip(), suffix.strip()
    if not colon:
        return shown, scale.default, ""
    if not suffix:  # "Python:" with the number left out
        return name, scale.default, ""
    if not (_NUMBER.fullmatch(suffix) or suffix.casefold() in NUMBER_WORDS):
        return shown, scale.default, ""
    number, problem = _number(suffix, shown, scale)
    if not problem and not name:
        problem = gettext("%(entry)r has a %(what)s but no skill name; %(how)s") % {
            "entry": shown,
            "what": gettext(scale.what),
            "how": _how(scale),
        }
    return (name, number, "") if not problem else (name, 0, problem)


def _number(suffix: str, shown: str, scale: Scale) -> tuple[int, str]:
    """The number after the colon, or why it can't be one."""
    figures = {
        "what": gettext(scale.what),
        "low": scale.low,
        "high": scale.high,
        "how": _how(scale),
        "entry": shown,
    }
    if not _WHOLE.fullmatch(suffix):
        message = gettext(
            "%(what)s must be a whole number %(low)s–%(high)s, got %(got)r in %(entry)r; %(how)s"
        )
        return 0, message % {**figures, "got": suffix}
    number = int(float(suffix.replace(",", ".")))
    if not scale.low <= number <= scale.high:
        message = gettext("%(what)s must be %(low)s–%(high)s, got %(got)s in %(entry)r; %(how)s")
        return 0, message % {**figures, "got": number}
    return number, ""


def _how(scale: Scale) -> str:
    return gettext("write it as skill:%(what)s, e.g. Python:%(default)s") % {
        "what": gettext(scale.what),
        "default": scale.default,
    }


def parse_capacity(text: str, default: int) -> tuple[int, str]:
    """A partner count 1–:data:`MAX_CAPACITY`; empty means ``default``."""
    if not text:
        return default, ""
    if re.fullmatch(r"\d+(\.0+)?", text) and 1 <= int(float(text)) <= MAX_CAPACITY:
        return int(float(text)), ""
    message = gettext("capacity must be a whole number from 1 to %(max)s, got %(got)r")
    return 0, message % {"max": MAX_CAPACITY, "got": text}


def parse_role(text: str) -> tuple[Role, str]:
    """``either``, ``mentor`` or ``mentee`` (any case); empty means either."""
    role = ROLES.get(fold(text) or "either")
    if role is None:
        return "either", gettext("role must be either, mentor or mentee, got %(got)r") % {
            "got": text
        }
    return role, ""


def parse_timezone(text: str) -> tuple[int | None, str]:
    """Minutes east of UTC from an IANA name (Europe/Paris) or an offset (UTC+5:30, +05:30, -3)."""
    if not text:
        return None, ""
    offset = _offset_minutes(text)
    if offset is None:
        return None, gettext(
            "unknown timezone %(got)r; use a name like Europe/Paris or an offset like UTC+5:30"
        ) % {"got": text}
    return offset, ""


@lru_cache(maxsize=4096)
def _offset_minutes(text: str) -> int | None:
    folded = text.strip().casefold().replace(" ", "")
    if folded in _ZERO_OFFSETS:
        return 0
    match = _OFFSET.match(folded)
    if match:
        sign = -1 if match[1] in "-\u2212" else 1
        hours, minutes = int(match[2]), int(match[3] or 0)
        if hours > 14 or minutes >= 60:
            return None
        return sign * (hours * 60 + minutes)
    zone = _zone(text.strip())
    if zone is None:
        return None
    zero = timedelta(0)
    standard = (zone.utcoffset(_TZ_REFERENCE) or zero) - (zone.dst(_TZ_REFERENCE) or zero)
    return int(standard.total_seconds()) // 60


def _zone(name: str) -> ZoneInfo | None:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        pass
    spelled = _zone_names().get(name.casefold())  # "europe/paris" on a case-sensitive disk
    return ZoneInfo(spelled) if spelled else None


@lru_cache(maxsize=1)
def _zone_names() -> dict[str, str]:
    return {zone.casefold(): zone for zone in available_timezones()}


def parse_languages(text: str) -> frozenset[str]:
    """Languages separated by ``;`` or ``,``, lower-cased; two-letter codes (en, fr) spelled out."""
    names = (fold(part) for part in re.split(r"[;,\n]", text))
    return frozenset(_LANGUAGE_CODES.get(name, name) for name in names if name)
