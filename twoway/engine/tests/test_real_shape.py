"""Real data's shape (few skills, no levels, huge ties): everyone who can be matched is, and the
reason given for anyone left alone is true, checked by brute force over all pairs."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest

from twoway.engine import candidates, dense
from twoway.engine import match as match_module
from twoway.engine.match import match
from twoway.engine.model import MatchConfig, MatchResult, Person
from twoway.engine.tests.full_graph import partner_scores
from twoway.engine.tests.strategies import survey_people


def _matchable(scores: np.ndarray, group: list[Person], config: MatchConfig) -> np.ndarray:
    """Who has at least one partner they may be paired with (forbidden pairs removed)."""
    allowed = scores > 0
    index = {p.id: i for i, p in enumerate(group)}
    for pair in config.forbidden:
        a, b = (index[i] for i in pair)
        allowed[a, b] = allowed[b, a] = False
    capacity = np.array([p.capacity for p in group])
    return allowed.any(axis=1) & (capacity > 0)


@pytest.mark.parametrize(
    ("priced", "listed"),
    [(False, False), (True, False), (True, True)],
    ids=["sampled", "priced by bit sets", "priced over every pair listed"],
)
def test_a_survey_above_the_exact_limit_matches_nearly_everyone_who_can_be_matched(
    monkeypatch: pytest.MonkeyPatch, priced: bool, listed: bool
) -> None:
    # 6,000 people, above the exact search's limit. Sampled (bucket search, no pricing) is the
    # path a 100,000-person survey takes; old code matched about half of those who could be.
    # Priced by bit sets: bucket candidates, every pair searched each round (when the pairs are
    # too many to list); listed: the exact top-k from the list of every pair, priced from it.
    if not priced:
        monkeypatch.setattr(match_module, "DENSE_BUDGET", 0)
        monkeypatch.setattr(match_module, "PRICE_BUDGET", 0)
    if not listed:
        monkeypatch.setattr(dense, "EDGE_LIMIT", 0)
    group = survey_people(6_000, seed=41)
    config = MatchConfig()
    result = match(group, config)
    assert result.summary.candidate_method == ("exact" if listed else "buckets")
    could = int(_matchable(partner_scores(group, config), group, config).sum())
    # A maximum-cardinality matching matches at most everyone who has a partner.
    assert result.summary.matchable_people == could
    assert result.summary.matched_people >= 0.97 * could
    assert result.summary.bound_graph == ("full" if priced else "candidates")
    assert result.summary.all_pairs_bound >= result.summary.total_weight
    if priced and not listed:
        # The bucket search only seeds the first solve: a few candidates each, not top_k.
        assert result.summary.candidate_edges <= match_module.PRICED_TOP_K * len(group)


def _teaches(q: Person, learner: Person) -> bool:
    """Whether q teaches something the learner wants above the learner's own level."""
    return any(q.teaches.get(s, 0) > learner.teaches.get(s, 0) for s in learner.learns)


def _check_reasons(result: MatchResult, group: list[Person], config: MatchConfig) -> Counter[str]:
    """Each unmatched person's reason, against every pair's score (see the fill module)."""
    n = len(group)
    index = {p.id: i for i, p in enumerate(group)}
    scores = partner_scores(group, config).astype(np.float64)
    allowed = scores > 0
    for ends in config.forbidden:
        a, b = (index[i] for i in ends)
        allowed[a, b] = allowed[b, a] = False
    load = np.zeros(n, dtype=np.int64)
    worst = np.full(n, np.inf)
    for pair in result.pairs:
        for z in (index[pair.a], index[pair.b]):
            load[z] += 1
            worst[z] = min(worst[z], pair.score)
    full = load >= np.array([p.capacity for p in group])
    seen: Counter[str] = Counter()
    for item in result.unmatched:
        a = index[item.id]
        person, partners = group[a], np.flatnonzero(allowed[a])
        seen[item.reason] += 1
        if item.reason == "nobody_teaches_their_wants":
            assert not any(_teaches(q, person) for q in group if q is not person)
        elif item.reason == "nobody_wants_their_skills":
            assert not any(_teaches(person, q) for q in group if q is not person)
        elif item.reason == "no_two_way_partner":
            assert not np.any(scores[a] > 0)
        elif item.reason == "constraints":
            assert np.any(scores[a] > 0) and partners.size == 0
        else:
            # Nobody who fits is free: the matching can't simply add them.
            assert partners.size > 0 and np.all(full[partners]), item
            prefers_them = worst[partners] < scores[a, partners] - 1e-9
            if item.reason == "capacity":
                assert not np.any(prefers_them), item
            elif item.reason == "traded_off":
                assert np.any(prefers_them), item
            else:
                assert item.reason == "taken", item
    return seen


@pytest.mark.parametrize("priced", [False, True], ids=["sampled", "priced"])
@pytest.mark.parametrize("mode", ["peer", "mentor-mentee"])
def test_every_unmatched_reason_is_true_of_the_people_file(
    monkeypatch: pytest.MonkeyPatch, mode: str, priced: bool
) -> None:
    # Sampled: the path of a million people (bucket candidates, rounds for the stuck); priced:
    # of 100,000 (bucket candidates, then pairs priced in by a search of every live pair).
    monkeypatch.setattr(candidates, "EXACT_LIMIT", 500)
    monkeypatch.setattr(match_module, "DENSE_BUDGET", 0)
    if not priced:
        monkeypatch.setattr(match_module, "PRICE_BUDGET", 0)
    group = survey_people(1_500, seed=43, roles=mode == "mentor-mentee", capacities=True)
    # Ana fits a few people, and every one of them is forbidden to her: a constraint keeps her
    # alone.
    scores = partner_scores(group, MatchConfig(mode=mode))  # type: ignore[arg-type]
    a = int(np.flatnonzero((scores > 0).sum(axis=1) > 0)[0])
    ana = group[a]
    forbidden = frozenset(frozenset((ana.id, group[int(b)].id)) for b in np.flatnonzero(scores[a]))
    config = MatchConfig(mode=mode, forbidden=forbidden)  # type: ignore[arg-type]
    result = match(group, config)
    seen = _check_reasons(result, group, config)
    assert seen["constraints"] >= 1
    assert seen["nobody_teaches_their_wants"] + seen["nobody_wants_their_skills"] > 0


@pytest.mark.parametrize(
    "kind", ["no_two_way_partner", "constraints", "capacity", "traded_off", "taken"]
)
def test_every_kind_the_scan_reports_has_words_for_people(kind: str) -> None:
    # "taken" was reported at a million people and had no words: the run failed.
    from twoway.engine.fill import KINDS
    from twoway.engine.population import build_population
    from twoway.engine.reasons import unmatched_reason

    assert kind in KINDS.values()
    ana = Person(id="ana", teaches={"SQL": 4}, learns={"Figma": 2})
    ben = Person(id="ben", teaches={"Figma": 4}, learns={"SQL": 2})
    pop = build_population([ana, ben], MatchConfig())
    item = unmatched_reason(pop, 0, kind, MatchConfig())
    assert item.reason == kind
    assert item.detail
