"""Ranked suggestions for one person, for the web app's "people you could pair with".

Two tools:

- :class:`SuggestionIndex` / :func:`suggestions_for`: built once per population, then each query
  is one person's exact top-k two-way partners through the skill posting lists (never an n×n
  matrix).
- :class:`SuggestionPool`, :func:`rank`: what the web app's suggestions page uses. The pool keeps
  every member's skills in posting lists that can be updated one member at a time (the web app
  keeps one warm per process); :meth:`SuggestionPool.walk` reads a capped short list of
  candidates for one member, two-way ones first, and :func:`rank` scores and orders them, one-way
  ones after two-way ones.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from twoway.engine.explain import explain_pair
from twoway.engine.model import MatchConfig, Pair, Person
from twoway.engine.population import Population, build_population
from twoway.engine.scoring import conflict, gain, weight_from_gains


class SuggestionIndex:
    """People indexed by skill, ready to answer "who fits this person best, both ways?"."""

    def __init__(self, people: Sequence[Person], config: MatchConfig = MatchConfig()) -> None:  # noqa: B008
        self.people = list(people)
        self.config = config
        self.population: Population = build_population(self.people, config)
        self.index = {p.id: i for i, p in enumerate(self.people)}

    def top(self, person_id: str, limit: int = 10) -> list[Pair]:
        """The person's best partners, best first, each explained. Raises KeyError if unknown."""
        # Imported here: the web app's pools use the pure-numpy half of this module, and its
        # processes start faster without numba (docs/deploy.md, "Cold start").
        from twoway.engine.candidates import exact_top_k

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


# ---------------------------------------------------------------------------------------------
# The web app's suggestions: a warm pool of members, walked skill by skill, then ranked.


@dataclass(frozen=True)
class Limits:
    """How many candidates the walk reads: per skill two-way, per skill one-way, in all."""

    per_skill: int = 40
    one_way_per_skill: int = 4
    total: int = 400


@dataclass(frozen=True)
class Member:
    """One member as the suggestion walk sees them. ``key`` and the skill keys are the caller's
    (the web app uses profile and skill ids); ``person`` is what the scoring reads."""

    key: int
    person: Person
    teaches: Mapping[int, int]  # skill key → level
    learns: Mapping[int, int]  # skill key → priority
    listed: bool  # may be suggested at all (open to partners, active)
    complete: bool
    capacity: int
    team: str = ""
    timezone: str = ""


Posting = list[tuple[int, int]]  # (-level or -priority, member key), sorted


class SuggestionPool:
    """Members indexed by the skills they teach and want, kept up to date one member at a time.

    :meth:`walk` reads candidates for one member the way a database walk would: for each skill
    they want (rarest first) the strongest teachers who also want something they teach, capped
    per skill; the same from the other side; then a few one-way candidates.
    """

    def __init__(self, members: Iterable[Member] = ()) -> None:
        self.members: dict[int, Member] = {}
        self._teachers: dict[int, Posting] = {}
        self._learners: dict[int, Posting] = {}
        for member in members:
            self.members[member.key] = member
            _post(self._teachers, member.key, member.teaches, insert=list.append)
            _post(self._learners, member.key, member.learns, insert=list.append)
        for posting in (*self._teachers.values(), *self._learners.values()):
            posting.sort()

    def put(self, member: Member) -> None:
        """Add ``member``, or replace the one with their key."""
        self.drop(member.key)
        self.members[member.key] = member
        _post(self._teachers, member.key, member.teaches, insert=insort)
        _post(self._learners, member.key, member.learns, insert=insort)

    def drop(self, key: int) -> None:
        """Remove the member with ``key`` (nothing happens if there is none)."""
        old = self.members.pop(key, None)
        if old is not None:
            _unpost(self._teachers, key, old.teaches)
            _unpost(self._learners, key, old.learns)

    def walk(
        self, me: Member, *, skill: int | None = None, team: str = "", timezone: str = "",
        limits: Limits = Limits(),  # noqa: B008
    ) -> list[int]:  # fmt: skip
        """Keys worth scoring for ``me``: two-way candidates first, then a few one-way ones.

        ``skill`` keeps only that skill on both sides; ``team`` (ignoring case) and ``timezone``
        keep only members with that team or zone.
        """
        wants = [s for s in me.learns if skill is None or s == skill]
        offers = [s for s in me.teaches if skill is None or s == skill]
        rare_wants = _rarest_first(self._teachers, wants)
        rare_offers = _rarest_first(self._learners, offers)
        members, my_offers, my_wants = self.members, set(offers), set(wants)
        shown = _filter(members, me.key, team, timezone)
        teach = _teaching_me(me, shown)
        found: dict[int, None] = {}
        self._walk(self._teachers, rare_wants,
                   lambda s, lv, k: not members[k].learns.keys().isdisjoint(my_offers)
                   and teach(s, lv, k), limits.per_skill, limits.total, found)  # fmt: skip
        self._walk(self._learners, rare_offers,
                   lambda s, _, k: not members[k].teaches.keys().isdisjoint(my_wants)
                   and shown(k), limits.per_skill, limits.total, found)  # fmt: skip
        self._walk(self._teachers, rare_wants, teach, limits.one_way_per_skill, limits.total,
                   found)  # fmt: skip
        self._walk(self._learners, rare_offers, lambda _, __, k: shown(k),
                   limits.one_way_per_skill, limits.total, found)  # fmt: skip
        return list(found)

    @staticmethod
    def _walk(
        postings: dict[int, Posting], skills: list[int], fits: Callable[[int, int, int], bool],
        cap: int, total: int, found: dict[int, None],
    ) -> None:  # fmt: skip
        for skill in skills:
            if len(found) >= total:
                return
            taken = 0
            for negative, key in postings[skill]:
                if taken >= cap:
                    break
                if fits(skill, -negative, key):
                    found.setdefault(key, None)
                    taken += 1


