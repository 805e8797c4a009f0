"""Properties every set of circles keeps, on random small populations (hypothesis)."""

from __future__ import annotations

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from twoway.engine.circles import check_circles, form_circles
from twoway.engine.model import MatchConfig, Person
from twoway.engine.scoring import conflict, gain
from twoway.engine.tests.strategies import people

CONFIGS = st.sampled_from(
    [
        MatchConfig(),
        MatchConfig(exclude_same_group=True),
        MatchConfig(require_shared_language=False),
        MatchConfig(mode="mentor-mentee", exclude_same_group=True),
        MatchConfig(forbidden=frozenset({frozenset({"p0", "p1"}), frozenset({"p2", "p3"})})),
    ]
)
SIZES = st.sampled_from([(3, 6, 4), (3, 4, 3), (2, 3, 3), (4, 6, 5)])
PROPERTY = settings(max_examples=40, deadline=None)


@PROPERTY
@given(people(min_size=0, max_size=24), CONFIGS, SIZES, st.integers(0, 5))
def test_circle_sizes_stay_within_bounds_and_nobody_is_in_two_circles(
    group: list[Person], config: MatchConfig, sizes: tuple[int, int, int], seed: int
) -> None:
    low, high, target = sizes
    result = form_circles(group, config, size_min=low, size_max=high, target_size=target, seed=seed)
    assert all(low <= len(c.members) <= high for c in result.circles)
    seats = Counter(pid for c in result.circles for pid in c.members)
    assert all(count == 1 for count in seats.values())
    unmatched = {u.id for u in result.unmatched}
    assert not unmatched & set(seats)
    assert unmatched | set(seats) == {p.id for p in group}


@PROPERTY
@given(people(min_size=0, max_size=24), CONFIGS, st.integers(0, 5))
def test_everyone_in_a_circle_learns_from_someone_and_teaches_someone_in_it(
    group: list[Person], config: MatchConfig, seed: int
) -> None:
    result = form_circles(group, config, seed=seed)
    by_id = {p.id: p for p in group}
    for circle in result.circles:
        members = [by_id[pid] for pid in circle.members]
        for m in members:
            others = [o for o in members if o.id != m.id]
            assert any(gain(o, m, config.weights) > 0 for o in others)
            assert any(gain(m, o, config.weights) > 0 for o in others)


@PROPERTY
@given(people(min_size=0, max_size=24), CONFIGS, st.integers(0, 5))
def test_hard_constraints_and_capacities_hold_for_every_pair_inside_a_circle(
    group: list[Person], config: MatchConfig, seed: int
) -> None:
    result = form_circles(group, config, seed=seed)
    by_id = {p.id: p for p in group}
    peer = MatchConfig(
        exclude_same_group=config.exclude_same_group,
        require_shared_language=config.require_shared_language,
        forbidden=config.forbidden,
    )
    for circle in result.circles:
        members = [by_id[pid] for pid in circle.members]
        assert all(m.capacity > 0 for m in members)
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                assert conflict(a, b, peer) is None
    assert check_circles(result, group, config) == []


@PROPERTY
@given(people(min_size=0, max_size=24), CONFIGS, st.integers(0, 5))
def test_the_same_input_and_seed_give_the_same_circles(
    group: list[Person], config: MatchConfig, seed: int
) -> None:
    first = form_circles(group, config, seed=seed)
    again = form_circles(list(group), config, seed=seed)
    assert first.circles == again.circles
    assert first.unmatched == again.unmatched
