"""The full two-way graph of a population, scored with our pair score, for the exact peers.

Gains are computed for all ordered pairs at once with dense matrix products (fine up to a few
thousand people): since ``(x − y)⁺ = Σ_t [x ≥ t]·[y < t]`` for levels 0–5,
``gain(a→b) = Σ_t Σ_s [level_a(s) ≥ t] · priority_b(s) · [own_b(s) < t]``, one product per t.
:func:`check_against_engine` compares a sample of the result with
:func:`twoway.engine.scoring.pair_score`, so the peers are scored exactly as our engine scores.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from benchmarks.generator import VOCABULARY, Population
from twoway.engine.model import MAX_LEVEL, MatchConfig, Person
from twoway.engine.scoring import pair_score

Matrix = NDArray[np.float64]


@dataclass(slots=True)
class FullGraph:
    """``gain[a, b]`` is gain(a→b); ``score`` is the symmetric pair score (0 = no edge)."""

    n: int
    gain: Matrix
    score: Matrix
    mentors: NDArray[np.int64]
    mentees: NDArray[np.int64]

    def edges(self) -> tuple[NDArray[np.int64], NDArray[np.int64], Matrix]:
        """Edges as ``(i, j, w)``: mentor→mentee in mentor–mentee mode, else ``i < j``."""
        if self.mentors.size:
            sub = self.score[np.ix_(self.mentors, self.mentees)]
            r, c = np.nonzero(sub > 0)
            return self.mentors[r], self.mentees[c], sub[r, c]
        i, j = np.nonzero(np.triu(self.score, 1) > 0)
        return i, j, self.score[i, j]

    def save(self, path: Path) -> None:
        """Write the edges for a contender process (see benchmarks/contenders.py)."""
        i, j, w = self.edges()
        np.savez(path, n=self.n, i=i, j=j, w=w, mentors=self.mentors, mentees=self.mentees)


def full_graph(population: Population, config: MatchConfig) -> FullGraph:
    """Every pair's gains and score (peer: harmonic mean; mentor–mentee: oriented score)."""
    if population.languages is not None or population.utc_offset_hours is not None:
        raise ValueError("the full graph ignores languages and timezones; generate without them")
    gain = _gains(population, config.weights.priority)
    if config.mode == "peer":
        total = gain + gain.T
        score = np.where(
            (gain > 0) & (gain.T > 0), 2 * gain * gain.T / np.where(total, total, 1), 0
        )
        np.fill_diagonal(score, 0.0)
        empty = np.zeros(0, dtype=np.int64)
        return FullGraph(population.size, gain, score, empty, empty)
    mentors = np.flatnonzero(population.role == "mentor")
    mentees = np.flatnonzero(population.role == "mentee")
    weights = config.weights
    forward = gain[np.ix_(mentors, mentees)]
    oriented = np.where(
        forward > 0,
        weights.mentor * forward + weights.reverse * gain.T[np.ix_(mentors, mentees)],
        0,
    )
    score = np.zeros_like(gain)
    score[np.ix_(mentors, mentees)] = oriented
    score[np.ix_(mentees, mentors)] = oriented.T
    return FullGraph(population.size, gain, score, mentors, mentees)


def _gains(population: Population, priority: tuple[float, float, float]) -> Matrix:
    n = population.size
    level = _dense(population.teach_skill, population.teach_level, n)
    wants = _dense(population.learn_skill, population.learn_priority, n)
    weight = np.where(wants > 0, np.asarray((0.0, *priority))[wants.astype(np.int64)], 0.0)
    gain = np.zeros((n, n))
    for t in range(1, MAX_LEVEL + 1):
        gain += (level >= t).astype(np.float64) @ (weight * (level < t)).T
    return gain


def _dense(skills: NDArray[np.int64], values: NDArray[np.int64], n: int) -> Matrix:
    out = np.zeros((n, VOCABULARY))
    rows = np.broadcast_to(np.arange(n)[:, None], skills.shape)
    listed = skills >= 0
    out[rows[listed], skills[listed]] = values[listed]
    return out


def check_against_engine(
    graph: FullGraph, people: list[Person], config: MatchConfig, samples: int = 3000, seed: int = 1
) -> float:
    """The largest difference between our dense scores and the engine's ``pair_score``.

    Half the sample is drawn among edges, half among all pairs, so both kinds are checked.
    """
    rng = np.random.default_rng(seed)
    i, j, _ = graph.edges()
    pick = rng.integers(0, max(i.size, 1), samples // 2)
    pairs = list(zip(i[pick].tolist(), j[pick].tolist(), strict=True)) if i.size else []
    pairs += [tuple(p) for p in rng.integers(0, graph.n, (samples // 2, 2)).tolist()]
    worst = 0.0
    for a, b in pairs:
        expected = pair_score(people[a], people[b], config)
        worst = max(worst, abs(expected - float(graph.score[a, b])))
    return worst
