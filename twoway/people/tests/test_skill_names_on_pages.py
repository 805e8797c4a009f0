"""Skills show in the reader's language on pages and in the API, and anyone may type them in
theirs (docs/i18n.md, "Skill names")."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from twoway.people.services import profile_ensure
from twoway.people.tests.helpers import make_complete

pytestmark = pytest.mark.django_db


def _reading_in(user: Any, language: str) -> None:
    profile = profile_ensure(user=user)
    profile.interface_language = language
    profile.save()


def test_a_german_reader_sees_bobs_skill_under_its_german_name_and_an_english_one_under_its_own(
    client: Client, alice: Any, bob: Any
) -> None:
    make_complete(bob, teaches={"Machine learning": 4}, learns={"Public speaking": 2})
    _reading_in(alice, "de")
    client.force_login(alice)
    german = client.get("/people/bob/").content.decode()
    assert "Maschinelles Lernen" in german and "Machine learning" not in german
    _reading_in(alice, "en")
    english = client.get("/people/bob/").content.decode()
    assert "Machine learning" in english and "Maschinelles Lernen" not in english


def test_alice_types_a_skill_in_french_and_bob_reads_it_in_spanish(
    client: Client, alice: Any, bob: Any
) -> None:
    make_complete(alice, teaches={"Apprentissage automatique": 3})
    assert alice.profile.teaches.get().skill.name == "Machine learning"
    make_complete(bob)
    _reading_in(bob, "es")
    client.force_login(bob)
    assert "Aprendizaje automático" in client.get("/people/alice/").content.decode()


def test_the_api_gives_the_canonical_name_and_the_readers_label(client: Client, alice: Any) -> None:
    make_complete(alice, teaches={"Machine learning": 4})
    client.force_login(alice)
    found = client.get("/api/skills?q=Machine", HTTP_ACCEPT_LANGUAGE="fr").json()
    skill = next(s for s in found if s["name"] == "Machine learning")
    assert skill["label"] == "Apprentissage automatique"
