"""Above the full-graph limit, small welfare runs price pairs in from outside the candidates, and
their upper bound holds for every pair of people, not only the candidate graph.

The referee is HiGHS's MIP on the full graph, scored by brute force (tests/full_graph.py).
"""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp
from scipy.optimize import Bounds, LinearConstraint, milp

from twoway.engine import candidates
from twoway.engine.match import match
from twoway.engine.model import MatchConfig, Person
from twoway.engine.tests.full_graph import full_scores
from twoway.engine.tests.strategies import zipf_people


def _optimum(group: list[Person], config: MatchConfig) -> float:
    score = full_scores(group, config)
    a, b = np.nonzero(np.triu(score, k=1) > 0)
    weight = score[a, b]
    m = weight.shape[0]
    incidence = sp.csr_matrix(
        (np.ones(2 * m), (np.concatenate([a, b]), np.concatenate([np.arange(m)] * 2))),
        shape=(len(group), m),
    )
    cap = np.array([p.capacity for p in group], dtype=np.float64)
    result = milp(
        -weight,
        constraints=LinearConstraint(incidence, -np.inf, cap),
        integrality=np.ones(m),
        bounds=Bounds(0.0, 1.0),
        options={"mip_rel_gap": 1e-9},
    )
    assert result.status == 0
    return float(-result.fun)


@pytest.mark.parametrize(
    ("mode", "capacities"), [("peer", False), ("peer", True), ("mentor-mentee", False)]
)
def test_small_welfare_runs_bound_every_pair_and_reach_the_target_share_of_the_optimum(
    mode: str, capacities: bool
) -> None:
    group = zipf_people(450, seed=17, capacities=capacities, roles=mode == "mentor-mentee")
    assert len(group) > candidates.FULL_GRAPH_LIMIT  # the candidate graph is not the full one
    config = MatchConfig(mode=mode)  # type: ignore[arg-type]
    result = match(group, config)
    optimum = _optimum(group, config)
    assert result.summary.bound_graph == "full"
    assert result.summary.upper_bound >= optimum - 1e-6
    assert result.summary.total_weight >= 0.995 * optimum  # the engine's target (99.5%)


def test_pricing_adds_pairs_from_outside_the_candidates_and_says_so() -> None:
    group = zipf_people(1_200, seed=19)
    result = match(group, MatchConfig())
    assert result.summary.repair_edges > 0
    assert result.summary.bound_graph == "full"
    assert result.summary.blocking_graph == "candidates"


def test_large_runs_say_their_bound_covers_the_candidate_graph_only(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(candidates, "EXACT_LIMIT", 400)
    result = match(zipf_people(500, seed=23), MatchConfig())
    assert result.summary.candidate_method == "buckets"
    assert result.summary.bound_graph == "candidates"
