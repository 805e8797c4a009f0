"""Ranked partner suggestions for one member, scored by the engine, explained both ways.

Two steps keep this fast at any size:

1. **Candidates from the database.** For each skill I want (rarest first) we read members who
   teach it above my level *and* want something I teach; for each skill I teach, members who want
   it *and* teach something I want. Each skill's list is capped (``CAP_PER_SKILL``), so popular
   skills can't crowd out rare ones. A few one-way candidates (they only give, or only take) are
   read too, so they can be shown low with the reason. All of it goes through indexed
   Teaching/Learning rows, a few small queries per skill.
2. **Scoring with the engine.** The short list is turned into engine ``Person`` objects by
   :mod:`twoway.partnerships.adapter` and scored with the engine's own ``explain_pair``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, F, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404

from twoway.accounts.models import User
from twoway.engine.explain import explain_pair
from twoway.engine.model import Pair, SkillFlow
from twoway.engine.scoring import conflict
from twoway.partnerships.adapter import SUGGESTION_CONFIG, person_of
from twoway.partnerships.models import Partnership, Request, SuggestionMark
from twoway.partnerships.services import active_count
from twoway.people.models import Learning, Profile, Skill, Teaching, level_word
from twoway.people.services import profile_ensure

CAP_PER_SKILL = 40
ONE_WAY_PER_SKILL = 4
MAX_CANDIDATES = 400
PAGE = 20
PRIORITY_WORDS = {1: "low", 2: "medium", 3: "high"}
# The page lists suggestions in these groups, in this order. One-way ones get a section of their
# own so nobody reads a "0% match" as a bad two-way match, and they show no percentage.
GROUP_TITLES = {
    "two_way": "You can learn from each other",
    "they_teach": "They could teach you, but want nothing you teach yet",
    "i_teach": "They want what you teach, but teach nothing you want yet",
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
        name = self.profile.display_name
        if not self.i_teach:
            return f"One way only: {name} doesn't want anything you teach yet."
        if not self.they_teach:
            return f"One way only: {name} doesn't teach anything you want yet."
        return ""


def _flow_words(flow: SkillFlow, teacher: str, learner: str) -> str:
    wants = "you want it" if learner == "you" else f"{learner} wants it"
    level = level_word(flow.teacher_level) if 1 <= flow.teacher_level <= 5 else "new to it"
    return f"{flow.skill} ({teacher}: {level}, {wants}: " + (
        f"{PRIORITY_WORDS.get(flow.priority, 'medium')})"
    )


def _listed(flows: tuple[SkillFlow, ...], teacher: str, learner: str) -> str:
    words = [_flow_words(f, teacher, learner) for f in flows[:3]]
    more = len(flows) - 3
    text = words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]
    return text + (f" and {more} more" if more > 0 else "")


def explain_for_me(name: str, pair: Pair) -> str:
    """ "You can teach Ana SQL (you: proficient, Ana wants it: high); Ana can teach you Figma
    (…)"."""
    parts = []
    if pair.a_teaches_b:
        parts.append(f"You can teach {name} {_listed(pair.a_teaches_b, 'you', name)}")
    if pair.b_teaches_a:
        parts.append(f"{name} can teach you {_listed(pair.b_teaches_a, name, 'you')}")
    return "; ".join(parts) or f"You and {name} have no skills to swap yet"


# ---------------------------------------------------------------------------------------------
# Step 1: candidates from the database


def _rarest_first(skill_ids: Iterable[int], model: Any) -> list[int]:
    counts = dict(
        model.objects.filter(skill_id__in=list(skill_ids))
        .values("skill_id")
        .annotate(n=Count("id"))
        .values_list("skill_id", "n")
    )
    return sorted(counts, key=lambda s: (counts[s], s))


def _walk(rows: QuerySet[Any], skills: list[int], cap: int, found: dict[int, None]) -> None:
    for skill_id in skills:
        if len(found) >= MAX_CANDIDATES:
            return
        ids = rows.filter(skill_id=skill_id).values_list("profile_id", flat=True)[:cap]
        found.update(dict.fromkeys(ids))


