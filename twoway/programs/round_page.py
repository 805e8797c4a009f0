"""What the round page shows beyond the rows: pairs in words, and the search list a manager
chooses two participants from to add a pair by hand.

Levels are said with the names members choose them by (``Teaching.Level``: "an expert teaching
a beginner"), and a pair's balance with the reading members see on their partnership page
(:mod:`twoway.partnerships.learning`), never as numbers. The search list shows what a manager
already sees on the participants page (name, email, team) plus what each person teaches and
wants to learn and whom they are paired with in this round.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext, pgettext_lazy

from twoway.partnerships.learning import Direction, _reading
from twoway.people.models import Skill, name_of
from twoway.programs.models import Enrolment, Program, Round, RoundPair
from twoway.programs.round_words import warning_words

# A level as a person, after the names members choose levels by (people.models.Teaching.Level).
SOMEONE = {
    0: pgettext_lazy("level as a person", "someone new to it"),
    1: pgettext_lazy("level as a person", "a beginner"),
    2: pgettext_lazy("level as a person", "an advanced beginner"),
    3: pgettext_lazy("level as a person", "someone competent"),
    4: pgettext_lazy("level as a person", "someone proficient"),
    5: pgettext_lazy("level as a person", "an expert"),
}
# Participants shown at once in the search list; a manager types more to narrow it down.
PICKER_SHOWN = 20


# ---------------------------------------------------------------------------------------------
# Pairs in words


def level_words(teacher_level: int, learner_level: int) -> str:
    """ "an expert teaching a beginner": a skill flowing in a pair, in words."""
    return gettext("%(teacher)s teaching %(learner)s") % {
        "teacher": _someone(teacher_level),
        "learner": _someone(learner_level),
    }


def _someone(level: int) -> str:
    """A level as a person: "an expert", "a beginner", "someone proficient"."""
    return str(SOMEONE.get(min(level, 5), SOMEONE[0]))


def balance_words(pair: RoundPair) -> str:
    """How evenly learning would flow in a proposed pair, as members read their own balance."""
    low, high = pair.member_low, pair.member_high
    if pair.gain_low_high <= 0 and pair.gain_high_low <= 0:
        return gettext("No learning flows either way yet")
    # The reading compares the two directions' counts: a proposal's gains stand in for them.
    one = Direction(low, high, round(100 * pair.gain_low_high), 0, ())
    two = Direction(high, low, round(100 * pair.gain_high_low), 0, ())
    return _reading(one, two, pair.balance)


def pairs_in_words(pairs: Iterable[Any]) -> None:
    """Give each pair (RoundPair rows of a page) its flows (skill, words) each way and its
    balance in words."""
    for pair in pairs:
        pair.low_flows = [(f[0], level_words(f[1], f[2])) for f in pair.low_teaches]
        pair.high_flows = [(f[0], level_words(f[1], f[2])) for f in pair.high_teaches]
        pair.balance_words = balance_words(pair)
        pair.warning_words = warning_words(pair.warning)


# ---------------------------------------------------------------------------------------------
# The search list for pairs by hand


@dataclass(frozen=True)
class Found:
    """A participant in the search list."""

    user_id: int
    name: str
    email: str
    team: str
    teaches: list[str]
    learns: list[str]
    partners: list[str]  # whom they are paired with in this round's proposal


@dataclass
class Picker:
    """The search text, the two people chosen so far, and the participants found."""

    text: str
    a: Found | None = None
    b: Found | None = None
    results: list[Found] = field(default_factory=list)
    total: int = 0


def _matching(text: str) -> Q:
    skills = Skill.objects.search(text).values("pk")
    return (
        Q(user__profile__display_name__icontains=text)
        | Q(user__first_name__icontains=text)
        | Q(user__email__icontains=text)
        | Q(team__icontains=text)
        | Q(user__profile__team__icontains=text)
        | Q(user__profile__teaches__skill__in=skills)
        | Q(user__profile__learns__skill__in=skills)
    )


def _found(enrolments: Iterable[Enrolment], round_: Round) -> list[Found]:
    rows = list(enrolments)
    ids = [e.user_id for e in rows]
    partners: dict[int, list[str]] = defaultdict(list)
    pairs = round_.pairs.filter(Q(member_low_id__in=ids) | Q(member_high_id__in=ids))
    for pair in pairs.select_related("member_low__profile", "member_high__profile"):
        partners[pair.member_low_id].append(name_of(pair.member_high))
        partners[pair.member_high_id].append(name_of(pair.member_low))
    found = []
    for e in rows:
        profile = getattr(e.user, "profile", None)
        found.append(
            Found(
                user_id=e.user_id,
                name=name_of(e.user),
                email=e.user.email,
                team=e.team or (profile.team if profile else ""),
                teaches=[t.skill.name for t in profile.teaches.all()] if profile else [],
                learns=[t.skill.name for t in profile.learns.all()] if profile else [],
                partners=partners[e.user_id],
            )
        )
    return found


def _with_people(program: Program) -> Any:
    return (
        program.enrolments.active()
        .select_related("user__profile")
        .prefetch_related("user__profile__teaches__skill", "user__profile__learns__skill")
    )


def pair_picker(
    *, program: Program, round_: Round, text: str, a: int | None, b: int | None
) -> Picker:
    """The search list of a program's active participants: whose name, email, team or a skill
    they teach or want to learn contains ``text``, leaving out the people already chosen."""
    chosen = {
        f.user_id: f for f in _found(_with_people(program).filter(user_id__in={a, b}), round_)
    }
    picker = Picker(text=text.strip(), a=chosen.get(a or 0), b=chosen.get(b or 0))
    if picker.a is not None and picker.a == picker.b:
        picker.b = None
    if not picker.text:
        return picker
    ids = program.enrolments.active().filter(_matching(picker.text)).values("pk")
    found = _with_people(program).filter(pk__in=ids).exclude(user_id__in={a, b} - {None})
    picker.total = found.count()
    ordered = found.order_by("user__profile__display_name", "user__first_name", "user_id")
    picker.results = _found(ordered[:PICKER_SHOWN], round_)
    return picker
