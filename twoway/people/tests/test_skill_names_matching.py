"""Matching never sees a display name: the same members give the same pairs in every language."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import translation

from twoway.engine.match import match
from twoway.partnerships.adapter import cohort_people
from twoway.people.models import Profile
from twoway.people.tests.helpers import make_complete

pytestmark = pytest.mark.django_db


def _round() -> tuple[list[Any], list[Any]]:
    people = cohort_people(Profile.objects.order_by("id"))
    result = match(people)
    pairs = [
        (p.a, p.b, p.score, [f.skill for f in p.a_teaches_b], [f.skill for f in p.b_teaches_a])
        for p in result.pairs
    ]
    return people, pairs


def test_a_round_gives_the_same_pairs_whatever_the_active_language(
    alice: Any, bob: Any, charlie: Any
) -> None:
    # Each typed their skills in their own language; the catalogue knows them all.
    make_complete(alice, teaches={"Maschinelles Lernen": 4}, learns={"Hablar en público": 3})
    make_complete(bob, teaches={"Prise de parole en public": 5}, learns={"machine learning": 2})
    make_complete(charlie, teaches={"Python": 3}, learns={"Gestión de proyectos": 1})
    results = {}
    for language in ("en", "de", "es", "fr"):
        with translation.override(language):
            results[language] = _round()
    people, pairs = results["en"]
    assert all(results[language] == (people, pairs) for language in results)
    alice_person = next(p for p in people if p.id == str(alice.pk))
    assert dict(alice_person.teaches) == {"Machine learning": 4}
    assert dict(alice_person.learns) == {"Public speaking": 3}
    assert [(a, b) for a, b, *_ in pairs] == [(str(alice.pk), str(bob.pk))]