def candidate_ids(me: Profile, *, skill: Skill | None, team: str, tz: str) -> list[int]:
    """Profile ids worth scoring for ``me``: two-way candidates first, then a few one-way."""
    my_teach = {t.skill_id: t.level for t in me.teaches.all()}
    my_learn = {item.skill_id for item in me.learns.all()}
    wants, offers = list(my_learn), list(my_teach)
    if skill is not None:
        wants, offers = [s for s in wants if s == skill.pk], [s for s in offers if s == skill.pk]
    people = Q(profile__open_to_partners=True, profile__user__is_active=True)
    if team:
        people &= Q(profile__team__iexact=team)
    if tz:
        people &= Q(profile__timezone=tz)
    teachers = Teaching.objects.filter(people).exclude(profile=me).order_by("-level", "profile_id")
    learners = (
        Learning.objects.filter(people).exclude(profile=me).order_by("-priority", "profile_id")
    )
    # Levels above mine only: teaching me what I already know brings nothing.
    teachers = teachers.filter(_above_my_level(my_teach, wants))
    want_mine = Exists(Learning.objects.filter(profile=OuterRef("profile_id"), skill_id__in=offers))
    teach_mine = Exists(Teaching.objects.filter(profile=OuterRef("profile_id"), skill_id__in=wants))
    found: dict[int, None] = {}
    rare_wants, rare_offers = _rarest_first(wants, Teaching), _rarest_first(offers, Learning)
    _walk(teachers.filter(want_mine), rare_wants, CAP_PER_SKILL, found)
    _walk(learners.filter(teach_mine), rare_offers, CAP_PER_SKILL, found)
    _walk(teachers, rare_wants, ONE_WAY_PER_SKILL, found)
    _walk(learners, rare_offers, ONE_WAY_PER_SKILL, found)
    return list(found)


def _above_my_level(my_teach: dict[int, int], wants: list[int]) -> Q:
    condition = Q(pk__in=[])
    for skill_id in wants:
        condition |= Q(skill_id=skill_id, level__gt=my_teach.get(skill_id, 0))
    return condition


# ---------------------------------------------------------------------------------------------
# Step 2: filter, score, rank


def _eligible(ids: list[int], user: User) -> QuerySet[Profile]:
    """Of the candidates: complete profiles with spare capacity, not already my partner."""
    partners = Partnership.objects.filter(status=Partnership.Status.ACTIVE).involving(user)
    taken = {uid for pair in partners.values_list("member_low", "member_high") for uid in pair}
    load = Partnership.objects.filter(status=Partnership.Status.ACTIVE).filter(
        Q(member_low=OuterRef("user_id")) | Q(member_high=OuterRef("user_id"))
    )
    return (
        Profile.objects.complete()
        .filter(pk__in=ids)
        .exclude(user_id__in=taken)
        .annotate(load=_count(load))
        .filter(load__lt=F("capacity"))
        .with_skills()
        .select_related("user")
    )


def _count(rows: QuerySet[Any]) -> Any:
    counted = rows.order_by().values("status").annotate(n=Count("pk")).values("n")[:1]
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


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
            SuggestionGroup(kind, title, [s for s in self.items if s.kind == kind])
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
) -> SuggestionList:
    """Ranked suggestions for ``user``: two-way ones by score, then one-way ones (with why).

    ``show``: "" hides members I hid; "saved" lists only saved ones; "hidden" only hidden ones.
    """
    me = Profile.objects.with_skills().select_related("user").get(pk=profile_ensure(user=user).pk)
    chosen = Skill.objects.lookup(skill).skill if skill.strip() else None
    full = active_count(user) >= me.capacity
    base = SuggestionList([], True, [], chosen, full)
    if me.missing:
        return SuggestionList([], False, me.missing, chosen, full)
    if skill.strip() and chosen is None:
        return base
    ids = candidate_ids(me, skill=chosen, team=team.strip(), tz=tz.strip())
    marks = dict(SuggestionMark.objects.filter(owner=user).values_list("other_id", "kind"))
    profiles = [p for p in _eligible(ids, user) if _shown(marks.get(p.user_id, ""), show)]
    pending = _pending_with(user)
    items = _ranked(me, profiles, marks, pending)
    return SuggestionList(items[:limit], True, [], chosen, full)


def _shown(mark: str, show: str) -> bool:
    if show in ("saved", "hidden"):
        return mark == show
    return mark != SuggestionMark.Kind.HIDDEN


def _pending_with(user: User) -> set[int]:
    rows = Request.objects.filter(status=Request.Status.OPEN).involving(user)
    return {uid for pair in rows.values_list("member_low", "member_high") for uid in pair}


def _ranked(
    me: Profile, profiles: list[Profile], marks: dict[int, str], pending: set[int]
) -> list[Suggestion]:
    mine = person_of(me)
    items = []
    for profile in profiles:
        them = person_of(profile)
        if conflict(mine, them, SUGGESTION_CONFIG) is not None:
            continue
        pair = explain_pair(mine, them, SUGGESTION_CONFIG)
        if not pair.a_teaches_b and not pair.b_teaches_a:
            continue
        items.append(
            Suggestion(profile, pair, marks.get(profile.user_id, ""), profile.user_id in pending)
        )
    items.sort(key=_rank_key)
    return items


def _rank_key(item: Suggestion) -> tuple[int, float, float, str, int]:
    # Two-way first by score; one-way after, by what does flow, so they rank low but in order.
    one_way = 0 if item.two_way else 1
    flowing = max(item.pair.gain_ab, item.pair.gain_ba)
    return (one_way, -item.pair.score, -flowing, item.profile.display_name, item.profile.pk)


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
