"""Circles on small worked examples: explanations, reasons, scale and refusals."""

from __future__ import annotations

import pytest

from twoway.engine.circles import check_circles, describe_circle, form_circles
from twoway.engine.model import MatchConfig, Person
from twoway.engine.tests.strategies import random_people


def _person(pid: str, teaches: dict[str, int], learns: dict[str, int], **extra: object) -> Person:
    return Person(id=pid, name=pid.title(), teaches=teaches, learns=learns, **extra)  # type: ignore[arg-type]


def _ring() -> list[Person]:
    """Ana → Sam → Lee → Ana: each teaches the next one thing, and nobody pairs two ways."""
    return [
        _person("ana", {"SQL": 5}, {"Figma": 3}),
        _person("sam", {"Figma": 4}, {"Go": 2}),
        _person("lee", {"Go": 4}, {"SQL": 2}),
    ]


def test_a_ring_of_one_way_gains_becomes_one_circle_with_each_members_part_explained() -> None:
    result = form_circles(_ring(), MatchConfig(), seed=0)
    assert [c.members for c in result.circles] == [("ana", "lee", "sam")]
    why = {role.id: role.why for role in result.circles[0].roles}
    assert why["ana"] == "Ana learns Figma from Sam; teaches SQL to Lee."
    assert why["sam"] == "Sam learns Go from Lee; teaches Figma to Ana."
    assert result.circles[0].score > 0
    assert 0 < result.circles[0].balance <= 1
    assert result.unmatched == []


def test_someone_nobody_can_teach_is_left_out_with_that_reason() -> None:
    people = [*_ring(), _person("kim", {"SQL": 2}, {"Cobol": 3})]
    result = form_circles(people, MatchConfig(), seed=0)
    assert [(u.id, u.reason) for u in result.unmatched] == [("kim", "nobody_teaches_their_wants")]


def test_a_person_with_no_shared_language_is_kept_out_of_the_circle() -> None:
    people = [
        _person("ana", {"SQL": 5}, {"Figma": 3}, languages=frozenset({"english"})),
        _person("sam", {"Figma": 4}, {"Go": 2}, languages=frozenset({"english"})),
        _person("lee", {"Go": 4}, {"SQL": 2}, languages=frozenset({"japanese"})),
    ]
    result = form_circles(people, MatchConfig(), seed=0)
    assert result.circles == []
    assert {u.id for u in result.unmatched} == {"ana", "sam", "lee"}


def test_capacity_zero_keeps_a_person_out_of_every_circle() -> None:
    people = [*_ring(), _person("bo", {"SQL": 5, "Go": 5}, {"Figma": 3}, capacity=0)]
    result = form_circles(people, MatchConfig(), seed=0)
    assert "bo" not in {pid for c in result.circles for pid in c.members}
    assert ("bo", "capacity") in [(u.id, u.reason) for u in result.unmatched]


def test_impossible_sizes_and_repeated_ids_are_refused() -> None:
    with pytest.raises(ValueError, match="size_min"):
        form_circles(_ring(), size_min=5, size_max=4)
    with pytest.raises(ValueError, match="unique id"):
        form_circles([*_ring(), _ring()[0]])


def test_a_larger_population_is_almost_all_circled_and_every_circle_is_valid() -> None:
    people = random_people(1500, seed=4, skills=40)
    result = form_circles(people, MatchConfig(), seed=1)
    assert check_circles(result, people, MatchConfig()) == []
    assert result.summary.circled_share > 0.9
    assert 3 <= result.summary.mean_size <= 6


def test_describe_circle_scores_a_hand_made_group() -> None:
    circle = describe_circle(_ring(), MatchConfig())
    assert circle.members == ("ana", "sam", "lee")
    assert all(role.gain_in > 0 and role.gain_out > 0 for role in circle.roles)
    assert circle.percent > 0
