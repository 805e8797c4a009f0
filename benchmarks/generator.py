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

Survey mode (``survey=True``) draws people shaped like a real skills survey instead, calibrated
on the Stack Overflow Developer Survey 2017 (``devsurvey2017.csv``: 19,102 respondents, 67
technologies in a "have" and a "want" column, no levels); ``python -m benchmarks.survey_shape``
prints the real and generated figures side by side (its docstring keeps them). Capacity, roles,
languages and timezones are drawn as above, after the skills (mentors get no higher levels).

- Vocabulary: ``SURVEY_VOCABULARY`` = 67 skills named ``Tech01`` … ``Tech67`` (plain names, not
  real ones, so the skill catalogue of ``twoway match`` can't merge or respell them), in order
  of popularity: ``Tech01`` is the most taught.
- Who answered: both cells empty with probability ``SURVEY_SILENT_P`` = 28.5%; only a want with
  probability ``SURVEY_WANT_ONLY_P`` = 0.25%; everybody else teaches something, and of them
  ``SURVEY_NO_WANT_P`` = 1.5% skip the want question (with the people whose draws below come to
  no want at all, about 3% of everybody teach but want nothing, as in the survey).
- Skills taught: 1 + NegativeBinomial(mean ``SURVEY_HAVE_MEAN`` = 6.9, shape
  ``SURVEY_HAVE_SHAPE`` = 3.8) per person who teaches (mean 7.9, a tail past 30; capped at 67),
  drawn as in the default mode (Plackett–Luce) by Zipf popularity with an exponential cut-off,
  ``rank ** -SURVEY_ZIPF_EXPONENT · exp(-rank / SURVEY_CUTOFF)`` (0.4, 20): a steep head, so
  that the most taught skill is taught by about 45% of everybody (63% of those who teach
  anything), the fifth by 28% and the tenth by 19%, and a short tail (the rarest by under 1%);
  plain Zipf can't give both the survey's head and its tail. All at level 3 (what a cell
  without ``:level`` reads as): a survey has no levels.
- Skills wanted, in two parts. Re-listed skills: each skill the person teaches, with a
  per-person probability ~ Beta(``SURVEY_OVERLAP_BETA`` = 0.67, 0.53) (mean 56%, U-shaped: many
  people re-list none or all of their skills); such a want brings gain from nobody, as nobody
  teaches above level 3. New wants: NegativeBinomial(mean ``SURVEY_NEW_MEAN`` = 3.85, shape
  ``SURVEY_NEW_SHAPE`` = 1.2) per person (18% want nothing new), drawn by Plackett–Luce among
  the skills they don't teach, by the teaching popularity ** ``SURVEY_WANT_EXPONENT`` (0.5,
  flatter) times a per-skill trend ``exp(SURVEY_TREND_SIGMA · Z)`` (σ = 0.85, Z standard normal
  clipped to ±``SURVEY_TREND_CLIP`` = 1.5, drawn once per population from the same generator):
  in the survey the skills people want to pick up (React, Go, Rust) are often not the ones most
  people teach, the rank correlation between the two being 0.58 (about 0.5–0.7 here, by
  seed).
  About 53% of all wants re-list a skill the person teaches, as in the survey. A want-only
  person wants 1 + that many new skills.
- Priorities: all 2 (the default; a survey has none). Rows list skills in vocabulary order, as
  a survey export does; a CSV cell is ``Tech01;Tech05`` (no ``:level``, no ``:priority``).
- Not modelled: technology stacks (people teaching MySQL tend to teach PHP, …); a person's
  skills depend on each other only through their count.

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

from twoway.engine.model import DEFAULT_LEVEL, DEFAULT_PRIORITY, Person, Role

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

# Survey mode; see the module docstring (figures calibrated by benchmarks/survey_shape.py).
SURVEY_VOCABULARY = 67
SURVEY_ZIPF_EXPONENT, SURVEY_CUTOFF = 0.4, 20.0
SURVEY_SILENT_P = 0.285
SURVEY_WANT_ONLY_P = 0.0025
SURVEY_NO_WANT_P = 0.015
SURVEY_HAVE_MEAN, SURVEY_HAVE_SHAPE = 6.9, 3.8
SURVEY_OVERLAP_BETA = (0.67, 0.53)
SURVEY_NEW_MEAN, SURVEY_NEW_SHAPE = 3.85, 1.2
SURVEY_WANT_EXPONENT = 0.5
SURVEY_TREND_SIGMA, SURVEY_TREND_CLIP = 0.85, 1.5
SURVEY_LEVEL, SURVEY_PRIORITY = DEFAULT_LEVEL, DEFAULT_PRIORITY

