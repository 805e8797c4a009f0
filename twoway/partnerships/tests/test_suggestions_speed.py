"""Suggestions from the warm pool: the same answers as the database walk, a bounded number of
queries whatever the page shows, and never a stale suggestion after a change.

Alice and Bob swap SQL and Figma (``swap_profiles``); Charlie is a third member. Nothing here
times anything: benchmarks/web_pages.py does.
"""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from twoway.core.scheduler import registered_jobs
from twoway.partnerships.models import Partnership, SuggestionChange, SuggestionMark
from twoway.partnerships.suggestion_index import _synced, _Warm
from twoway.partnerships.suggestions import SuggestionList, suggestions_for
from twoway.partnerships.tests.helpers import login, partner, swap_profiles
from twoway.partnerships.tests.population import make_population
from twoway.partnerships.tests.reference import reference_suggestions
from twoway.people.models import Profile, Skill, Teaching
from twoway.people.services import profile_skills_add, teaching_remove, teaching_set
from twoway.people.tests.helpers import make_complete


def _seen(found: SuggestionList) -> list[Any]:
    """Everything a member sees of each suggestion, in order."""
    return [
        (s.profile.pk, round(s.pair.score, 9), s.kind, s.percent, s.explanation, s.caveat,
         s.mark, s.pending)
        for s in found.items
    ] + [found.me_complete, found.missing, found.at_capacity]  # fmt: skip


@pytest.fixture
def population(db: None) -> list[Profile]:
    """300 members; some full, some closed, one inactive, some marks."""
    profiles = make_population(300)
    for a, b in zip(profiles[0:30:2], profiles[1:30:2], strict=True):
        Partnership.objects.create(member_low_id=a.user_id, member_high_id=b.user_id)
    rng = random.Random(3)
    for me in profiles[100:300:20]:
        for other in rng.sample(profiles, 6):
            if other.pk != me.pk:
                kind = rng.choice(["hidden", "saved"])
                SuggestionMark.objects.get_or_create(owner=me.user, other=other.user, kind=kind)
    gone = profiles[77].user
    gone.is_active = False
    gone.save()
    return profiles


def test_the_pool_suggests_exactly_what_the_database_walk_did(population: list[Profile]) -> None:
    skill = Skill.objects.order_by("id")[2].name
    filters: list[dict[str, Any]] = [
        {}, {"limit": 100}, {"team": "data"}, {"tz": "Asia/Tokyo"}, {"skill": skill},
        {"show": "hidden"}, {"show": "saved"},
    ]  # fmt: skip
    compared = 0
    for me in population[::13]:
        for given in filters:
            found = suggestions_for(user=me.user, **given)
            assert _seen(found) == _seen(reference_suggestions(user=me.user, **given))
            compared += len(found.items)
    assert compared > 200  # most members have suggestions: the comparison has teeth


def test_the_suggestions_page_runs_the_same_few_queries_however_many_it_shows(
    client: Client, population: list[Profile], django_assert_max_num_queries: Any
) -> None:
    me = population[120].user
    client.force_login(me)
    client.get("/suggestions/")  # the process's pool is built once, then kept warm
    with django_assert_max_num_queries(15):
        response = client.get("/suggestions/")
    assert response.status_code == 200
    assert len(response.context["found"].items) == 20  # a full page: an N+1 would show


def test_the_suggestions_api_runs_the_same_few_queries(
    client: Client, population: list[Profile], django_assert_max_num_queries: Any
) -> None:
    client.force_login(population[140].user)
    client.get("/api/suggestions")
    with django_assert_max_num_queries(13):
        response = client.get("/api/suggestions")
    assert response.status_code == 200
    assert len(response.json()) == 20


# ---------------------------------------------------------------------------------------------
# Freshness: every change shows at the next request, from any process


def _names(user: Any) -> list[str]:
    return [s.profile.display_name for s in suggestions_for(user=user).items]


def _kind_of(user: Any, name: str) -> str:
    return next(s.kind for s in suggestions_for(user=user).items if s.profile.display_name == name)


def test_alices_new_skill_shows_in_bobs_suggestions_at_once(alice: Any, bob: Any) -> None:
    make_complete(alice, teaches={"Excel": 3}, learns={"Figma": 3})
    make_complete(bob, teaches={"Figma": 5}, learns={"SQL": 3})
    assert _kind_of(bob, "Alice") == "i_teach"  # she only wants Figma from him, so far
    teaching_set(profile=alice.profile, skill_text="SQL", level=4)
    assert _kind_of(bob, "Alice") == "two_way"
    assert "can teach you SQL (Alice: proficient" in suggestions_for(user=bob).items[0].explanation


def test_alices_new_level_shows_in_bobs_explanation_at_once(alice: Any, bob: Any) -> None:
    swap_profiles(alice, bob)
    suggestions_for(user=bob)
    teaching_set(profile=alice.profile, skill_text="SQL", level=5)
    assert "SQL (Alice: expert" in suggestions_for(user=bob).items[0].explanation


