"""The stable objective is stable on the FULL graph, not only on the candidate graph.

Above ``FULL_GRAPH_LIMIT`` the candidate graph leaves pairs out, and greedy on it alone left
hundreds of blocking pairs at n = 2,000. These tests count blocking pairs by brute force over all
pairs of people (:mod:`twoway.engine.tests.full_graph`), independent of the engine's kernels.
"""

from __future__ import annotations

import pytest

from twoway.engine import candidates
from twoway.engine import match as match_module
from twoway.engine.match import match
from twoway.engine.model import MatchConfig, Person
from twoway.engine.scoring import pair_score
from twoway.engine.tests.full_graph import blocking_pairs
from twoway.engine.tests.strategies import zipf_people


def _check(group: list[Person], config: MatchConfig) -> None:
    result = match(group, config)
    assert blocking_pairs(result, group, config) == 0
    assert result.summary.blocking_pairs == 0
    assert result.summary.blocking_graph == "full"


@pytest.mark.parametrize("mode", ["peer", "mentor-mentee"])
def test_the_stable_objective_leaves_no_blocking_pair_on_the_full_graph_above_the_full_graph_limit(
    mode: str,
) -> None:
    group = zipf_people(1_500, seed=3, roles=mode == "mentor-mentee")
    assert len(group) > candidates.FULL_GRAPH_LIMIT
    _check(group, MatchConfig(objective="stable", mode=mode))  # type: ignore[arg-type]


@pytest.mark.parametrize("mode", ["peer", "mentor-mentee"])
def test_stability_on_the_full_graph_holds_with_capacities_of_one_to_three(mode: str) -> None:
    group = zipf_people(800, seed=5, capacities=True, roles=mode == "mentor-mentee")
    _check(group, MatchConfig(objective="stable", mode=mode))  # type: ignore[arg-type]


def test_stability_on_the_full_graph_holds_around_a_lock_and_a_forbidden_pair() -> None:
    group = zipf_people(700, seed=7, capacities=True)
    plain = match(group, MatchConfig(objective="stable"))
    # Lock the heaviest pair (both people's first choice, so a stable matching still exists) and
    # forbid a pair the plain run chose, so the constraint changes the outcome.
    best = max(plain.pairs, key=lambda p: p.score)
    dropped = sorted(plain.pairs, key=lambda p: p.score)[len(plain.pairs) // 2]
    config = MatchConfig(
        objective="stable",
        locked=frozenset({frozenset((best.a, best.b))}),
        forbidden=frozenset({frozenset((dropped.a, dropped.b))}),
    )
    result = match(group, config)
    chosen = {frozenset((p.a, p.b)): p for p in result.pairs}
    assert chosen[frozenset((best.a, best.b))].locked
    assert frozenset((dropped.a, dropped.b)) not in chosen
    assert blocking_pairs(result, group, config) == 0
    assert result.summary.blocking_pairs == 0


@pytest.mark.parametrize("mode", ["peer", "mentor-mentee"])
def test_the_stable_objective_is_stable_on_the_full_graph_when_candidates_are_approximate(
    mode: str,
) -> None:
    group = zipf_people(5_200, seed=11, roles=mode == "mentor-mentee")
    assert len(group) > candidates.EXACT_LIMIT  # candidates come from the bucket search
    config = MatchConfig(objective="stable", mode=mode)  # type: ignore[arg-type]
    result = match(group, config)
    assert result.summary.candidate_method == "buckets"
    assert blocking_pairs(result, group, config) == 0
    assert result.summary.blocking_pairs == 0


def test_the_repair_adds_pairs_from_outside_the_candidates_and_says_so() -> None:
    group = zipf_people(1_500, seed=3)
    result = match(group, MatchConfig(objective="stable"))
    assert result.summary.repair_edges > 0
    welfare = match(group, MatchConfig())
    assert welfare.summary.blocking_graph == "candidates"
    # Stability costs some welfare, but not much.
    assert 0.85 * welfare.summary.total_weight < result.summary.total_weight
    assert result.summary.total_weight <= welfare.summary.upper_bound


def test_the_repaired_stable_run_is_deterministic() -> None:
    group = zipf_people(1_000, seed=13, capacities=True)
    config = MatchConfig(objective="stable")
    first, second = match(group, config), match(list(group), config)
    assert first.pairs == second.pairs
    assert first.summary.upper_bound == second.summary.upper_bound


def test_above_the_proof_limit_the_stable_run_says_its_count_is_over_the_candidates(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The full-graph search is quadratic, so big runs skip it and must not claim a full count.
    monkeypatch.setattr(match_module, "PROOF_LIMIT", 500)
    group = zipf_people(600, seed=3)
    result = match(group, MatchConfig(objective="stable"))
    assert result.summary.blocking_graph == "candidates"
    assert result.summary.solver == "greedy"
    assert result.summary.blocking_pairs == 0  # greedy is stable on the graph it ran on
    assert blocking_pairs(result, group, MatchConfig(objective="stable")) > 0


def test_asking_for_the_proof_above_the_limit_leaves_no_blocking_pair_over_all_pairs(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The same 600 people as above, where skipping the proof leaves blocking pairs: with
    # prove_stable the repair runs anyway, and the brute-force count over all pairs agrees.
    monkeypatch.setattr(match_module, "PROOF_LIMIT", 500)
    group = zipf_people(600, seed=3)
    config = MatchConfig(objective="stable", prove_stable=True)
    result = match(group, config)
    assert result.summary.blocking_graph == "full"
    assert result.summary.blocking_pairs == 0
    assert blocking_pairs(result, group, config) == 0


def test_above_the_proof_limit_nobody_with_room_is_left_apart_from_a_free_partner_who_fits(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # As at scale: approximate candidates, no proof. Greedy on them alone leaves people unmatched
    # whose top-k partners were taken; the fill then pairs anyone left with room who fits.
    monkeypatch.setattr(match_module, "PROOF_LIMIT", 500)
    monkeypatch.setattr(candidates, "EXACT_LIMIT", 1_000)
    group = zipf_people(2_500, seed=29, capacities=True)
    config = MatchConfig(objective="stable", forbidden=frozenset({frozenset(("p1", "p2"))}))
    result = match(group, config)
    assert result.summary.filled_pairs > 0
    assert result.summary.blocking_pairs == 0
    chosen = [frozenset((p.a, p.b)) for p in result.pairs]
    assert len(chosen) == len(set(chosen))
    assert frozenset(("p1", "p2")) not in chosen
    load: dict[str, int] = {}
    for pair in result.pairs:
        for who in (pair.a, pair.b):
            load[who] = load.get(who, 0) + 1
    capacity = {p.id: p.capacity for p in group}
    assert all(load[who] <= capacity[who] for who in load)
    with_room = [p for p in group if load.get(p.id, 0) < p.capacity]
    apart = [
        (a.id, b.id)
        for i, a in enumerate(with_room)
        for b in with_room[i + 1 :]
        if frozenset((a.id, b.id)) not in set(chosen) | config.forbidden
        and pair_score(a, b, config) > 0
    ]
    assert apart == []