IntArray = NDArray[np.int64]


def skill_name(index: int) -> str:
    """The name of vocabulary skill ``index`` (0-based): Skill001 … Skill500."""
    return f"Skill{index + 1:03d}"


def survey_skill_name(index: int) -> str:
    """The name of survey vocabulary skill ``index`` (0-based): Tech01 … Tech67."""
    return f"Tech{index + 1:02d}"


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
    # Survey mode: skills Tech01 … Tech67, cells written without ``:level`` / ``:priority``.
    survey: bool = False

    @property
    def size(self) -> int:
        return int(self.capacity.shape[0])

    def ids(self) -> list[str]:
        return [f"p{i}" for i in range(self.size)]

    def skill_names(self) -> list[str]:
        """The vocabulary, by skill index."""
        if self.survey:
            return [survey_skill_name(i) for i in range(SURVEY_VOCABULARY)]
        return [skill_name(i) for i in range(VOCABULARY)]

    def people(self) -> list[Person]:
        """The population as engine input, in row order (ids ``p0``, ``p1``, …)."""
        names = self.skill_names()
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
        """Write the population in the ``twoway match`` input contract.

        A survey population's cells carry no ``:level`` or ``:priority``: every grade is the
        default (3, 2), which is what a bare skill reads as.
        """
        names = self.skill_names()
        suffixed = not self.survey
        teaches = _skill_cells(self.teach_skill, self.teach_level, names, suffixed=suffixed)
        learns = _skill_cells(self.learn_skill, self.learn_priority, names, suffixed=suffixed)
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
    survey: bool = False,
) -> Population:
    """Draw ``n`` people. Same arguments, same population.

    ``survey`` draws survey-shaped skills instead (see the module docstring); the other options
    mean the same in both modes.
    """
    rng = np.random.default_rng(seed)
    if survey:
        return _generate_survey(rng, n, capacities, mentor_share, languages, timezones)
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
    return _assemble(
        rng,
        (teach_skill, teach_level, learn_skill, learn_priority, role),
        capacities=capacities,
        languages=languages,
        timezones=timezones,
    )


def generate(n: int, seed: int = 0, **options: bool | float | None) -> list[Person]:
    """Draw ``n`` people as engine input; see :func:`generate_population` for the options."""
    return generate_population(n, seed, **options).people()  # type: ignore[arg-type]


def _generate_survey(
    rng: np.random.Generator,
    n: int,
    capacities: bool,
    mentor_share: float | None,
    languages: bool,
    timezones: bool,
) -> Population:
    """Survey-shaped people (survey mode of :func:`generate_population`)."""
    trend = np.clip(rng.standard_normal(SURVEY_VOCABULARY), -SURVEY_TREND_CLIP, SURVEY_TREND_CLIP)
    teach_weights = survey_popularity()
    want_weights = teach_weights**SURVEY_WANT_EXPONENT * np.exp(SURVEY_TREND_SIGMA * trend)
    role = _draw_roles(rng, n, mentor_share)
    answer = rng.random(n)
    teaches_any = answer >= SURVEY_SILENT_P + SURVEY_WANT_ONLY_P
    want_only = ~teaches_any & (answer >= SURVEY_SILENT_P)
    have_count = 1 + _negative_binomial(rng, n, SURVEY_HAVE_MEAN, SURVEY_HAVE_SHAPE)
    have_count = np.where(teaches_any, np.minimum(have_count, SURVEY_VOCABULARY), 0)
    keep = rng.beta(*SURVEY_OVERLAP_BETA, size=n)
    overlap_count = rng.binomial(have_count, keep)
    new_count = _negative_binomial(rng, n, SURVEY_NEW_MEAN, SURVEY_NEW_SHAPE) + want_only
    answered_want = rng.random(n) >= SURVEY_NO_WANT_P
    overlap_count = np.where(answered_want, overlap_count, 0)
    new_count = np.where(want_only | (teaches_any & answered_want), new_count, 0)
    new_count = np.minimum(new_count, SURVEY_VOCABULARY - have_count)
    teach = np.zeros((n, SURVEY_VOCABULARY), dtype=bool)
    learn = np.zeros((n, SURVEY_VOCABULARY), dtype=bool)
    for start in range(0, n, CHUNK):
        rows = slice(start, min(n, start + CHUNK))
        taught = _race(rng, teach_weights, have_count[rows])
        teach[rows] = taught
        # Re-listed wants: a uniform choice among the person's own skills.
        draw = np.where(taught, rng.random(taught.shape), np.inf)
        learn[rows] = _first(draw, overlap_count[rows])
        learn[rows] |= _race(rng, want_weights, new_count[rows], excluded=taught)
    teach_skill = _listed(teach)
    learn_skill = _listed(learn)
    teach_level = np.where(teach_skill >= 0, SURVEY_LEVEL, 0).astype(np.int64)
    learn_priority = np.where(learn_skill >= 0, SURVEY_PRIORITY, 0).astype(np.int64)
    return _assemble(
        rng,
        (teach_skill, teach_level, learn_skill, learn_priority, role),
        capacities=capacities,
        languages=languages,
        timezones=timezones,
        survey=True,
    )


