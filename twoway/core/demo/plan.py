"""Drawing the demo's members: plain data in, plain data out, no database.

``demo_plan`` is deterministic for a seed: it takes its randomness from one explicit
``random.Random(seed)`` and never touches the global generator, so the same seed always gives the
same people, and a test or a bug report can name the exact demo it saw.
"""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

from twoway.core.demo.data import (
    MEMBER_DOMAIN,
    OFFICES,
    ORGANISATION,
    PASTIMES,
    PEOPLE_CRAFT,
    SENIORITIES,
    SENIORITY_WEIGHTS,
    TEAMS,
    WAYS_OF_WORKING,
    YEARS,
    Office,
    Team,
)

DEFAULT_MEMBERS = 160
DEFAULT_SEED = 2026
HEADLINE_MAX = 140
T = TypeVar("T")
Skills = tuple[tuple[str, int], ...]

# Levels a member teaches at, by seniority: (everyday team skills, newer tools, craft).
TEACH_LEVELS = {
    "junior": ((2, 3), (3, 5), (3, 3)),
    "mid": ((3, 4), (3, 4), (3, 4)),
    "senior": ((4, 5), (3, 4), (4, 5)),
    "lead": ((4, 5), (3, 4), (4, 5)),
}
# How many of each a member teaches: (team skills, new tools, craft) as (fewest, most).
TEACH_COUNTS = {
    "junior": ((1, 1), (1, 2), (0, 0)),
    "mid": ((1, 2), (0, 1), (0, 1)),
    "senior": ((1, 2), (0, 0), (2, 3)),
    "lead": ((1, 2), (0, 0), (2, 3)),
}
# Every newer tool any team's juniors bring: what seniors outside that team may want too.
ALL_NEW_TOOLS = tuple(dict.fromkeys(tool for team in TEAMS for tool in team.new_tools))


@dataclass(frozen=True)
class MemberPlan:
    """One demo member as plain data.

    ``teaches`` holds (skill, level 1–5) pairs and ``learns`` holds (skill, priority 1–3) pairs.
    """

    email: str
    first_name: str
    last_name: str
    team: str
    role: str
    seniority: str
    years: int
    city: str
    timezone: str
    languages: tuple[str, ...]
    headline: str
    bio: str
    capacity: int
    open_to_partners: bool
    teaches: Skills
    learns: Skills
    admin: bool = False
    program_manager: bool = False

    @property
    def display_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


def demo_plan(*, members: int = DEFAULT_MEMBERS, seed: int = DEFAULT_SEED) -> list[MemberPlan]:
    """The admin, the fixed personas, then generated members up to ``members`` (admin excluded).

    Juniors teach newer tools and want craft (architecture, review, speaking, negotiation);
    seniors teach that craft and want the newer tools, so reverse mentoring has partners.
    """
    from twoway.core.demo.personas import ADMIN, PERSONAS

    if members < len(PERSONAS):
        raise ValueError(f"The demo needs at least {len(PERSONAS)} members for its fixed logins.")
    rng = random.Random(seed)
    plans = [ADMIN, *PERSONAS]
    names = {plan.display_name for plan in plans}
    emails = {plan.email for plan in plans}
    for _ in range(members - len(PERSONAS)):
        plan = _member(rng, names, emails)
        names.add(plan.display_name)
        emails.add(plan.email)
        plans.append(plan)
    return plans


def _member(rng: random.Random, names: set[str], emails: set[str]) -> MemberPlan:
    office = _weighted(rng, OFFICES, [o.weight for o in OFFICES])
    team = _weighted(rng, TEAMS, [t.weight for t in TEAMS])
    seniority = _weighted(rng, SENIORITIES, SENIORITY_WEIGHTS)
    first, last = _name(rng, office, names)
    years = rng.randint(*YEARS[seniority])
    teaches = _teaches(rng, team, seniority)
    learns = _learns(rng, team, seniority, taught={skill for skill, _ in teaches})
    role = team.titles[SENIORITIES.index(seniority)]
    extra = (rng.choice(office.extra_languages),) if rng.random() < 0.35 else ()
    return MemberPlan(
        email=_email(first, last, emails),
        first_name=first,
        last_name=last,
        team=team.name,
        role=role,
        seniority=seniority,
        years=years,
        city=office.city,
        timezone=office.timezone,
        languages=office.languages + extra,
        headline=_headline(rng, role, seniority, years, teaches, learns, office),
        bio=_bio(rng, team, seniority, years, office, teaches, learns),
        capacity=rng.choice((1, 1, 2) if seniority == "junior" else (1, 2, 2, 3)),
        open_to_partners=rng.random() < 0.9,
        teaches=teaches,
        learns=learns,
    )


def _weighted(rng: random.Random, items: Sequence[T], weights: Sequence[int]) -> T:
    return rng.choices(items, weights=weights, k=1)[0]


def _pick(rng: random.Random, pool: Sequence[str], count: int, exclude: set[str]) -> list[str]:
    """Up to ``count`` distinct items of ``pool``, none of them in ``exclude``."""
    free = [item for item in pool if item not in exclude]
    return rng.sample(free, min(count, len(free)))


def _name(rng: random.Random, office: Office, taken: set[str]) -> tuple[str, str]:
    """A fresh full name; now and then a family name from another office, as in real teams."""
    for _attempt in range(30):
        lasts = rng.choice(OFFICES).last_names if rng.random() < 0.15 else office.last_names
        first, last = rng.choice(office.first_names), rng.choice(lasts)
        if f"{first} {last}" not in taken:
            break
    return first, last


