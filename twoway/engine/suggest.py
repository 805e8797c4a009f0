"""Ranked two-way suggestions for one person, for the web app's "people you could pair with".

Built once per population, then each query is one person's exact top-k through the skill posting
lists: it reads only the people who share a skill with them, never an n×n matrix.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from twoway.engine.candidates import exact_top_k
from twoway.engine.explain import explain_pair
from twoway.engine.model import MatchConfig, Pair, Person
from twoway.engine.population import Population, build_population


class SuggestionIndex:
    """People indexed by skill, ready to answer "who fits this person best, both ways?"."""

    def __init__(self, people: Sequence[Person], config: MatchConfig = MatchConfig()) -> None:  # noqa: B008
        self.people = list(people)
        self.config = config
        self.population: Population = build_population(self.people, config)
        self.index = {p.id: i for i, p in enumerate(self.people)}

    def top(self, person_id: str, limit: int = 10) -> list[Pair]:
        """The person's best partners, best first, each explained. Raises KeyError if unknown."""
        row = self.index[person_id]
        idx, _, _, _ = exact_top_k(
            self.population, self.config, np.array([row], dtype=np.int32), max(limit, 1)
        )
        me = self.people[row]
        return [explain_pair(me, self.people[int(b)], self.config) for b in idx[0] if b >= 0]


def suggestions_for(
    person: Person,
    people: Sequence[Person],
    config: MatchConfig = MatchConfig(),  # noqa: B008
    limit: int = 10,
) -> list[Pair]:
    """The best two-way partners of ``person`` among ``people`` (it may or may not be listed).

    For many queries on the same people, build a :class:`SuggestionIndex` once instead.
    """
    others = [p for p in people if p.id != person.id]
    return SuggestionIndex([person, *others], config).top(person.id, limit)
