"""Ranked suggestions for one person, as the web app asks for them."""

from __future__ import annotations

from twoway.engine.model import MatchConfig
from twoway.engine.scoring import pair_score
from twoway.engine.suggest import SuggestionIndex, suggestions_for
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
