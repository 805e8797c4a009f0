"""Other members' profiles and the member search are kept rendered (people/page_cache.py): a
change shows at the reader's next request, and what is private stays with its owner.

Alice owns the profile; Bob reads it and searches; Charlie is deactivated.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from twoway.partnerships.models import LevelChange
from twoway.people.models import Skill
from twoway.people.services import learning_set, profile_update, teaching_set
from twoway.people.tests.helpers import make_complete

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    cache.clear()


def _signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _text(client: Client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    return response.content.decode()


def test_bob_sees_alices_new_skill_and_headline_at_once(alice: Any, bob: Any) -> None:
    profile = make_complete(alice, headline="Data person")
    make_complete(bob)
    reader = _signed_in(bob)
    page, api = f"/people/{profile.handle}/", f"/api/profiles/{profile.handle}"
    assert "Kubernetes" not in _text(reader, page) + _text(reader, api)
    teaching_set(profile=profile, skill_text="Kubernetes", level=3)
    profile_update(profile=profile, headline="Platform person")
    for text in (_text(reader, page), _text(reader, api)):
        assert "Kubernetes" in text
        assert "Platform person" in text


def test_a_renamed_skill_shows_on_a_cached_profile(alice: Any, bob: Any) -> None:
    profile = make_complete(alice, teaches={"Figma": 4}, learns={"SQL": 2})
    reader = _signed_in(make_complete(bob).user)
    assert "Figma" in _text(reader, f"/people/{profile.handle}/")
    skill = Skill.objects.get(name="Figma")
    skill.name = "Figma Design"
    skill.save()
    assert "Figma Design" in _text(reader, f"/people/{profile.handle}/")


def test_a_level_change_shows_on_the_growth_chart_at_once(alice: Any, bob: Any) -> None:
    profile = make_complete(alice)
    reader = _signed_in(make_complete(bob).user)
    assert "hasn't recorded any skill level changes" in _text(reader, f"/people/{profile.handle}/")
    LevelChange.objects.create(user=alice, skill=Skill.objects.get(name="Python"), old=2, new=4)
    assert "hasn't recorded any skill level changes" not in _text(
        reader, f"/people/{profile.handle}/"
    )


def test_a_deactivated_members_cached_profile_is_gone_at_once(charlie: Any, bob: Any) -> None:
    profile = make_complete(charlie)
    reader = _signed_in(make_complete(bob).user)
    _text(reader, f"/people/{profile.handle}/")
    _text(reader, f"/api/profiles/{profile.handle}")
    charlie.is_active = False
    charlie.save()
    assert reader.get(f"/people/{profile.handle}/").status_code == 404
    assert reader.get(f"/api/profiles/{profile.handle}").status_code == 404
    assert "Charlie" not in _text(reader, "/people/?teaches=Python")


def test_alices_own_view_is_never_served_to_bob(alice: Any, bob: Any) -> None:
    profile = make_complete(alice)
    owner, reader = _signed_in(alice), _signed_in(make_complete(bob).user)
    assert "Edit my profile" in _text(owner, f"/people/{profile.handle}/")
    page = _text(reader, f"/people/{profile.handle}/")
    assert "Edit my profile" not in page
    assert "visible only to you" not in page
    # And Bob's cached view is not what Alice then gets.
    assert "Edit my profile" in _text(owner, f"/people/{profile.handle}/")


def test_alices_email_is_in_no_cached_answer_about_her(alice: Any, bob: Any) -> None:
    profile = make_complete(alice)
    reader = _signed_in(make_complete(bob).user)
    for path in (f"/people/{profile.handle}/", f"/api/profiles/{profile.handle}"):
        for _ in range(2):  # the first answer renders, the second comes from the cache
            assert "alice@example.com" not in _text(reader, path)
    for path in ("/people/?teaches=Python", "/api/profiles?teaches=Python"):
        for _ in range(2):
            assert "alice@example.com" not in _text(reader, path)


def test_bob_finds_alice_as_soon_as_she_lists_the_skill(alice: Any, bob: Any) -> None:
    profile = make_complete(alice)
    reader = _signed_in(make_complete(bob).user)
    page, api = "/people/?learns=Rust", "/api/profiles?learns=Rust"
    assert profile.display_name not in _text(reader, page)
    assert json.loads(_text(reader, api))["count"] == 0
    learning_set(profile=profile, skill_text="Rust", priority=3)
    assert profile.display_name in _text(reader, page)
    assert json.loads(_text(reader, api))["count"] == 1


def test_the_cached_profile_api_answers_as_the_schema_does(alice: Any, bob: Any) -> None:
    profile = make_complete(alice, headline="Data person")
    reader = _signed_in(make_complete(bob).user)
    first = reader.get(f"/api/profiles/{profile.handle}")
    second = reader.get(f"/api/profiles/{profile.handle}")
    assert first["Content-Type"] == second["Content-Type"] == "application/json; charset=utf-8"
    answer = json.loads(second.content)
    assert answer == json.loads(first.content)
    assert answer["handle"] == profile.handle
    assert answer["teaches"][0]["skill"]["name"] == "Python"
    assert "email" not in answer
