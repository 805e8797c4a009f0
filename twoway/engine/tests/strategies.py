"""Hypothesis strategies and small seeded populations shared by the engine's tests."""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

from twoway.engine.model import Person

SKILLS = ("SQL", "Python", "Figma", "Go", "Rust", "Excel")
LANGUAGES = ("english", "spanish", "french")
ZIPF_ROLES = ("mentor", "mentee", "either")
ZIPF_VOCABULARY = 300


@st.composite
def people(
    draw: st.DrawFn, min_size: int = 2, max_size: int = 12, roles: bool = False
) -> list[Person]:
    """A small population with overlapping skills, optional languages, groups and capacities."""
    size = draw(st.integers(min_size, max_size))
    out = []
    for i in range(size):
        teaches = draw(st.dictionaries(st.sampled_from(SKILLS), st.integers(1, 5), max_size=3))
        learns = draw(st.dictionaries(st.sampled_from(SKILLS), st.integers(1, 3), max_size=3))
        out.append(
            Person(
                id=f"p{i}",
                teaches=teaches,
                learns=learns,
                capacity=draw(st.integers(0, 3)),
                role=draw(st.sampled_from(("either", "mentor", "mentee"))) if roles else "either",
                group=draw(st.sampled_from(("", "red", "blue"))),
                utc_offset_minutes=draw(
                    st.one_of(st.none(), st.integers(-8, 9).map(lambda h: h * 60))
                ),
                languages=frozenset(draw(st.sets(st.sampled_from(LANGUAGES), max_size=2))),
            )
        )
    return out


def random_people(n: int, seed: int, skills: int = 30) -> list[Person]:
    """A seeded population on a small vocabulary (denser than the benchmark's)."""
    rng = np.random.default_rng(seed)
    names = [f"S{i}" for i in range(skills)]
    out = []
    for i in range(n):
        taught = rng.choice(skills, size=rng.integers(1, 5), replace=False)
        wanted = rng.choice(skills, size=rng.integers(1, 5), replace=False)
        out.append(
            Person(
                id=f"p{i}",
                teaches={names[s]: int(rng.integers(1, 6)) for s in taught},
                learns={names[s]: int(rng.integers(1, 4)) for s in wanted},
            )
        )
    return out


def popular_skills_people(n: int, seed: int, skills: int = 200) -> list[Person]:
    """A seeded population shaped like a large organisation's: 3–8 skills taught and wanted,
    drawn by Zipf popularity, so a few skills are shared by a large part of everyone."""
    rng = np.random.default_rng(seed)
    weights = 1.0 / np.arange(1, skills + 1)
    weights /= weights.sum()

    def draw() -> list[int]:
        chosen = rng.choice(skills, size=int(rng.integers(3, 9)), replace=False, p=weights)
        return [int(s) for s in chosen]

    return [
        Person(
            id=f"p{i}",
            teaches={f"S{s}": int(rng.integers(1, 6)) for s in draw()},
            learns={f"S{s}": int(rng.integers(1, 4)) for s in draw()},
        )
        for i in range(n)
    ]


def survey_people(
    n: int, seed: int, skills: int = 40, roles: bool = False, capacities: bool = False
) -> list[Person]:
    """A seeded population shaped like a real survey: few skills with a steep head (the top
    one taught by about 40% of people), no levels, wants that often repeat haves, and about a
    third of the people with nothing taught or nothing wanted."""
    rng = np.random.default_rng(seed)
    weights = np.arange(1, skills + 1) ** -0.8 * np.exp(-np.arange(skills) / 15)
    weights /= weights.sum()

    def draw(empty: float) -> list[int]:
        if rng.random() < empty:
            return []
        size = min(skills, int(rng.integers(1, 12)))
        return [int(s) for s in rng.choice(skills, size=size, replace=False, p=weights)]

    out = []
    for i in range(n):
        taught = draw(0.3)
        wanted = draw(0.3)
        wanted += [s for s in taught if rng.random() < 0.5 and s not in wanted]
        out.append(
            Person(
                id=f"p{i}",
                teaches=dict.fromkeys((f"T{s}" for s in taught), 3),
                learns=dict.fromkeys((f"T{s}" for s in wanted), 2),
                capacity=int(rng.integers(1, 3)) if capacities else 1,
                role=("either", "mentor", "mentee")[i % 3] if roles else "either",
            )
        )
    return out


def zipf_people(
    n: int, seed: int, *, capacities: bool = False, roles: bool = False
) -> list[Person]:
    """Seeded people whose skills follow a Zipf popularity over 300 skills, as real ones do.

    A few popular skills make long posting lists, so many people's top candidates are taken and
    they end up matched below their candidate lists: where the candidate graph stops being enough.
    """
    rng = np.random.default_rng(seed)
    popularity = 1.0 / np.arange(1, ZIPF_VOCABULARY + 1)
    popularity /= popularity.sum()

    def skills() -> list[str]:
        count = int(rng.integers(3, 9))
        drawn = rng.choice(ZIPF_VOCABULARY, size=count, replace=False, p=popularity)
        return [f"S{i}" for i in drawn]

    group = []
    for i in range(n):
        role = ZIPF_ROLES[int(rng.integers(0, 3))] if roles else "either"
        group.append(
            Person(
                id=f"p{i}",
                teaches={s: int(rng.integers(1, 6)) for s in skills()},
                learns={s: int(rng.integers(1, 4)) for s in skills()},
                capacity=int(rng.integers(1, 4)) if capacities else 1,
                role=role,  # type: ignore[arg-type]
            )
        )
    return group
