"""The solver used at scale (auction + local search) is near-optimal and proves its bound."""

from __future__ import annotations

import numpy as np
import pytest

from twoway.engine.candidates import candidate_graph
from twoway.engine.model import MatchConfig
from twoway.engine.population import build_population
from twoway.engine.solve import auction_solve, lp_relaxation
from twoway.engine.tests.strategies import random_people


@pytest.mark.parametrize("capacities", [False, True])
def test_the_auction_lands_within_half_a_percent_of_the_lp_and_bounds_it(capacities: bool) -> None:
    group = random_people(400, seed=9, skills=40)
    if capacities:
        rng = np.random.default_rng(0)
        group = [
            type(p)(p.id, p.teaches, p.learns, capacity=int(rng.integers(1, 4))) for p in group
        ]
    config = MatchConfig()
    pop = build_population(group, config)
    graph = candidate_graph(pop, config)
    n, u, v, w, cap = pop.size, graph.u, graph.v, graph.w, pop.capacity
    lp = -lp_relaxation(n, u, v, w, cap).fun
    solution = auction_solve(n, u, v, w, cap)
    total = float(w[solution.matched].sum())
    assert solution.bound >= lp - 1e-6
    assert total >= 0.995 * lp
    load = np.bincount(u[solution.matched], minlength=n) + np.bincount(
        v[solution.matched], minlength=n
    )
    assert np.all(load <= cap)
