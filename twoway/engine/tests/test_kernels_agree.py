"""The compiled scoring and candidate search agree with the readable reference functions."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from hypothesis import given, settings

from twoway.engine import kernels
from twoway.engine.candidates import exact_top_k, forbidden_codes
from twoway.engine.model import MatchConfig, Person
from twoway.engine.population import build_population, config_params
from twoway.engine.scoring import pair_score
from twoway.engine.tests.strategies import people, random_people

CONFIGS = (
    MatchConfig(),
    MatchConfig(mode="mentor-mentee", exclude_same_group=True),
    MatchConfig(require_shared_language=False, min_overlap_hours=7),
)


def _all_pairs(size: int) -> tuple[np.ndarray, np.ndarray]:
    us, vs = np.triu_indices(size, k=1)
    return us.astype(np.int32), vs.astype(np.int32)


@settings(max_examples=60, deadline=None)
@given(people(roles=True))
def test_compiled_pair_weights_equal_pair_score(group: list[Person]) -> None:
    forbidden = frozenset({frozenset((group[0].id, group[1].id))})
    for base in CONFIGS:
        config = replace(base, forbidden=forbidden)
        pop = build_population(group, config)
        us, vs = _all_pairs(len(group))
        got = kernels.pair_weights(
            us, vs, pop.kernel_arrays(), config_params(config), forbidden_codes(pop, config)
        )
        want = [pair_score(group[a], group[b], config) for a, b in zip(us, vs, strict=True)]
        np.testing.assert_allclose(got, want, rtol=1e-9, atol=1e-9)


def test_exact_candidates_are_the_true_top_k() -> None:
    group = random_people(120, seed=3)
    config = MatchConfig(top_k=7)
    pop = build_population(group, config)
    idx, wts, _, _ = exact_top_k(pop, config, np.arange(120, dtype=np.int32), 7)
    for a in range(0, 120, 7):
        scores = sorted(
            (pair_score(group[a], group[b], config) for b in range(120) if b != a), reverse=True
        )
        best = [s for s in scores[:7] if s > 0]
        np.testing.assert_allclose(wts[a][: len(best)], best, rtol=1e-9)