def test_a_skill_alice_removes_leaves_bobs_suggestions_at_once(alice: Any, bob: Any) -> None:
    swap_profiles(alice, bob)
    make_complete(alice, teaches={"Excel": 2}, learns={"Figma": 3})
    assert _kind_of(bob, "Alice") == "two_way"
    teaching_remove(profile=alice.profile, skill=Skill.objects.get(name="SQL"))
    assert _kind_of(bob, "Alice") == "i_teach"


def test_alice_leaves_bobs_suggestions_when_she_closes_her_profile(alice: Any, bob: Any) -> None:
    swap_profiles(alice, bob)
    assert _names(bob) == ["Alice"]
    alice.profile.open_to_partners = False
    alice.profile.save()
    assert _names(bob) == []


def test_alice_leaves_bobs_suggestions_when_her_account_is_closed(alice: Any, bob: Any) -> None:
    swap_profiles(alice, bob)
    assert _names(bob) == ["Alice"]
    alice.is_active = False
    alice.save(update_fields=["is_active"])
    assert _names(bob) == []


def test_alice_leaves_bobs_suggestions_once_her_one_place_is_taken(
    alice: Any, bob: Any, charlie: Any
) -> None:
    swap_profiles(alice, bob)
    make_complete(charlie, teaches={"Figma": 3}, learns={"SQL": 2})
    assert _names(bob) == ["Alice"]
    partner(charlie, alice)
    assert _names(bob) == []


def test_skills_an_import_adds_in_bulk_show_at_once(alice: Any, bob: Any) -> None:
    make_complete(alice, teaches={"Excel": 3}, learns={"Figma": 3})
    make_complete(bob, teaches={"Figma": 5}, learns={"SQL": 3})
    assert _kind_of(bob, "Alice") == "i_teach"
    profile_skills_add(profile=alice.profile, teaches={"SQL": 4}, learns={})
    assert _kind_of(bob, "Alice") == "two_way"


def test_a_renamed_skill_is_named_anew_in_every_explanation(alice: Any, bob: Any) -> None:
    swap_profiles(alice, bob)
    suggestions_for(user=bob)
    sql = Skill.objects.get(name="SQL")
    sql.name = "Structured Query Language"
    sql.save()
    assert (
        "can teach you Structured Query Language" in suggestions_for(user=bob).items[0].explanation
    )


def test_another_process_sees_alices_change_through_the_database(alice: Any, bob: Any) -> None:
    swap_profiles(alice, bob)
    other = _Warm()  # a second process's pool: it shares nothing with this one but the database
    pool = _synced(other)
    alice_key = alice.profile.pk
    assert pool.members[alice_key].teaches == {Skill.objects.get(name="SQL").pk: 4}
    teaching_set(profile=alice.profile, skill_text="Excel", level=2)
    assert len(_synced(other).members[alice_key].teaches) == 2


def test_a_change_that_commits_after_a_later_one_is_not_missed(alice: Any, bob: Any) -> None:
    swap_profiles(alice, bob)
    other = _Warm()
    _synced(other)
    # Two changes: the first one's transaction commits last. Until then its row is unseen.
    late = SuggestionChange.objects.create(profile_id=alice.profile.pk)
    SuggestionChange.objects.create(profile_id=bob.profile.pk)
    late_id = late.pk
    late.delete()
    _synced(other)
    assert late_id in other.gaps
    Teaching.objects.filter(profile=alice.profile).update(level=1)  # the late change's data
    SuggestionChange.objects.create(id=late_id, profile_id=alice.profile.pk)  # it commits
    assert set(_synced(other).members[alice.profile.pk].teaches.values()) == {1}
    assert late_id not in other.gaps


def test_a_pool_whose_last_change_vanished_is_built_again(alice: Any, bob: Any) -> None:
    swap_profiles(alice, bob)
    other = _Warm()
    _synced(other)
    SuggestionChange.objects.all().delete()  # a database restored from an older backup
    Teaching.objects.filter(profile=alice.profile).update(level=2)
    assert set(_synced(other).members[alice.profile.pk].teaches.values()) == {2}


def test_a_member_without_a_complete_profile_is_told_what_is_missing(alice: Any) -> None:
    found = suggestions_for(user=alice)
    assert not found.me_complete
    assert "a skill you can teach" in found.missing
    assert _seen(found) == _seen(reference_suggestions(user=alice))


def test_bobs_suggestions_page_names_alice_but_never_her_email(
    client: Client, alice: Any, bob: Any
) -> None:
    swap_profiles(alice, bob)
    response = login(client, bob).get("/suggestions/")
    assert b"Alice" in response.content
    assert alice.email.encode() not in response.content  # an email is never shown to others


def test_the_daily_prune_keeps_the_newest_change_and_the_pool_stays_true(
    alice: Any, bob: Any
) -> None:
    swap_profiles(alice, bob)
    assert _names(bob) == ["Alice"]
    SuggestionChange.objects.update(at=timezone.now() - timedelta(days=2))
    newest = SuggestionChange.objects.order_by("-id").first()
    pruned = registered_jobs()["partnerships.prune_suggestion_changes"].func(timezone.now())
    assert isinstance(pruned, int) and pruned > 0
    assert list(SuggestionChange.objects.all()) == [newest]
    alice.profile.open_to_partners = False
    alice.profile.save()
    assert _names(bob) == []
