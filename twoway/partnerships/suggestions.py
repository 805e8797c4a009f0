"""Ranked partner suggestions for one member, scored by the engine, explained both ways.

Two steps keep this fast at any size, both in memory on the process's warm suggestion pool
(:mod:`twoway.partnerships.suggestion_index`, brought up to date with the database at the start of
every call):

1. **Candidates.** For each skill I want (rarest first) the members who teach it above my level
   *and* want something I teach; for each skill I teach, members who want it *and* teach
   something I want. Each skill's list is capped (``LIMITS``), so popular skills can't crowd out
   rare ones. A few one-way candidates (they only give, or only take) are read too, so they can
   be shown low with the reason (:meth:`twoway.engine.suggest.SuggestionPool.walk`).
2. **Scoring with the engine.** Of those, the complete profiles with room for a partner are
   scored and ordered by :func:`twoway.engine.suggest.rank`; the page's profiles are read for the
   shown ones only.

Capacity (active partnerships), marks and open requests change often and are read per call.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from twoway.accounts.models import User
from twoway.engine.explain import explain_pair
from twoway.engine.model import Pair, SkillFlow
from twoway.engine.suggest import Limits, Member, SuggestionPool, rank
from twoway.partnerships.adapter import SUGGESTION_CONFIG
from twoway.partnerships.flows import listed
from twoway.partnerships.models import Partnership, Request, SuggestionMark
from twoway.partnerships.suggestion_index import warm_pool
from twoway.people.models import Profile, Skill, level_word
from twoway.people.services import profile_ensure

LIMITS = Limits(per_skill=40, one_way_per_skill=4, total=400)
PAGE = 20
PRIORITY_WORDS = {
    1: pgettext_lazy("priority", "low"),
    2: pgettext_lazy("priority", "medium"),
    3: pgettext_lazy("priority", "high"),
}
# The page lists suggestions in these groups, in this order. One-way ones get a section of their
# own so nobody reads a "0% match" as a bad two-way match, and they show no percentage.
GROUP_TITLES = {
    "two_way": _("You can learn from each other"),
    "they_teach": _("They could teach you, but want nothing you teach yet"),
    "i_teach": _("They want what you teach, but teach nothing you want yet"),
}


@dataclass(frozen=True)
class Suggestion:
    profile: Profile
    pair: Pair
    mark: str
    pending: bool

    @property
    def two_way(self) -> bool:
        return bool(self.pair.a_teaches_b) and bool(self.pair.b_teaches_a)

    @property
    def kind(self) -> str:
        """Which way learning flows: "two_way", "they_teach" (to me only) or "i_teach"."""
        if self.two_way:
            return "two_way"
        return "i_teach" if self.i_teach else "they_teach"

    @property
    def percent(self) -> int:
        return round(self.pair.percent)

    @property
    def i_teach(self) -> tuple[SkillFlow, ...]:
        return self.pair.a_teaches_b

    @property
    def they_teach(self) -> tuple[SkillFlow, ...]:
        return self.pair.b_teaches_a

    @property
    def explanation(self) -> str:
        return explain_for_me(self.profile.display_name, self.pair)

    @property
    def caveat(self) -> str:
        """Why a one-way suggestion ranks low, in plain words (empty for two-way ones)."""
        name = {"name": self.profile.display_name}
        if not self.i_teach:
            return gettext("One way only: %(name)s doesn't want anything you teach yet.") % name
        if not self.they_teach:
            return gettext("One way only: %(name)s doesn't teach anything you want yet.") % name
        return ""


def _flow_words(flow: SkillFlow, name: str, *, mine: bool) -> str:
    """One skill with who knows it how well and how much the learner wants it; ``mine``: I am
    the teacher (else ``name`` is)."""
    values = {
        "skill": flow.skill,
        "name": name,
        "level": level_word(flow.teacher_level)
        if 1 <= flow.teacher_level <= 5
        else gettext("new to it"),
        "priority": PRIORITY_WORDS.get(flow.priority, PRIORITY_WORDS[2]),
    }
    if mine:
        return gettext("%(skill)s (you: %(level)s, %(name)s wants it: %(priority)s)") % values
    return gettext("%(skill)s (%(name)s: %(level)s, you want it: %(priority)s)") % values


def _listed(flows: tuple[SkillFlow, ...], name: str, *, mine: bool) -> str:
    return listed([_flow_words(f, name, mine=mine) for f in flows])


def explain_for_me(name: str, pair: Pair) -> str:
    """ "You can teach Ana SQL (you: proficient, Ana wants it: high); Ana can teach you Figma
    (…)", in the active language, one whole sentence for each case."""
    values = {"name": name}
    if pair.a_teaches_b:
        values["teach"] = _listed(pair.a_teaches_b, name, mine=True)
    if pair.b_teaches_a:
        values["learn"] = _listed(pair.b_teaches_a, name, mine=False)
    if pair.a_teaches_b and pair.b_teaches_a:
        text = gettext("You can teach %(name)s %(teach)s; %(name)s can teach you %(learn)s")
    elif pair.a_teaches_b:
        text = gettext("You can teach %(name)s %(teach)s")
    elif pair.b_teaches_a:
        text = gettext("%(name)s can teach you %(learn)s")
    else:
        text = gettext("You and %(name)s have no skills to swap yet")
    return text % values


@dataclass(frozen=True)
class SuggestionList:
    items: list[Suggestion]
    me_complete: bool
    missing: list[str]
    skill: Skill | None
    at_capacity: bool

    @property
    def groups(self) -> list[SuggestionGroup]:
        """The items in labelled groups (two-way, then each one-way kind), empty groups left out."""
        groups = [
            SuggestionGroup(kind, str(title), [s for s in self.items if s.kind == kind])
            for kind, title in GROUP_TITLES.items()
        ]
        return [group for group in groups if group.items]


