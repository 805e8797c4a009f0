"""Explanations people read: the one-line why, the flows, and reasons for staying unmatched."""

from __future__ import annotations

from twoway.engine.explain import explain_pair
from twoway.engine.match import match
from twoway.engine.model import MatchConfig, Person


def test_the_why_names_what_flows_each_way_with_levels_and_priority() -> None:
    ana = Person("a", {"SQL": 4}, {"Figma": 2}, name="Ana")
    ben = Person("b", {"Figma": 5, "SQL": 1}, {"SQL": 3}, name="Ben")
    pair = explain_pair(ana, ben, MatchConfig())
    assert pair.why == "Ana teaches Ben SQL (4 vs 1, high priority); Ben teaches Ana Figma (5 vs 0)"
    assert [f.skill for f in pair.a_teaches_b] == ["SQL"]
    assert pair.a_teaches_b[0].learner_level == 1
    assert pair.balance == min(pair.gain_ab, pair.gain_ba) / max(pair.gain_ab, pair.gain_ba)
    assert 0 < pair.percent < 100


def test_the_why_counts_skills_beyond_the_first_three() -> None:
    ana = Person("a", {s: 5 for s in "ABCDE"}, {"Z": 2}, name="Ana")
    ben = Person("b", {"Z": 4}, {s: 2 for s in "ABCDE"}, name="Ben")
    assert "and 2 more" in explain_pair(ana, ben, MatchConfig()).why


def test_a_pair_kept_apart_says_why_and_scores_zero() -> None:
    ana = Person("a", {"SQL": 4}, {"Go": 2}, languages=frozenset({"english"}))
    ben = Person("b", {"Go": 4}, {"SQL": 2}, languages=frozenset({"french"}))
    pair = explain_pair(ana, ben, MatchConfig())
    assert pair.score == 0
    assert pair.why == "Can't be matched: no shared language."


def test_the_mentor_is_named_in_mentor_mode() -> None:
    mentor = Person("m", {"SQL": 5}, {}, role="either")
    mentee = Person("e", {}, {"SQL": 3}, role="either")
    assert explain_pair(mentee, mentor, MatchConfig(mode="mentor-mentee")).mentor == "m"


def test_someone_whose_wants_nobody_teaches_is_told_so() -> None:
    group = [
        Person("a", {"SQL": 4}, {"Go": 2}),
        Person("b", {"Go": 4}, {"SQL": 2}),
        Person("c", {"SQL": 5}, {"Haskell": 3}),
    ]
    reasons = {u.id: u.reason for u in match(group).unmatched}
    assert reasons == {"c": "nobody_teaches_their_wants"}


def test_someone_whose_skills_nobody_wants_is_told_so() -> None:
    group = [
        Person("a", {"SQL": 4}, {"Go": 2}),
        Person("b", {"Go": 4}, {"SQL": 2}),
        Person("c", {"Cobol": 5}, {"Go": 3}),
    ]
    assert {u.id: u.reason for u in match(group).unmatched} == {"c": "nobody_wants_their_skills"}


def test_someone_with_only_one_way_partners_has_no_two_way_partner() -> None:
    group = [
        Person("a", {"SQL": 4}, {"Go": 2}),
        Person("b", {"Go": 4}, {"SQL": 2}),
        Person("c", {"Rust": 5}, {"Go": 3}),
        Person("d", {}, {"Rust": 3}),
    ]
    reasons = {u.id: u.reason for u in match(group).unmatched}
    assert reasons["c"] == "no_two_way_partner"


def test_someone_ruled_out_by_a_constraint_is_told_so() -> None:
    group = [
        Person("a", {"SQL": 4}, {"Go": 2}, group="x"),
        Person("b", {"Go": 4}, {"SQL": 2}, group="x"),
    ]
    result = match(group, MatchConfig(exclude_same_group=True))
    assert {u.reason for u in result.unmatched} == {"constraints"}


def test_someone_outbid_for_their_only_partner_is_told_it_is_capacity() -> None:
    group = [
        Person("a", {"SQL": 5}, {"Go": 3}),
        Person("b", {"Go": 5}, {"SQL": 3}),
        Person("c", {"Go": 2}, {"SQL": 1}),
    ]
    assert {u.id: u.reason for u in match(group).unmatched} == {"c": "capacity"}
