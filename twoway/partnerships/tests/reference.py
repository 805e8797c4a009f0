"""The suggestions computation as it was before the warm pool: candidates read from the database
on every call, profiles prefetched, scored one by one. Kept unchanged as the oracle the pool's
answers are checked against (test_suggestions_speed.py) and timed against
(benchmarks/web_pages.py --old).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Count, Exists, F, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from twoway.accounts.models import User
from twoway.engine.explain import explain_pair
from twoway.engine.scoring import conflict
from twoway.partnerships.adapter import SUGGESTION_CONFIG, person_of
from twoway.partnerships.models import Partnership, SuggestionMark
from twoway.partnerships.services import active_count
from twoway.partnerships.suggestions import (
    PAGE,
    Suggestion,
    SuggestionList,
    _pending_with,
    _shown,
)
from twoway.people.models import Learning, Profile, Skill, Teaching
from twoway.people.services import profile_ensure

CAP_PER_SKILL = 40
ONE_WAY_PER_SKILL = 4
MAX_CANDIDATES = 400


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


def reference_suggestions(
    *,
    user: User,
    skill: str = "",
    team: str = "",
    tz: str = "",
    show: str = "",
    limit: int = PAGE,
) -> SuggestionList:
    """What ``suggestions_for`` answered before the warm pool: the same arguments, read from
    the database on every call.

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
