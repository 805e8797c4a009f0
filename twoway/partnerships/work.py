"""Working together: goals both ways, sessions with agendas, the learning log and its balance.

Every function takes the acting member and a partnership they are in (callers fetch it with
:func:`twoway.partnerships.services.partnership_get`, which 404s for outsiders). Writes need an
active partnership.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from twoway.accounts.models import User
from twoway.core.errors import Refused, clean_text
from twoway.notifications.models import Kind
from twoway.partnerships.models import AgendaItem, Goal, LearningEntry, Partnership, Session
from twoway.partnerships.services import require_active, skills_named, tell
from twoway.people.models import name_of, validate_timezone
from twoway.people.services import skill_find

# Balance readings: at or above EVEN the flow reads "both ways evenly"; a partnership with at
# least ONE_SIDED_MIN entries and an index under ONE_SIDED_INDEX gets a nudge.
EVEN = 0.75
ONE_SIDED_MIN = 4
ONE_SIDED_INDEX = 0.25
AGENDA_MAX = 30


# ---------------------------------------------------------------------------------------------
# Goals


@transaction.atomic
def goal_add(*, user: User, partnership: Partnership, text: str, skill: str = "") -> Goal:
    """A goal for what ``user`` wants to learn from their partner (its owner is the learner)."""
    require_active(partnership)
    text = clean_text(text, "text", limit=300)
    found = skill_find(skill.strip()) if skill.strip() else None
    if skill.strip() and found is None:
        raise ValidationError({"skill": f"We don't know the skill {skill!r}. Check the spelling."})
    return Goal.objects.create(partnership=partnership, owner=user, text=text, skill=found)


def goal_get(*, user: User, goal_id: int) -> Goal:
    goal = Goal.objects.select_related("partnership").filter(pk=goal_id).first()
    if goal is None or not goal.partnership.has_member(user):
        raise Http404("No such goal.")
    return goal


@transaction.atomic
def goal_update(
    *,
    user: User,
    goal: Goal,
    progress: int | None = None,
    done: bool | None = None,
    text: str | None = None,
) -> Goal:
    """Change a goal's progress (0–100), done flag or text. Only its owner may."""
    if goal.owner_id != user.pk:
        raise PermissionDenied("Only the partner who set this goal can change it.")
    require_active(goal.partnership)
    if progress is not None:
        if not isinstance(progress, int) or not 0 <= progress <= 100:
            raise ValidationError({"progress": "Progress is a percentage from 0 to 100."})
        goal.progress = progress
    if done is not None:
        goal.done = done
        goal.progress = 100 if done else goal.progress
    if text is not None:
        goal.text = clean_text(text, "text", limit=300)
    goal.save(update_fields=["progress", "done", "text"])
    return goal


# ---------------------------------------------------------------------------------------------
# Sessions


def _start(day: date, at: time, tz: str) -> datetime:
    try:
        validate_timezone(tz)
    except ValidationError as exc:
        raise ValidationError({"timezone": exc.messages}) from None
    return datetime.combine(day, at, tzinfo=zoneinfo.ZoneInfo(tz))


def session_schedule(
    *,
    user: User,
    partnership: Partnership,
    day: date,
    at: time,
    tz: str,
    duration_minutes: int = 60,
    place: str = "",
    link: str = "",
    agenda: Sequence[str] = (),
) -> Session:
    """Schedule a session (either partner, active partnerships only); the partner is told."""
    require_active(partnership)
    session = Session(
        partnership=partnership,
        starts_at=_start(day, at, tz),
        timezone=tz,
        duration_minutes=duration_minutes,
        place=(place or "").strip(),
        link=(link or "").strip(),
        created_by=user,
    )
    session.full_clean(exclude=["partnership", "created_by"])
    with transaction.atomic():
        session.save()
        for item in agenda:
            if item.strip():
                AgendaItem.objects.create(session=session, author=user, text=item.strip()[:300])
        tell(
            partnership.partner_of(user),
            Kind.SESSION_SCHEDULED,
            f"{name_of(user)} scheduled a session",
            f"{session.local_start:%A %d %B %Y, %H:%M} ({session.timezone})",
            partnership.get_absolute_url(),
            user,
            f"session:{session.pk}:scheduled",
        )
    return session


