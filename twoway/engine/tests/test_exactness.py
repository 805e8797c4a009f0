"""On small instances the welfare objective finds the true optimum (networkx as the referee)."""

from __future__ import annotations

import networkx as nx
import pytest

from twoway.engine.match import match
from twoway.engine.model import MatchConfig, Person
from twoway.engine.scoring import pair_score
from twoway.engine.tests.strategies import random_people


def _optimum(group: list[Person], config: MatchConfig) -> float:
    graph = nx.Graph()
    for i, a in enumerate(group):
        for b in group[i + 1 :]:
            score = pair_score(a, b, config)
            if score > 0:
                graph.add_edge(a.id, b.id, weight=score)
    chosen = nx.max_weight_matching(graph)
    return float(sum(graph[a][b]["weight"] for a, b in chosen))


@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize("n", [10, 40, 120])
def test_welfare_equals_the_exact_optimum_on_small_instances(n: int, seed: int) -> None:
    group = random_people(n, seed)
    config = MatchConfig()
    result = match(group, config)
    assert result.summary.total_weight == pytest.approx(_optimum(group, config), rel=1e-9)


@pytest.mark.parametrize("seed", range(4))
def test_mentor_mentee_welfare_equals_the_exact_optimum(seed: int) -> None:
    group = [
        Person(p.id, p.teaches, p.learns, role="mentor" if i % 3 == 0 else "either")
        for i, p in enumerate(random_people(60, seed))
    ]
    config = MatchConfig(mode="mentor-mentee")
    assert match(group, config).summary.total_weight == pytest.approx(
        _optimum(group, config), rel=1e-9
    )


def test_the_upper_bound_is_never_below_the_total() -> None:
    result = match(random_people(150, 11), MatchConfig())
    assert result.summary.upper_bound >= result.summary.total_weight - 1e-9
    assert 0 <= result.summary.gap < 1e-6
