"""Properties every matching keeps, on random small populations (hypothesis)."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from twoway.engine.match import match
from twoway.engine.model import MatchConfig, MatchResult, Person
from twoway.engine.scoring import conflict, gain, pair_score
from twoway.engine.tests.strategies import people

CONFIGS = st.sampled_from(
    [
        MatchConfig(),
        MatchConfig(objective="stable"),
        MatchConfig(exclude_same_group=True, require_shared_language=False),
        MatchConfig(mode="mentor-mentee"),
        MatchConfig(mode="mentor-mentee", objective="stable", exclude_same_group=True),
    ]
)
PROPERTY = settings(max_examples=25, deadline=None)


def _by_id(group: list[Person]) -> dict[str, Person]:
    return {p.id: p for p in group}


@PROPERTY
@given(people(roles=True), CONFIGS)
def test_nobody_is_paired_with_themselves_or_twice_with_the_same_partner(
    group: list[Person], config: MatchConfig
) -> None:
    result = match(group, config)
    keys = [frozenset((p.a, p.b)) for p in result.pairs]
    assert all(len(k) == 2 for k in keys)
    assert len(set(keys)) == len(keys)


@PROPERTY
@given(people(roles=True), CONFIGS)
def test_capacities_and_hard_constraints_hold(group: list[Person], config: MatchConfig) -> None:
    result = match(group, config)
    people_by_id = _by_id(group)
    load = Counter(pid for p in result.pairs for pid in (p.a, p.b))
    assert all(load[pid] <= people_by_id[pid].capacity for pid in load)
    for pair in result.pairs:
        assert conflict(people_by_id[pair.a], people_by_id[pair.b], config) is None
        assert pair.score > 0


@PROPERTY
@given(people())
def test_every_peer_pair_learns_both_ways(group: list[Person]) -> None:
    result = match(group, MatchConfig())
    people_by_id = _by_id(group)
    for pair in result.pairs:
        a, b = people_by_id[pair.a], people_by_id[pair.b]
        assert gain(a, b, MatchConfig().weights) > 0 < gain(b, a, MatchConfig().weights)


@PROPERTY
@given(people())
def test_peer_scores_are_symmetric(group: list[Person]) -> None:
    config = MatchConfig()
    for a in group:
        for b in group:
            assert pair_score(a, b, config) == pair_score(b, a, config)


@PROPERTY
@given(people(roles=True), CONFIGS, st.integers(0, 3))
def test_the_same_input_and_seed_give_the_same_output(
    group: list[Person], config: MatchConfig, seed: int
) -> None:
    config = replace(config, seed=seed)
    first, second = match(group, config), match(list(group), config)
    assert first.pairs == second.pairs
    assert first.unmatched == second.unmatched


def _blocking(
    result: MatchResult, group: list[Person], config: MatchConfig
) -> list[tuple[str, str]]:
    """Pairs, over all people, who would both rather be together (brute force)."""
    chosen = {frozenset((p.a, p.b)) for p in result.pairs}
    partners: dict[str, list[float]] = {p.id: [] for p in group}
    for pair in result.pairs:
        partners[pair.a].append(pair.score)
        partners[pair.b].append(pair.score)

    def wants(person: Person, score: float) -> bool:
        mine = partners[person.id]
        return len(mine) < person.capacity or (bool(mine) and score > min(mine))

    found = []
    for i, a in enumerate(group):
        for b in group[i + 1 :]:
            score = pair_score(a, b, config)
            free = score > 0 and frozenset((a.id, b.id)) not in chosen
            if free and wants(a, score) and wants(b, score):
                found.append((a.id, b.id))
    return found


@PROPERTY
@given(people(roles=True), st.sampled_from(["peer", "mentor-mentee"]))
def test_the_stable_objective_leaves_no_blocking_pair(group: list[Person], mode: str) -> None:
    config = MatchConfig(objective="stable", mode=mode)  # type: ignore[arg-type]
    result = match(group, config)
    assert _blocking(result, group, config) == []
    assert result.summary.blocking_pairs == 0


@PROPERTY
@given(people(min_size=3), st.data())
def test_locked_pairs_are_kept_and_use_capacity(group: list[Person], data: st.DataObject) -> None:
    a, b = data.draw(st.sampled_from(group)), data.draw(st.sampled_from(group))
    if a.id == b.id or a.capacity < 1 or b.capacity < 1:
        return
    config = MatchConfig(locked=frozenset({frozenset((a.id, b.id))}))
    result = match(group, config)
    locked = [p for p in result.pairs if p.locked]
    assert [frozenset((p.a, p.b)) for p in locked] == [frozenset((a.id, b.id))]
    load = Counter(pid for p in result.pairs for pid in (p.a, p.b))
    assert load[a.id] <= a.capacity and load[b.id] <= b.capacity


@PROPERTY
@given(people(), CONFIGS)
def test_every_person_without_a_partner_gets_a_reason(
    group: list[Person], config: MatchConfig
) -> None:
    result = match(group, config)
    paired = {pid for p in result.pairs for pid in (p.a, p.b)}
    assert {u.id for u in result.unmatched} == {p.id for p in group} - paired
    assert all(u.detail for u in result.unmatched)


def test_nobody_to_match_gives_an_empty_result_not_an_error() -> None:
    # A program round whose participants all have incomplete profiles reaches the engine empty.
    result = match([], MatchConfig())
    assert result.pairs == [] and result.unmatched == []
    assert result.summary.people == 0