def survey_popularity() -> NDArray[np.float64]:
    """Survey mode's popularity of teaching each skill: Zipf with an exponential cut-off."""
    ranks = np.arange(1, SURVEY_VOCABULARY + 1, dtype=np.float64)
    weights: NDArray[np.float64] = ranks**-SURVEY_ZIPF_EXPONENT * np.exp(-ranks / SURVEY_CUTOFF)
    return weights / float(weights.sum())


def _negative_binomial(rng: np.random.Generator, n: int, mean: float, shape: float) -> IntArray:
    """Counts with this mean and variance ``mean + mean² / shape``."""
    return rng.negative_binomial(shape, shape / (shape + mean), size=n).astype(np.int64)


def _race(
    rng: np.random.Generator,
    weights: NDArray[np.float64],
    counts: IntArray,
    excluded: NDArray[np.bool_] | None = None,
) -> NDArray[np.bool_]:
    """``counts[i]`` distinct skills for row ``i`` by popularity (Plackett–Luce), as a mask."""
    inverse = (1.0 / weights).astype(np.float32)
    race = rng.standard_exponential((counts.size, weights.size), dtype=np.float32) * inverse
    if excluded is not None:
        race[excluded] = np.inf
    return _first(race, counts)


def _first(keys: NDArray[np.floating], counts: IntArray) -> NDArray[np.bool_]:
    """Per row, a mask of the ``counts[i]`` smallest keys."""
    order = np.argsort(keys, axis=1, kind="stable")
    mask = np.zeros(keys.shape, dtype=bool)
    chosen = np.arange(keys.shape[1])[None, :] < counts[:, None]
    np.put_along_axis(mask, order, chosen, axis=1)
    return mask


def _listed(mask: NDArray[np.bool_]) -> IntArray:
    """Each row's skills in vocabulary order, ``-1`` padded (at least one column)."""
    width = max(1, int(mask.sum(axis=1).max(initial=0)))
    order = np.argsort(~mask, axis=1, kind="stable")[:, :width]
    listed = order.astype(np.int64)
    listed[~np.take_along_axis(mask, order, axis=1)] = -1
    return listed


def _assemble(
    rng: np.random.Generator,
    rows: tuple[IntArray, IntArray, IntArray, IntArray, NDArray[np.str_]],
    *,
    capacities: bool,
    languages: bool,
    timezones: bool,
    survey: bool = False,
) -> Population:
    """The population from its skill arrays and roles, drawing capacities, timezones and
    languages last, in that order (so a seed gives the same people as before this helper)."""
    teach_skill, teach_level, learn_skill, learn_priority, role = rows
    n = int(teach_skill.shape[0])
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
        survey=survey,
    )


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


def _skill_cells(
    skills: IntArray, grades: IntArray, names: list[str], *, suffixed: bool = True
) -> list[str]:
    if not suffixed:
        return [";".join(names[s] for s in row if s >= 0) for row in skills.tolist()]
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
