"""Bit-set searches: the same gains and the same pairs as the reference kernels."""

from __future__ import annotations

import numpy as np
import pytest

from twoway.engine import dense, kernels, outside
from twoway.engine.candidates import forbidden_codes
from twoway.engine.model import MatchConfig, Mode, Person, Weights
from twoway.engine.population import build_population, config_params
from twoway.engine.stable import row_bounds


def _people(n: int, seed: int, levels: bool) -> list[Person]:
    rng = np.random.default_rng(seed)
    names = [f"S{i}" for i in range(70)]
    out = []
    for i in range(n):
        taught = rng.choice(70, size=rng.integers(0, 7), replace=False)
        wanted = rng.choice(70, size=rng.integers(0, 7), replace=False)
        out.append(
            Person(
                id=f"p{i}",
                teaches={names[s]: int(rng.integers(1, 6)) if levels else 3 for s in taught},
                learns={names[s]: int(rng.integers(1, 4)) if levels else 2 for s in wanted},
            )
        )
    return out


def test_bit_set_gains_equal_the_reference_gains_with_and_without_levels() -> None:
    for levels in (True, False):
        pop = build_population(_people(300, seed=3, levels=levels), MatchConfig())
        bits = dense.planes(pop, limit=64)
        assert bits is not None
        arrays = pop.kernel_arrays()
        out, into = np.empty(pop.size), np.empty(pop.size)
        for a in range(0, 300, 7):
            dense.gains_of(a, 0, *dense.as_args(bits), out, into)
            for b in range(0, 300, 5):
                expected = kernels.directed_gain(a, b, arrays)
                got = out[b]
                assert got == expected, (levels, a, b)
                assert into[b] == kernels.directed_gain(b, a, arrays), (levels, a, b)


def test_without_levels_one_plane_of_two_words_is_enough() -> None:
    pop = build_population(_people(50, seed=4, levels=False), MatchConfig())
    bits = dense.planes(pop)
    assert bits is not None
    assert bits.words == 2
    assert list(bits.plane_weight) == [3.0]


def test_the_bit_set_search_finds_what_the_posting_list_walk_finds() -> None:
    config = MatchConfig()
    pop = build_population(_people(400, seed=5, levels=True), config)
    bits = dense.planes(pop, limit=64)
    assert bits is not None
    rng = np.random.default_rng(6)
    t = rng.uniform(0, 6, size=pop.size)
    ub = row_bounds(pop, config)
    rows = np.flatnonzero(ub > t).astype(np.int32)
    searched = np.zeros(pop.size, dtype=np.bool_)
    searched[rows] = True
    known = np.zeros(0, dtype=np.int64)
    args = (pop.kernel_arrays(), config_params(config), forbidden_codes(pop, config))
    walk = outside.search_outside(rows, searched, t, ub, known, 5, True, *args, pop.postings())
    bitset = dense.search_outside(rows, searched, t, ub, known, 5, True, dense.as_args(bits), *args)
    assert np.array_equal(walk[2], bitset[2])
    assert np.allclose(walk[3], bitset[3])
    assert np.array_equal(np.sort(walk[1], axis=1), np.sort(bitset[1], axis=1))


@pytest.mark.parametrize(
    ("mode", "levels"), [("peer", False), ("mentor-mentee", False), ("peer", True)]
)
def test_searching_only_the_people_with_room_finds_what_the_whole_search_finds(
    mode: Mode, levels: bool
) -> None:
    # Without levels the fast path (one plane of two words); with them the general one.
    forbidden = frozenset(frozenset(p) for p in (("p3", "p17"), ("p40", "p41"), ("p5", "p399")))
    config = MatchConfig(mode=mode, forbidden=forbidden)
    pop = build_population(_people(400, seed=11, levels=levels), config)
    bits = dense.planes(pop, limit=64)
    assert bits is not None
    assert (bits.words == 2 and bits.plane_weight.shape[0] == 1) is not levels
    rng = np.random.default_rng(12)
    t = rng.uniform(0, 3, size=pop.size)
    t[rng.random(pop.size) < 0.1] = np.inf  # no capacity left
    ub = row_bounds(pop, config)
    rows = np.flatnonzero(ub > t).astype(np.int32)
    assert 50 < rows.shape[0] < pop.size - 50  # some have room, some don't
    searched = np.zeros(pop.size, dtype=np.bool_)
    searched[rows] = True
    args = (pop.kernel_arrays(), config_params(config), forbidden_codes(pop, config))
    whole = dense.search_outside(rows, searched, t, ub, np.zeros(0, np.int64), 5, True,
                                 dense.as_args(bits), *args)  # fmt: skip
    # A third of the pairs the whole search found are already in the graph.
    a = np.repeat(rows.astype(np.int64), 5)
    b = whole[0].ravel().astype(np.int64)
    pick = (b >= 0) & (rng.random(b.shape[0]) < 0.33)
    known = np.unique(np.minimum(a, b)[pick] * pop.size + np.maximum(a, b)[pick])
    whole = dense.search_outside(rows, searched, t, ub, known, 5, True, dense.as_args(bits), *args)
    live = dense.search_live(rows, t, ub, known, 5, dense.as_args(bits), *args)
    assert np.count_nonzero(whole[2]) > 20  # the comparison has finds to compare
    assert np.array_equal(whole[2], live[2])
    assert np.allclose(whole[3], live[3])
    assert np.array_equal(np.sort(whole[0], axis=1), np.sort(live[0], axis=1))
    # Asked for each row's best 5 only, it names the same pairs and weighs fewer.
    top = dense.search_live(rows, t, ub, known, 5, dense.as_args(bits), *args, top_only=True)
    assert np.array_equal(np.sort(live[0], axis=1), np.sort(top[0], axis=1))
    assert np.all(top[2] <= live[2]) and top[2].sum() < live[2].sum()