def _post(
    postings: dict[int, Posting], key: int, skills: Mapping[int, int],
    insert: Callable[[Posting, tuple[int, int]], Any],
) -> None:  # fmt: skip
    for skill, number in skills.items():
        insert(postings.setdefault(skill, []), (-number, key))


def _unpost(postings: dict[int, Posting], key: int, skills: Mapping[int, int]) -> None:
    for skill, number in skills.items():
        posting = postings[skill]
        del posting[bisect_left(posting, (-number, key))]
        if not posting:
            del postings[skill]


def _rarest_first(postings: dict[int, Posting], skills: list[int]) -> list[int]:
    """The skills anyone lists, fewest listings first (ties by key)."""
    return sorted((s for s in skills if s in postings), key=lambda s: (len(postings[s]), s))


def _filter(members: dict[int, Member], me: int, team: str, timezone: str) -> Callable[[int], bool]:
    """Whether a member may be walked: listed, not me, in the team and zone asked for."""
    wanted_team = team.upper()

    def shown(key: int) -> bool:
        m = members[key]
        return (
            key != me
            and m.listed
            and (not team or m.team.upper() == wanted_team)
            and (not timezone or m.timezone == timezone)
        )

    return shown


def _teaching_me(me: Member, shown: Callable[[int], bool]) -> Callable[[int, int, int], bool]:
    """A teacher of a skill I want, above my own level in it: teaching me what I know brings
    nothing."""

    def fits(skill: int, level: int, key: int) -> bool:
        return level > me.teaches.get(skill, 0) and shown(key)

    return fits


def rank(
    me: Person, others: Iterable[tuple[int, Person]], config: MatchConfig
) -> list[tuple[int, Person]]:
    """Each of ``others`` (key, person) in the order suggestions are shown to ``me``: two-way
    pairs by score, then one-way ones by what does flow; pairs in conflict or with nothing
    flowing either way are left out. Ties go by name, then key.

    Only numbers are computed here (the same floats :func:`explain_pair` gives); explain the
    few that are shown with :func:`explain_pair`.
    """
    weights = config.weights
    scored = []
    for key, them in others:
        if conflict(me, them, config) is not None:
            continue
        g_ab, g_ba = gain(me, them, weights), gain(them, me, weights)
        if g_ab <= 0 and g_ba <= 0:
            continue
        score = weight_from_gains(me, them, g_ab, g_ba, config)
        one_way = 0 if g_ab > 0 and g_ba > 0 else 1
        scored.append(((one_way, -score, -max(g_ab, g_ba), them.name, key), them))
    scored.sort(key=lambda row: row[0])
    return [(sort_key[-1], them) for sort_key, them in scored]