@dataclass(frozen=True)
class SuggestionGroup:
    kind: str
    title: str
    items: list[Suggestion]


def suggestions_for(
    *,
    user: User,
    skill: str = "",
    team: str = "",
    tz: str = "",
    show: str = "",
    limit: int = PAGE,
    partners: list[tuple[int, int]] | None = None,
) -> SuggestionList:
    """Ranked suggestions for ``user``: two-way ones by score, then one-way ones (with why).

    ``show``: "" hides members I hid; "saved" lists only saved ones; "hidden" only hidden ones.
    ``partners``: the member's active partnerships as (low, high) user ids, when the caller has
    just read them (the home does); read here otherwise.
    """
    me = profile_ensure(user=user)
    chosen = Skill.objects.lookup(skill).skill if skill.strip() else None
    partners = _partners(user) if partners is None else partners
    full = len(partners) >= me.capacity
    if me.missing:
        return SuggestionList([], False, me.missing, chosen, full)
    if skill.strip() and chosen is None:
        return SuggestionList([], True, [], chosen, full)
    marks = dict(SuggestionMark.objects.filter(owner=user).values_list("other_id", "kind"))
    with warm_pool() as pool:
        mine = pool.members.get(me.pk)
        keys = [] if mine is None else _walk(pool, mine, chosen, team, tz)
        candidates = [pool.members[k] for k in keys]
    if mine is None:  # the profile was deleted meanwhile
        return SuggestionList([], True, [], chosen, full)
    taken = _user_ids(partners)
    shown = [
        m
        for m in candidates
        if m.complete and _user_id(m) not in taken and _shown(marks.get(_user_id(m), ""), show)
    ]
    ranked = rank(mine.person, [(m.key, m.person) for m in shown], SUGGESTION_CONFIG)
    kept = _with_room([key for key, _ in ranked], {m.key: m for m in shown}, limit)
    pairs = [(m.key, explain_pair(mine.person, m.person, SUGGESTION_CONFIG)) for m in kept]
    return SuggestionList(_suggestions(pairs, marks, _pending_with(user)), True, [], chosen, full)


def _walk(
    pool: SuggestionPool, mine: Member, chosen: Skill | None, team: str, tz: str
) -> list[int]:
    skill = chosen.pk if chosen is not None else None
    return pool.walk(mine, skill=skill, team=team.strip(), timezone=tz.strip(), limits=LIMITS)


def _partners(user: User) -> list[tuple[int, int]]:
    """My active partnerships as (low, high) user ids."""
    active = Partnership.objects.filter(status=Partnership.Status.ACTIVE)
    return list(active.involving(user).values_list("member_low", "member_high"))


def _user_ids(pairs: list[tuple[int, int]]) -> set[int]:
    return {uid for pair in pairs for uid in pair}


def _user_id(member: Member) -> int:
    return int(member.person.id)  # the adapter's rule: an engine person's id is the user id


def _with_room(ranked: list[int], members: dict[int, Member], limit: int) -> list[Member]:
    """The first ``limit`` ranked members with room for another partner. Capacity is read in
    the database in rank order, a batch at a time: usually one or two small queries."""
    kept: list[Member] = []
    batch = 2 * limit + 10
    for start in range(0, len(ranked), batch):
        rows = [members[key] for key in ranked[start : start + batch]]
        users = [_user_id(m) for m in rows]
        busy = Partnership.objects.filter(status=Partnership.Status.ACTIVE).filter(
            Q(member_low_id__in=users) | Q(member_high_id__in=users)
        )
        load = Counter(u for pair in busy.values_list("member_low", "member_high") for u in pair)
        kept += [m for m in rows if load[_user_id(m)] < m.capacity]
        if len(kept) >= limit:
            break
    return kept[:limit]


def _shown(mark: str, show: str) -> bool:
    if show in ("saved", "hidden"):
        return mark == show
    return mark != SuggestionMark.Kind.HIDDEN


def _pending_with(user: User) -> set[int]:
    rows = Request.objects.still_open().involving(user)
    return {uid for pair in rows.values_list("member_low", "member_high") for uid in pair}


def _suggestions(
    ranked: list[tuple[int, Pair]], marks: dict[int, str], pending: set[int]
) -> list[Suggestion]:
    """The ranked pairs with the profiles the page shows (one query for all of them)."""
    profiles = Profile.objects.select_related("user").in_bulk([key for key, _ in ranked])
    return [
        Suggestion(p, pair, marks.get(p.user_id, ""), p.user_id in pending)
        for key, pair in ranked
        if (p := profiles.get(key)) is not None
    ]


# ---------------------------------------------------------------------------------------------
# Marks


def suggestion_mark(*, user: User, other: User, kind: str) -> SuggestionMark:
    """Hide or save a suggested member (replaces any earlier mark on them)."""
    if kind not in SuggestionMark.Kind.values:
        raise ValidationError({"kind": "Choose 'hidden' or 'saved'."})
    if other.pk == user.pk or not other.is_active:
        raise Http404("No such member.")
    try:
        with transaction.atomic():
            mark, _ = SuggestionMark.objects.update_or_create(
                owner=user, other=other, defaults={"kind": kind}
            )
    except IntegrityError:
        mark = SuggestionMark.objects.get(owner=user, other=other)
    return mark


def suggestion_unmark(*, user: User, other: User) -> bool:
    """Remove my mark on a member; False when there was none."""
    deleted, _ = SuggestionMark.objects.filter(owner=user, other=other).delete()
    return bool(deleted)