def test_the_stored_pairs_give_the_same_finds_as_the_bit_set_search() -> None:
    config = MatchConfig()
    pop = build_population(_people(400, seed=7, levels=False), config)
    bits = dense.planes(pop)
    assert bits is not None
    args = (pop.kernel_arrays(), config_params(config), forbidden_codes(pop, config))
    stored = dense.all_pairs(bits, *args)
    assert stored is not None
    rng = np.random.default_rng(8)
    t = rng.uniform(0, 4, size=pop.size)
    ub = row_bounds(pop, config)
    rows = np.flatnonzero(ub > t).astype(np.int32)
    searched = np.zeros(pop.size, dtype=np.bool_)
    searched[rows] = True
    # A fifth of the stored pairs are already in the graph.
    owner = np.repeat(np.arange(pop.size), np.diff(stored.start))
    pick = np.flatnonzero(rng.random(stored.v.shape[0]) < 0.2)
    known = np.sort(owner[pick] * pop.size + stored.v[pick])
    in_graph = np.zeros(stored.v.shape[0], dtype=np.bool_)
    dense.mark_pairs(stored, owner[pick], stored.v[pick].astype(np.int64), in_graph)
    assert np.count_nonzero(in_graph) == pick.shape[0]
    searched_bits = dense.search_outside(
        rows, searched, t, ub, known, 5, True, dense.as_args(bits), *args
    )
    listed = dense.price_pairs(stored, rows, searched, t, in_graph, 5)
    assert np.count_nonzero(searched_bits[2]) > 20  # the comparison has finds to compare
    assert np.array_equal(searched_bits[2], listed[2])
    assert np.allclose(searched_bits[3], listed[3])
    assert np.array_equal(np.sort(searched_bits[0], axis=1), np.sort(listed[0], axis=1))


def test_no_pairs_are_stored_beyond_the_limit() -> None:
    config = MatchConfig()
    pop = build_population(_people(200, seed=9, levels=False), config)
    bits = dense.planes(pop)
    assert bits is not None
    args = (pop.kernel_arrays(), config_params(config), forbidden_codes(pop, config))
    stored = dense.all_pairs(bits, *args)
    assert stored is not None and stored.v.shape[0] > 10
    assert dense.all_pairs(bits, *args, limit=stored.v.shape[0] - 1) is None
    # Every stored pair has the reference kernel's weight.
    owner = np.repeat(np.arange(pop.size), np.diff(stored.start))
    assert np.allclose(kernels.pair_weights(owner, stored.v.astype(np.int64), *args), stored.w)


def _with_constraints(people: list[Person], seed: int) -> list[Person]:
    """The same people, some with languages, time zones and groups."""
    rng = np.random.default_rng(seed)
    out = []
    for p in people:
        has = rng.random() < 0.5
        out.append(
            Person(
                id=p.id,
                teaches=p.teaches,
                learns=p.learns,
                group=str(rng.integers(0, 3)) if rng.random() < 0.5 else "",
                utc_offset_minutes=int(rng.integers(-12, 13)) * 60 if has else None,
                languages=frozenset({str(rng.choice(["en", "de", "fr"]))}) if has else frozenset(),
            )
        )
    return out


def test_the_stored_pairs_are_every_pair_with_a_weight_under_each_hard_constraint() -> None:
    people = _with_constraints(_people(250, seed=11, levels=False), seed=12)
    ends = np.array([(a, b) for a in range(250) for b in range(a + 1, 250)], dtype=np.int64)
    forbid = frozenset({frozenset({"p0", "p1"}), frozenset({"p2", "p3"})})
    configs = [
        # Counted by gains alone: no constraint can set a weight to 0.
        MatchConfig(require_shared_language=False),
        MatchConfig(require_shared_language=False, exclude_same_group=True),
        MatchConfig(),  # a shared language required
        MatchConfig(
            require_shared_language=False, weights=Weights(timezone=2.0, timezone_floor=0.0)
        ),
        MatchConfig(require_shared_language=False, forbidden=forbid),
        MatchConfig(mode="mentor-mentee"),
    ]
    for config in configs:
        pop = build_population(people, config)
        bits = dense.planes(pop)
        assert bits is not None
        args = (pop.kernel_arrays(), config_params(config), forbidden_codes(pop, config))
        stored = dense.all_pairs(bits, *args)
        assert stored is not None
        weights = kernels.pair_weights(ends[:, 0], ends[:, 1], *args)
        owner = np.repeat(np.arange(pop.size), np.diff(stored.start))
        assert np.array_equal(np.stack([owner, stored.v], axis=1), ends[weights > 0])
        assert np.allclose(stored.w, weights[weights > 0])
