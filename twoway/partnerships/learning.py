"""The learning log and its balance: what each partner learned from or shared with the other,
counted each way, with an index and a plain-words reading of how evenly learning flows. Members
see the reading and the counts in words; the index is for the API and the one-sided nudge.

Writes take the acting member and a partnership they are in (callers fetch it with
:func:`twoway.partnerships.services.partnership_get`, which 404s for outsiders) and need an
active partnership.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext, ngettext

from twoway.accounts.models import User
from twoway.core.errors import clean_text
from twoway.partnerships.models import LearningEntry, Partnership, Session
from twoway.partnerships.services import require_active, skills_named
from twoway.people.models import name_of

Namer = Callable[[Any], str]  # how a reading names a partner

# Balance readings: at or above EVEN the flow reads "both ways evenly"; a partnership with at
# least ONE_SIDED_MIN entries and an index under ONE_SIDED_INDEX gets a nudge.
EVEN = 0.75
ONE_SIDED_MIN = 4
ONE_SIDED_INDEX = 0.25


@transaction.atomic
def learning_log(
    *,
    user: User,
    partnership: Partnership,
    text: str,
    kind: str = LearningEntry.Kind.LEARNED,
    skills: Sequence[str] = (),
    session: Session | None = None,
) -> LearningEntry:
    """Record what ``user`` learned from their partner ("learned") or taught them ("shared")."""
    require_active(partnership)
    if kind not in LearningEntry.Kind.values:
        raise ValidationError({"kind": gettext("Choose 'learned' or 'shared'.")})
    if session is not None and session.partnership_id != partnership.pk:
        raise ValidationError({"session": gettext("That session belongs to another partnership.")})
    entry = LearningEntry.objects.create(
        partnership=partnership,
        author=user,
        kind=kind,
        text=clean_text(text, "text"),
        session=session,
    )
    entry.skills.set(skills_named(skills, "skills"))
    return entry


@dataclass(frozen=True)
class Direction:
    """Learning flowing from ``teacher`` to ``learner``."""

    teacher: Any
    learner: Any
    learned: int
    shared: int
    skills: tuple[str, ...]

    @property
    def count(self) -> int:
        # The learner's and the teacher's accounts of one exchange are not added up: the larger
        # of the two counts, so logging the same thing twice doesn't tip the balance.
        return max(self.learned, self.shared)


@dataclass(frozen=True)
class Balance:
    one: Direction
    two: Direction
    index: float
    reading: str

    @property
    def total(self) -> int:
        return self.one.count + self.two.count

    @property
    def one_sided(self) -> bool:
        return self.total >= ONE_SIDED_MIN and self.index < ONE_SIDED_INDEX

    @property
    def counts(self) -> str:
        """The two counts as a sentence, "Alice taught 4 things, Bob none yet" (members see
        this, never the index), in the active language."""
        if self.total == 0:
            return ""
        big, small = (self.two, self.one) if self.two.count > self.one.count else (
            self.one, self.two)  # fmt: skip
        values = {
            "teacher": name_of(big.teacher),
            "other": name_of(small.teacher),
            "count": big.count,
            "other_count": small.count,
        }
        if big.count == small.count:
            return (
                ngettext(
                    "%(teacher)s and %(other)s each taught %(count)s thing",
                    "%(teacher)s and %(other)s each taught %(count)s things",
                    big.count,
                )
                % values
            )
        if small.count == 0:
            return (
                ngettext(
                    "%(teacher)s taught %(count)s thing, %(other)s none yet",
                    "%(teacher)s taught %(count)s things, %(other)s none yet",
                    big.count,
                )
                % values
            )
        return (
            ngettext(
                "%(teacher)s taught %(count)s thing, %(other)s taught %(other_count)s",
                "%(teacher)s taught %(count)s things, %(other)s taught %(other_count)s",
                big.count,
            )
            % values
        )


def balance_index(x: int, y: int) -> float:
    """min/max of the two directions' counts: 1 = even, 0 = one way only (or nothing yet)."""
    high = max(x, y)
    return min(x, y) / high if high else 0.0


def balance_of(partnership: Partnership, entries: Sequence[LearningEntry] | None = None) -> Balance:
    """Who learned what, counts each way, the balance index and a plain-words reading."""
    if entries is None:
        entries = list(partnership.learning_entries.prefetch_related("skills"))
    low, high = partnership.member_low, partnership.member_high
    return _balance(_direction(entries, low, high), _direction(entries, high, low), name_of)


def balance_counted(
    low: Any, high: Any, counts: Mapping[tuple[int, str], int], *, name: Namer = name_of
) -> Balance:
    """:func:`balance_of` from how many entries each partner wrote of each kind, ``{(author id,
    kind): n}`` (one aggregate query serves many partnerships); no skills are named. ``low`` and
    ``high`` are the two users, or their ids with a ``name`` that needs no profile (for figures
    that never show the reading)."""

    def n(author: Any, kind: str) -> int:
        return counts.get((getattr(author, "pk", author), kind), 0)

    one = Direction(low, high, n(high, "learned"), n(low, "shared"), ())
    two = Direction(high, low, n(low, "learned"), n(high, "shared"), ())
    return _balance(one, two, name)


def _balance(one: Direction, two: Direction, name: Namer) -> Balance:
    index = balance_index(one.count, two.count)
    return Balance(one=one, two=two, index=index, reading=_reading(one, two, index, name=name))


def _direction(entries: Sequence[LearningEntry], teacher: Any, learner: Any) -> Direction:
    learned = [e for e in entries if e.author_id == learner.pk and e.kind == "learned"]
    shared = [e for e in entries if e.author_id == teacher.pk and e.kind == "shared"]
    names = {s.name for e in learned + shared for s in e.skills.all()}
    return Direction(teacher, learner, len(learned), len(shared), tuple(sorted(names)))


def reading_for(balance: Balance, member: User) -> str:
    """The reading as ``member`` reads it, with "you" for them and their partner by name: "So far
    learning flows only from you to Bob" (never their own name, as if about someone else)."""
    return _reading(balance.one, balance.two, balance.index, me=member.pk)


def _reading(
    one: Direction, two: Direction, index: float, *, name: Namer = name_of, me: Any = None
) -> str:
    """The balance in words, in the active language; ``me`` (a user id) is the reader, called
    "you" (each case is a whole sentence, so every language can order its words)."""
    if one.count + two.count == 0:
        return gettext("Nothing logged yet")
    if index >= EVEN:
        return gettext("Learning flows both ways evenly")
    big = one if one.count > two.count else two
    only = index == 0
    if me is not None and _id(big.teacher) == me:
        text = (
            gettext("So far learning flows only from you to %(learner)s")
            if only
            else gettext("Learning flows mostly from you to %(learner)s")
        )
    elif me is not None and _id(big.learner) == me:
        text = (
            gettext("So far learning flows only from %(teacher)s to you")
            if only
            else gettext("Learning flows mostly from %(teacher)s to you")
        )
    else:
        text = (
            gettext("So far learning flows only from %(teacher)s to %(learner)s")
            if only
            else gettext("Learning flows mostly from %(teacher)s to %(learner)s")
        )
    return text % {"teacher": name(big.teacher), "learner": name(big.learner)}


def _id(user: Any) -> Any:
    return getattr(user, "pk", user)
