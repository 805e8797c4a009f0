"""One seeded generator of synthetic populations for every benchmark.

Distributions (all drawn from one ``numpy.random.Generator(seed)``, so a seed fixes everything):

- Vocabulary: ``VOCABULARY`` = 500 skills named ``Skill001`` … ``Skill500``. Skill ``i`` (1-based)
  has popularity ∝ ``i ** -ZIPF_EXPONENT`` with ``ZIPF_EXPONENT = 1.0``; the exponent was chosen
  so that, as in the peers' measurements in shared/engine.md (352,586 edges at n = 2,000), about
  18% of all pairs have gain both ways: seed 0 gives 352,900 such pairs at n = 2,000 (17.7%).
- Skills taught: 3–8 per person (uniform), distinct, drawn without replacement by popularity
  (an exponential race, i.e. Plackett–Luce sampling). Levels 1–5 with probabilities
  ``LEVEL_P`` = 10/20/30/25/15%. Mentors (mentor–mentee populations only) teach at levels 3–5.
- Skills wanted: 3–8 per person, drawn the same way and independently of what they teach, so a few
  wants overlap a skill the person already teaches (then only a better teacher brings gain).
  Priorities 1–3 with probabilities ``PRIORITY_P`` = 30/40/30%. A want of a skill the person
  already teaches at level 5 is dropped, as ``twoway match`` drops it on reading (nobody can
  teach above 5), so the CSV and the direct input are the same people.
- Capacity (optional): 1, 2 or 3 partners with probabilities 60/30/10%; otherwise 1.
- Roles: ``either`` for a peer population. A mentor–mentee population (``mentor_share`` set) has
  that share of mentors and the rest mentees, no ``either``, so it is bipartite.
- Languages (optional, lower case as ``twoway match`` reads them): english with probability 90%,
  plus one of spanish, french, german or portuguese (uniform) with probability 30%; somebody
  without english always speaks one of those.
- Timezones (optional): UTC offsets in whole hours, uniform over -8 … +9.

The population is held as arrays (:class:`Population`); :meth:`Population.people` turns it into
engine input and :meth:`Population.write_csv` writes the same people in the ``twoway match``
contract.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from twoway.engine.model import Person, Role

VOCABULARY = 500
ZIPF_EXPONENT = 1.0
MIN_SKILLS, MAX_SKILLS = 3, 8
LEVEL_P = (0.10, 0.20, 0.30, 0.25, 0.15)
MENTOR_LEVEL_P = (0.0, 0.0, 0.40, 0.35, 0.25)
PRIORITY_P = (0.30, 0.40, 0.30)
CAPACITY_P = (0.60, 0.30, 0.10)
OTHER_LANGUAGES = ("spanish", "french", "german", "portuguese")
# Rows drawn at once: bounds the race's scratch matrix to CHUNK × VOCABULARY float32 (100 MB).
CHUNK = 50_000

IntArray = NDArray[np.int64]


def skill_name(index: int) -> str:
    """The name of vocabulary skill ``index`` (0-based): Skill001 … Skill500."""
    return f"Skill{index + 1:03d}"


def popularity(
    vocabulary: int = VOCABULARY, exponent: float = ZIPF_EXPONENT
) -> NDArray[np.float64]:
    """Zipf-like popularity of each skill, normalised to sum to 1."""
    weights: NDArray[np.float64] = np.arange(1, vocabulary + 1, dtype=np.float64) ** -exponent
    return weights / float(weights.sum())


@dataclass(slots=True)
class Population:
    """People as arrays. Row ``i`` of ``teach_skill`` lists skill indices, ``-1`` pads it."""

    teach_skill: IntArray  # n × MAX_SKILLS
    teach_level: IntArray  # n × MAX_SKILLS, 0 where padded
    learn_skill: IntArray
    learn_priority: IntArray
    capacity: IntArray  # n
    role: NDArray[np.str_]  # n: either | mentor | mentee
    utc_offset_hours: IntArray | None = None
    languages: list[frozenset[str]] | None = None

    @property
    def size(self) -> int:
        return int(self.capacity.shape[0])

    def ids(self) -> list[str]:
        return [f"p{i}" for i in range(self.size)]

    def people(self) -> list[Person]:
        """The population as engine input, in row order (ids ``p0``, ``p1``, …)."""
        names = [skill_name(i) for i in range(VOCABULARY)]
        teaches = _skill_maps(self.teach_skill, self.teach_level, names)
        learns = _skill_maps(self.learn_skill, self.learn_priority, names)
        offsets = self._offset_minutes()
        languages = self.languages or [frozenset()] * self.size
        return [
            Person(
                id=f"p{i}",
                teaches=teaches[i],
                learns=learns[i],
                name=f"Person {i}",
                capacity=int(cap),
                role=_role(str(role)),
                utc_offset_minutes=offsets[i],
                languages=languages[i],
            )
            for i, (cap, role) in enumerate(zip(self.capacity, self.role, strict=True))
        ]

    def _offset_minutes(self) -> list[int | None]:
        if self.utc_offset_hours is None:
            return [None] * self.size
        return [int(h) * 60 for h in self.utc_offset_hours]

    def write_csv(self, path: Path) -> None:
        """Write the population in the ``twoway match`` input contract."""
        names = [skill_name(i) for i in range(VOCABULARY)]
        teaches = _skill_cells(self.teach_skill, self.teach_level, names)
        learns = _skill_cells(self.learn_skill, self.learn_priority, names)
        header = ["id", "name", "teaches", "learns", "capacity", "role"]
        header += ["timezone"] if self.utc_offset_hours is not None else []
        header += ["languages"] if self.languages is not None else []
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(header)
            for i in range(self.size):
                row = [
                    f"p{i}",
                    f"Person {i}",
                    teaches[i],
                    learns[i],
                    self.capacity[i],
                    self.role[i],
                ]
                if self.utc_offset_hours is not None:
                    row.append(_utc_label(int(self.utc_offset_hours[i])))
                if self.languages is not None:
                    row.append(";".join(sorted(self.languages[i])))
                writer.writerow(row)


def generate_population(
    n: int,
    seed: int = 0,
    *,
    capacities: bool = False,
    mentor_share: float | None = None,
    languages: bool = False,
    timezones: bool = False,
) -> Population:
    """Draw ``n`` people. Same arguments, same population."""
    rng = np.random.default_rng(seed)
    weights = popularity()
    role = _draw_roles(rng, n, mentor_share)
    teach_skill = _draw_skill_sets(rng, n, weights)
    learn_skill = _draw_skill_sets(rng, n, weights)
    teach_level = _draw_grades(rng, teach_skill, LEVEL_P)
    mentors = role == "mentor"
    if mentors.any():
        teach_level[mentors] = _draw_grades(rng, teach_skill[mentors], MENTOR_LEVEL_P)
    learn_priority = _draw_grades(rng, learn_skill, PRIORITY_P)
    _drop_mastered_wants(learn_skill, learn_priority, teach_skill, teach_level)
    capacity = rng.choice(3, size=n, p=CAPACITY_P) + 1 if capacities else np.ones(n, np.int64)
    return Population(
        teach_skill=teach_skill,
        teach_level=teach_level,
        learn_skill=learn_skill,
        learn_priority=learn_priority,
        capacity=capacity.astype(np.int64),
        role=role,
        utc_offset_hours=rng.integers(-8, 10, size=n) if timezones else None,
        languages=_draw_languages(rng, n) if languages else None,
    )


def generate(n: int, seed: int = 0, **options: bool | float | None) -> list[Person]:
    """Draw ``n`` people as engine input; see :func:`generate_population` for the options."""
    return generate_population(n, seed, **options).people()  # type: ignore[arg-type]


def _draw_skill_sets(rng: np.random.Generator, n: int, weights: NDArray[np.float64]) -> IntArray:
    """Distinct skills per row by popularity: the ``k`` smallest of Exp(1)/weight win the race."""
    counts = rng.integers(MIN_SKILLS, MAX_SKILLS + 1, size=n)
    out = np.full((n, MAX_SKILLS), -1, dtype=np.int64)
    inverse = (1.0 / weights).astype(np.float32)
    for start in range(0, n, CHUNK):
        stop = min(n, start + CHUNK)
        race = rng.standard_exponential((stop - start, weights.size), dtype=np.float32) * inverse
        top = np.argpartition(race, MAX_SKILLS, axis=1)[:, :MAX_SKILLS]
        order = np.argsort(np.take_along_axis(race, top, axis=1), axis=1)
        out[start:stop] = np.take_along_axis(top, order, axis=1)
    out[np.arange(MAX_SKILLS)[None, :] >= counts[:, None]] = -1
    return out


def _draw_grades(rng: np.random.Generator, skills: IntArray, p: tuple[float, ...]) -> IntArray:
    """A level or priority (1-based) for each listed skill, 0 where the row is padded."""
    grades = rng.choice(len(p), size=skills.shape, p=p).astype(np.int64) + 1
    grades[skills < 0] = 0
    return grades


def _drop_mastered_wants(
    learn_skill: IntArray, learn_priority: IntArray, teach_skill: IntArray, teach_level: IntArray
) -> None:
    """Pad out (in place) each want of a skill its person teaches at the top level."""
    mastered = (teach_skill[:, None, :] == learn_skill[:, :, None]) & (teach_level[:, None, :] == 5)
    drop = mastered.any(axis=2) & (learn_skill >= 0)
    learn_skill[drop] = -1
    learn_priority[drop] = 0


def _draw_roles(rng: np.random.Generator, n: int, mentor_share: float | None) -> NDArray[np.str_]:
    if mentor_share is None:
        return np.full(n, "either")
    return np.where(rng.random(n) < mentor_share, "mentor", "mentee")


def _draw_languages(rng: np.random.Generator, n: int) -> list[frozenset[str]]:
    english = rng.random(n) < 0.9
    second = rng.random(n) < 0.3
    other = rng.integers(0, len(OTHER_LANGUAGES), size=n)
    result = []
    for has_english, has_second, which in zip(english, second, other, strict=True):
        spoken = {"english"} if has_english else set()
        if has_second or not has_english:
            spoken.add(OTHER_LANGUAGES[which])
        result.append(frozenset(spoken))
    return result


def _skill_maps(skills: IntArray, grades: IntArray, names: list[str]) -> list[dict[str, int]]:
    return [
        {names[s]: int(g) for s, g in zip(row_s, row_g, strict=True) if s >= 0}
        for row_s, row_g in zip(skills.tolist(), grades.tolist(), strict=True)
    ]


def _skill_cells(skills: IntArray, grades: IntArray, names: list[str]) -> list[str]:
    return [
        ";".join(f"{names[s]}:{g}" for s, g in zip(row_s, row_g, strict=True) if s >= 0)
        for row_s, row_g in zip(skills.tolist(), grades.tolist(), strict=True)
    ]


def _role(value: str) -> Role:
    if value == "mentor":
        return "mentor"
    return "mentee" if value == "mentee" else "either"


def _utc_label(hours: int) -> str:
    return f"UTC{hours:+03d}:00"
