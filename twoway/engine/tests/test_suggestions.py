"""Ranked suggestions for one person, as the web app asks for them."""

from __future__ import annotations

from twoway.engine.explain import explain_pair
from twoway.engine.model import MatchConfig, Person
from twoway.engine.scoring import pair_score
from twoway.engine.suggest import (
    Limits,
    Member,
    SuggestionIndex,
    SuggestionPool,
    rank,
    suggestions_for,
)
from twoway.engine.tests.strategies import random_people


def test_suggestions_are_the_best_two_way_partners_best_first() -> None:
    group = random_people(200, seed=5)
    config = MatchConfig()
    found = suggestions_for(group[0], group, config, limit=5)
    best = sorted((pair_score(group[0], p, config) for p in group[1:]), reverse=True)[:5]
    assert [s.score for s in found] == best
    assert all(s.a == group[0].id and s.b != group[0].id for s in found)
    assert all(s.gain_ab > 0 and s.gain_ba > 0 for s in found)


def test_an_index_answers_for_anyone_in_it() -> None:
    group = random_people(120, seed=6)
    index = SuggestionIndex(group)
    for person in group[:5]:
        assert all(s.a == person.id for s in index.top(person.id, limit=3))


def _members(people: list[Person]) -> list[Member]:
    ids = {
        name: i
        for i, name in enumerate(sorted({s for p in people for s in (*p.teaches, *p.learns)}))
    }
    return [
        Member(key=k, person=p, teaches={ids[s]: n for s, n in p.teaches.items()},
               learns={ids[s]: n for s, n in p.learns.items()}, listed=k % 7 != 0, complete=True,
               capacity=1, team="ab"[k % 2])
        for k, p in enumerate(people)
    ]  # fmt: skip


def test_a_pool_kept_up_to_date_walks_like_a_pool_built_afresh() -> None:
    members = _members(random_people(150, seed=8))
    pool = SuggestionPool(members[:100])
    for member in members[100:]:
        pool.put(member)
    for member in members[:20]:
        pool.drop(member.key)
        pool.put(member)
    for gone in members[140:]:
        pool.drop(gone.key)
    fresh = SuggestionPool(members[:140])
    limits = Limits(per_skill=5, one_way_per_skill=2, total=40)
    for me in members[:30]:
        assert pool.walk(me, limits=limits) == fresh.walk(me, limits=limits)
        assert pool.walk(me, team="A") == fresh.walk(me, team="A")


def test_the_walk_never_offers_me_myself_or_an_unlisted_member() -> None:
    members = _members(random_people(120, seed=9))
    pool = SuggestionPool(members)
    for me in members[:30]:
        found = pool.walk(me)
        assert me.key not in found
        assert all(pool.members[k].listed for k in found)
        assert len(found) == len(set(found))


def test_rank_orders_as_the_explained_pairs_do() -> None:
    group = random_people(120, seed=10)
    config = MatchConfig(mode="peer")
    me, others = group[0], list(enumerate(group[1:], start=1))
    ranked = rank(me, others, config)
    pairs = {k: explain_pair(me, p, config) for k, p in others}
    assert ranked  # the check has teeth
    for k, _ in ranked:
        assert pairs[k].a_teaches_b or pairs[k].b_teaches_a
    both = [bool(pairs[k].a_teaches_b and pairs[k].b_teaches_a) for k, _ in ranked]
    assert both == sorted(both, reverse=True)  # two-way pairs first
    scores = [pairs[k].score for (k, _), two_way in zip(ranked, both, strict=True) if two_way]
    assert scores == sorted(scores, reverse=True)