def _ascii(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in plain.lower() if ch.isalnum())


def _email(first: str, last: str, taken: set[str]) -> str:
    local = f"{_ascii(first)}.{_ascii(last)}"
    email, n = f"{local}@{MEMBER_DOMAIN}", 1
    while email in taken:
        n += 1
        email = f"{local}{n}@{MEMBER_DOMAIN}"
    return email


def _teaches(rng: random.Random, team: Team, seniority: str) -> Skills:
    taught: dict[str, int] = {}
    pools = (team.skills, team.new_tools, team.craft)
    for pool, (low, high), levels in zip(
        pools, TEACH_COUNTS[seniority], TEACH_LEVELS[seniority], strict=True
    ):
        for skill in _pick(rng, pool, rng.randint(low, high), set(taught)):
            taught[skill] = rng.randint(*levels)
    return tuple(sorted(taught.items(), key=lambda item: -item[1]))


def _learns(rng: random.Random, team: Team, seniority: str, taught: set[str]) -> Skills:
    wants: dict[str, int] = {}
    if seniority in ("junior", "mid"):
        count = rng.randint(2, 3) if seniority == "junior" else rng.randint(1, 2)
        for skill in _pick(rng, team.craft, count, taught):
            wants[skill] = rng.choice((2, 3, 3))
        if seniority == "mid" and rng.random() < 0.5:
            for skill in _pick(rng, team.new_tools, 1, taught | set(wants)):
                wants[skill] = rng.choice((1, 2))
    else:
        for _ in range(rng.randint(1, 3)):
            pool = team.new_tools if rng.random() < 0.65 else ALL_NEW_TOOLS
            for skill in _pick(rng, pool, 1, taught | set(wants)):
                wants[skill] = rng.choice((2, 3, 3))
    if rng.random() < 0.3:
        for skill in _pick(rng, PEOPLE_CRAFT, 1, taught | set(wants)):
            wants[skill] = rng.choice((1, 2))
    return tuple(sorted(wants.items(), key=lambda item: -item[1]))


# Single-word skills that are common nouns, written in lower case inside a sentence.
COMMON_NOUNS = frozenset(
    {
        "Negotiation",
        "Debugging",
        "Refactoring",
        "Coaching",
        "Facilitation",
        "Storytelling",
        "Hiring",
        "Prioritisation",
        "Influencing",
        "Prototyping",
        "Statistics",
        "Sales",
        "Accessibility",
        "Cryptography",
        "Cybersecurity",
    }
)


def prose(skill: str) -> str:
    """A skill name as it reads mid-sentence: "public speaking" and "negotiation", but "Rust",
    "GitHub Actions", "REST API design" and "Android development" keep their capitals."""
    first, *rest = skill.split()
    if rest:
        common = all(word == word.lower() for word in rest) and first[1:] == first[1:].lower()
        return first.lower() + " " + " ".join(rest) if common and first != "Android" else skill
    return skill.lower() if skill in COMMON_NOUNS else skill


def _and(items: Sequence[str]) -> str:
    items = [prose(item) for item in items]
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _headline(
    rng: random.Random,
    role: str,
    seniority: str,
    years: int,
    teaches: Skills,
    learns: Skills,
    office: Office,
) -> str:
    t, lrn = prose(teaches[0][0]), prose(learns[0][0]) if learns else "something new"
    options = {
        "junior": (
            f"{role} · teaches {t}, learning {lrn}",
            f"{role} in {office.city} · ask me about {t}",
            f"{role} · {t} every day, {lrn} next",
        ),
        "mid": (
            f"{role} · {_and([s for s, _ in teaches[:2]])}",
            f"{role} in {office.city} · happy to teach {t}",
        ),
        "senior": (
            f"{role} · {years} years in, learning {lrn}",
            f"{role} · teaches {t}, learning {lrn}",
        ),
        "lead": (
            f"{role} · mentor in {t}, student of {lrn}",
            f"{role} · {years} years in and still learning",
        ),
    }[seniority]
    headline = rng.choice(options)
    return headline if len(headline) <= HEADLINE_MAX else role


def _bio(
    rng: random.Random,
    team: Team,
    seniority: str,
    years: int,
    office: Office,
    teaches: Skills,
    learns: Skills,
) -> str:
    taught = _and([skill for skill, _ in teaches])
    wanted = _and([skill for skill, _ in learns])
    if seniority == "junior":
        joined = rng.choice(("this year", "last spring", "after a bootcamp", "after university"))
        sentences = [
            f"I joined {ORGANISATION} {joined} and work on the {team.name} team in {office.city}.",
            f"I use {taught} every day and I'm happy to show you the shortcuts.",
            f"I want to get better at {wanted}, and I'd love someone to challenge my thinking.",
        ]
    elif seniority == "mid":
        before = rng.choice(
            ("a start-up that didn't make it", "four years in consulting", "agency work")
        )
        sentences = [
            f"I've been on the {team.name} team in {office.city} for a while, after {before}.",
            f"I can help with {taught}.",
            f"Next I want to grow in {wanted}.",
        ]
    else:
        sentences = [
            f"I've spent {years} years building things, the last few on the {team.name} team "
            f"in {office.city}.",
            f"I can help with {taught}: I've made most of the mistakes already.",
            f"I'd like to learn {wanted} from the people who know "
            f"{'it' if len(learns) == 1 else 'them'} best. "
            "That's why I'm here: mentoring should go both ways.",
        ]
    sentences.append(rng.choice(WAYS_OF_WORKING))
    if rng.random() < 0.6:
        sentences.append(rng.choice(PASTIMES))
    return " ".join(sentences)
