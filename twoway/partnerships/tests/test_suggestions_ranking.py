"""Ranking properties over 300 generated members, checked against scoring everyone by brute force.

The database lookup must not lose anyone the engine would rank near the top, must never suggest
someone who can't take a partner, and must rank two-way pairs above one-way ones.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from twoway.engine.explain import explain_pair
from twoway.engine.scoring import conflict
from twoway.partnerships.adapter import SUGGESTION_CONFIG, person_of
from twoway.partnerships.models import Partnership
from twoway.partnerships.services import active_count
from twoway.partnerships.suggestions import suggestions_for
from twoway.partnerships.tests.population import make_population
from twoway.people.models import Profile

TOP = 10


@pytest.fixture
def population(db: None) -> list[Profile]:
    profiles = make_population(300)
    # Some members are already full: a partnership for each of the first ten pairs.
    for a, b in zip(profiles[0:20:2], profiles[1:20:2], strict=True):
        Partnership.objects.create(member_low_id=a.user_id, member_high_id=b.user_id)
    return profiles


def _brute_force(me: Profile) -> list[tuple[float, int]]:
    """Every eligible member scored by the engine: (score, user id), best first."""
    mine = person_of(Profile.objects.with_skills().get(pk=me.pk))
    scored = []
    for other in Profile.objects.complete().with_skills().filter(open_to_partners=True):
        if other.pk == me.pk or active_count(other.user_id) >= other.capacity:
            continue
        them = person_of(other)
        if conflict(mine, them, SUGGESTION_CONFIG) is None:
            pair = explain_pair(mine, them, SUGGESTION_CONFIG)
            if pair.score > 0:
                scored.append((pair.score, other.user_id))
    return sorted(scored, reverse=True)


def test_the_top_suggestions_match_scoring_everyone(population: list[Profile]) -> None:
    checked = 0
    for me in population[20:300:23]:
        expected = [round(score, 6) for score, _ in _brute_force(me)[:TOP]]
        found = suggestions_for(user=me.user, limit=TOP).items
        assert [round(s.pair.score, 6) for s in found if s.two_way] == expected
        checked += bool(expected)
    assert checked >= 8  # most sampled members have two-way partners: the check has teeth


def test_nobody_is_suggested_who_cannot_take_a_partner(population: list[Profile]) -> None:
    full = {p.user_id for p in population[:20] if active_count(p.user_id) >= p.capacity}
    assert full  # the fixture made some members full
    for me in population[20:60]:
        mine = person_of(me_with_skills(me))
        for s in suggestions_for(user=me.user, limit=50).items:
            profile = s.profile
            assert profile.user_id != me.user_id
            assert profile.open_to_partners and profile.user_id not in full
            assert profile.is_complete
            # No hard constraint (a language they don't share) ever slips through.
            assert conflict(mine, person_of(profile), SUGGESTION_CONFIG) is None


def me_with_skills(me: Profile) -> Profile:
    return Profile.objects.with_skills().get(pk=me.pk)


def test_two_way_pairs_come_first_in_score_order_then_one_way(population: list[Profile]) -> None:
    for me in population[20:80]:
        items = suggestions_for(user=me.user, limit=100).items
        kinds = [s.two_way for s in items]
        assert kinds == sorted(kinds, reverse=True)  # all True before any False
        scores = [s.pair.score for s in items if s.two_way]
        assert scores == sorted(scores, reverse=True)
        for s in items:
            assert s.pair.gain_ab > 0 or s.pair.gain_ba > 0
            assert (s.pair.gain_ab > 0 and s.pair.gain_ba > 0) == s.two_way
            assert bool(s.caveat) != s.two_way
            assert 0 <= s.percent <= 100


def test_the_query_count_does_not_grow_with_the_results(population: list[Profile]) -> None:
    me = population[150]
    suggestions_for(user=me.user, limit=1)  # the process's pool is built once, then kept warm
    with CaptureQueriesContext(connection) as small:
        suggestions_for(user=me.user, limit=5)
    with CaptureQueriesContext(connection) as large:
        found = suggestions_for(user=me.user, limit=100)
    assert len(found.items) > 5
    assert len(large) == len(small) <= 40


def test_a_skill_filter_keeps_only_pairs_that_swap_it(population: list[Profile]) -> None:
    me = me_with_skills(population[42])
    skill = next(iter(me.learns.all())).skill
    items = suggestions_for(user=me.user, skill=skill.name, limit=50).items
    for s in items:
        assert skill.name in {f.skill for f in s.they_teach + s.i_teach}


def test_team_and_timezone_filters(population: list[Profile]) -> None:
    me = population[77]
    for s in suggestions_for(user=me.user, team="data", limit=50).items:
        assert s.profile.team == "Data"
    for s in suggestions_for(user=me.user, tz="Asia/Tokyo", limit=50).items:
        assert s.profile.timezone == "Asia/Tokyo"
