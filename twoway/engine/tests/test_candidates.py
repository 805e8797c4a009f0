"""Candidate search: the bucket index used at scale finds real two-way partners, and most of
the best ones."""

from __future__ import annotations

import numpy as np

from twoway.engine.candidates import candidate_graph
from twoway.engine.model import MatchConfig
from twoway.engine.population import build_population
from twoway.engine.scoring import gain, pair_score
from twoway.engine.tests.strategies import random_people


def test_every_bucket_candidate_learns_both_ways_and_is_scored_exactly() -> None:
    group = random_people(600, seed=4, skills=60)
    config = MatchConfig(top_k=10)
    graph = candidate_graph(build_population(group, config), config, method="buckets")
    assert graph.edges > 0
    for a, b, w in zip(graph.u[:300], graph.v[:300], graph.w[:300], strict=True):
        first, second = group[int(a)], group[int(b)]
        assert gain(first, second, config.weights) > 0 < gain(second, first, config.weights)
        assert w == pair_score(first, second, config)


def test_the_bucket_graph_keeps_most_of_the_exact_top_k_score() -> None:
    group = random_people(600, seed=4, skills=60)
    config = MatchConfig(top_k=10)
    pop = build_population(group, config)
    exact = candidate_graph(pop, config, method="exact")
    sampled = candidate_graph(pop, config, method="buckets")

    def best_per_person(u: np.ndarray, v: np.ndarray, w: np.ndarray) -> float:
        total = 0.0
        for person in range(len(group)):
            mine = np.sort(np.concatenate([w[u == person], w[v == person]]))[::-1]
            total += float(mine[: config.top_k].sum())
        return total

    recall = best_per_person(sampled.u, sampled.v, sampled.w) / best_per_person(
        exact.u, exact.v, exact.w
    )
    assert recall >= 0.9


def test_the_same_seed_gives_the_same_bucket_graph() -> None:
    group = random_people(300, seed=8, skills=40)
    config = MatchConfig(top_k=5, seed=3)
    pop = build_population(group, config)
    first = candidate_graph(pop, config, method="buckets")
    second = candidate_graph(pop, config, method="buckets")
    assert np.array_equal(first.u, second.u) and np.array_equal(first.v, second.v)
