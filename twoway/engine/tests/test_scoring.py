"""Scoring examples: what counts as learning, in each direction and for the pair."""

from __future__ import annotations

import pytest

from twoway.engine.model import MatchConfig, Person, Weights
from twoway.engine.scoring import balance, gain, match_percent, pair_score, timezone_factor

W = Weights()


def person(pid: str, teaches: dict[str, int], learns: dict[str, int], **extra: object) -> Person:
    return Person(id=pid, teaches=teaches, learns=learns, **extra)  # type: ignore[arg-type]


def test_teaching_what_someone_already_knows_as_well_brings_nothing() -> None:
    ana = person("ana", {"SQL": 3}, {})
    ben = person("ben", {"SQL": 3}, {"SQL": 3})
    assert gain(ana, ben, W) == 0


def test_gain_counts_only_the_levels_above_the_learners_own() -> None:
    ana = person("ana", {"SQL": 5}, {})
    ben = person("ben", {"SQL": 2}, {"SQL": 2})
    assert gain(ana, ben, W) == W.priority[1] * 3


def test_gain_grows_with_the_learners_priority() -> None:
    ana = person("ana", {"SQL": 4}, {})
    keen = person("keen", {}, {"SQL": 3})
    idle = person("idle", {}, {"SQL": 1})
    assert gain(ana, keen, W) == 3 * gain(ana, idle, W)


def test_gain_sums_over_every_skill_the_learner_wants() -> None:
    ana = person("ana", {"SQL": 4, "Go": 2}, {})
    ben = person("ben", {}, {"SQL": 2, "Go": 1, "Rust": 3})
    assert gain(ana, ben, W) == 2 * 4 + 1 * 2


def test_a_one_way_pair_scores_zero_in_peer_mode() -> None:
    ana = person("ana", {"SQL": 5}, {})
    ben = person("ben", {}, {"SQL": 3})
    assert pair_score(ana, ben, MatchConfig()) == 0


def test_the_peer_score_is_the_harmonic_mean_and_symmetric() -> None:
    ana = person("ana", {"SQL": 4}, {"Figma": 2})
    ben = person("ben", {"Figma": 2}, {"SQL": 2})
    config = MatchConfig()
    assert pair_score(ana, ben, config) == pytest.approx(2 * 8 * 4 / 12)
    assert pair_score(ana, ben, config) == pair_score(ben, ana, config)


def test_a_mentor_pair_needs_only_the_mentor_to_teach() -> None:
    mentor = person("m", {"SQL": 5}, {}, role="mentor")
    mentee = person("e", {}, {"SQL": 2}, role="mentee")
    assert pair_score(mentor, mentee, MatchConfig(mode="mentor-mentee")) == 10


def test_reverse_mentoring_adds_its_weight() -> None:
    mentor = person("m", {"SQL": 5}, {"TikTok": 2}, role="mentor")
    mentee = person("e", {"TikTok": 3}, {"SQL": 2}, role="mentee")
    config = MatchConfig(mode="mentor-mentee", weights=Weights(reverse=0.5))
    assert pair_score(mentor, mentee, config) == 10 + 0.5 * 6


def test_two_mentors_are_never_paired() -> None:
    one = person("m1", {"SQL": 5}, {"Go": 2}, role="mentor")
    two = person("m2", {"Go": 5}, {"SQL": 2}, role="mentor")
    assert pair_score(one, two, MatchConfig(mode="mentor-mentee")) == 0


def test_people_without_a_shared_language_are_kept_apart() -> None:
    ana = person("ana", {"SQL": 4}, {"Go": 2}, languages=frozenset({"english"}))
    ben = person("ben", {"Go": 4}, {"SQL": 2}, languages=frozenset({"french"}))
    assert pair_score(ana, ben, MatchConfig()) == 0
    assert pair_score(ana, ben, MatchConfig(require_shared_language=False)) > 0


def test_someone_who_lists_no_language_meets_everyone() -> None:
    ana = person("ana", {"SQL": 4}, {"Go": 2}, languages=frozenset({"english"}))
    ben = person("ben", {"Go": 4}, {"SQL": 2})
    assert pair_score(ana, ben, MatchConfig()) > 0


def test_the_same_group_is_excluded_only_when_asked() -> None:
    ana = person("ana", {"SQL": 4}, {"Go": 2}, group="red")
    ben = person("ben", {"Go": 4}, {"SQL": 2}, group="red")
    assert pair_score(ana, ben, MatchConfig()) > 0
    assert pair_score(ana, ben, MatchConfig(exclude_same_group=True)) == 0


def test_a_forbidden_pair_scores_zero() -> None:
    ana = person("ana", {"SQL": 4}, {"Go": 2})
    ben = person("ben", {"Go": 4}, {"SQL": 2})
    config = MatchConfig(forbidden=frozenset({frozenset({"ana", "ben"})}))
    assert pair_score(ana, ben, config) == 0


def test_distant_timezones_soften_the_score_but_never_below_the_floor() -> None:
    near = person("near", {}, {}, utc_offset_minutes=60)
    here = person("here", {}, {}, utc_offset_minutes=0)
    far = person("far", {}, {}, utc_offset_minutes=12 * 60)
    config = MatchConfig()
    assert timezone_factor(here, near, config) == 1
    assert config.weights.timezone_floor <= timezone_factor(here, far, config) < 1


def test_an_unknown_timezone_never_penalises() -> None:
    here = person("here", {}, {}, utc_offset_minutes=0)
    unknown = person("unknown", {}, {})
    assert timezone_factor(here, unknown, MatchConfig()) == 1


def test_balance_is_one_when_learning_flows_evenly() -> None:
    assert balance(4, 4) == 1
    assert balance(2, 8) == 0.25
    assert balance(0, 0) == 0


def test_the_match_percent_rises_with_the_score_and_stays_below_100() -> None:
    assert match_percent(0) == 0
    assert 50 < match_percent(4) < match_percent(12) < 100