def session_get(*, user: User, session_id: int) -> Session:
    session = Session.objects.select_related("partnership").filter(pk=session_id).first()
    if session is None or not session.partnership.has_member(user):
        raise Http404("No such session.")
    return session


@transaction.atomic
def session_set_status(*, user: User, session: Session, status: str) -> Session:
    """Mark a scheduled session held or cancelled; a held or cancelled one stays so."""
    if status not in (Session.Status.HELD, Session.Status.CANCELLED):
        raise ValidationError({"status": "Mark the session held or cancelled."})
    locked = Session.objects.select_for_update().get(pk=session.pk)
    require_active(session.partnership)
    if locked.status != Session.Status.SCHEDULED:
        raise Refused(
            f"This session is already {locked.get_status_display().lower()}.", "session_closed"
        )
    if status == Session.Status.HELD and locked.starts_at > timezone.now():
        raise Refused("A session can be marked held once it has started.", "not_started")
    locked.status = status
    locked.sequence += 1
    locked.save(update_fields=["status", "sequence"])
    return locked


@transaction.atomic
def agenda_add(*, user: User, session: Session, text: str) -> AgendaItem:
    """Add an item to a scheduled session's agenda (either partner)."""
    require_active(session.partnership)
    locked = Session.objects.select_for_update().get(pk=session.pk)
    if locked.status != Session.Status.SCHEDULED:
        raise Refused("Only a scheduled session's agenda can change.", "session_closed")
    if locked.agenda.count() >= AGENDA_MAX:
        raise Refused(f"An agenda holds at most {AGENDA_MAX} items.", "agenda_full")
    item = AgendaItem.objects.create(
        session=locked, author=user, text=clean_text(text, "text", limit=300)
    )
    locked.sequence += 1
    locked.save(update_fields=["sequence"])
    return item


# ---------------------------------------------------------------------------------------------
# Learning log and balance


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
        raise ValidationError({"kind": "Choose 'learned' or 'shared'."})
    if session is not None and session.partnership_id != partnership.pk:
        raise ValidationError({"session": "That session belongs to another partnership."})
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


def balance_index(x: int, y: int) -> float:
    """min/max of the two directions' counts: 1 = even, 0 = one way only (or nothing yet)."""
    high = max(x, y)
    return min(x, y) / high if high else 0.0


def balance_of(partnership: Partnership, entries: Sequence[LearningEntry] | None = None) -> Balance:
    """Who learned what, counts each way, the balance index and a plain-words reading."""
    if entries is None:
        entries = list(partnership.learning_entries.prefetch_related("skills"))
    low, high = partnership.member_low, partnership.member_high
    one, two = _direction(entries, low, high), _direction(entries, high, low)
    index = balance_index(one.count, two.count)
    return Balance(one=one, two=two, index=index, reading=_reading(one, two, index))


def _direction(entries: Sequence[LearningEntry], teacher: Any, learner: Any) -> Direction:
    learned = [e for e in entries if e.author_id == learner.pk and e.kind == "learned"]
    shared = [e for e in entries if e.author_id == teacher.pk and e.kind == "shared"]
    names = {s.name for e in learned + shared for s in e.skills.all()}
    return Direction(teacher, learner, len(learned), len(shared), tuple(sorted(names)))


def _reading(one: Direction, two: Direction, index: float) -> str:
    if one.count + two.count == 0:
        return "Nothing logged yet"
    if index >= EVEN:
        return "Learning flows both ways evenly"
    big = one if one.count > two.count else two
    teacher, learner = name_of(big.teacher), name_of(big.learner)
    if index == 0:
        return f"So far learning flows only from {teacher} to {learner}"
    return f"Learning flows mostly from {teacher} to {learner}"
