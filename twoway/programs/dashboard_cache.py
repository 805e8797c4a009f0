"""A program's dashboard figures, cached per program and refreshed by the events that change them.

The figures are aggregates over every partnership, session, log entry and rating of the program:
tens of milliseconds of SQL for a program of a few thousand people, too much for every page view.
So they are kept in Django's cache (``django.core.cache.cache``: Redis when configured, else each
process's memory) under a key read from the database on every view:

    programs:dashboard:<program>:<what>:<token>.<version>:<invitations waiting>:<5-minute slot>

- ``token`` and ``version`` come from the program's :class:`~twoway.programs.models.DashboardStamp`.
  The receivers below add one to ``version`` in the same transaction as any change to what the
  figures count: a session, a learning-log entry (or its skills), a rating, a level change, a
  partnership, a round (published), an enrolment, an invitation, and the profile, skills or
  account of an enrolled member (the "complete profile" step). Every process reads the new
  version at its next view, so no process can show figures from before a committed change.
- The number of invitations waiting is part of the key because imports write invitations in
  bulk, without signals; it is one indexed count.
- The slot: what changes with time alone (a session leaving the "met lately" window, a
  partnership turning quiet, a new week) shows within ``SLOT`` seconds.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.cache import cache
from django.db.models import F, Model, QuerySet
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete

from twoway.accounts.models import User
from twoway.core.page_cache import reader_key
from twoway.partnerships.models import Feedback, LearningEntry, LevelChange, Partnership, Session
from twoway.people.models import Learning, Profile, Teaching
from twoway.programs.models import DashboardStamp, Enrolment, Invitation, Program, Round

T = TypeVar("T")
SLOT = 300
BOTH = (post_save, post_delete)


def cached(program: Program, what: str, compute: Callable[[], T]) -> T:
    """``compute()``'s result for ``program``, from the cache while nothing it counts changed."""
    stamp, _ = DashboardStamp.objects.get_or_create(program=program)
    waiting = program.invitations.waiting().count()
    slot = int(time.time() // SLOT)
    key = reader_key(
        f"programs:dashboard:{program.pk}:{what}:{stamp.token}.{stamp.version}:{waiting}:{slot}"
    )
    found: T | None = cache.get(key)
    if found is None:
        found = compute()
        cache.set(key, found, SLOT)
    return found


def _bump(programs: QuerySet[Any]) -> None:
    """One more version for each program in ``programs`` (a query of program ids)."""
    DashboardStamp.objects.filter(program_id__in=programs).update(version=F("version") + 1)


def _of_partnership(partnership_id: int | None) -> None:
    if partnership_id is not None:
        _bump(Round.objects.filter(pairs__partnership_id=partnership_id).values("program_id"))


def _of_user(user_id: int) -> None:
    _bump(Enrolment.objects.filter(user_id=user_id).values("program_id"))


# ---------------------------------------------------------------------------------------------
# Receivers: connected by ProgramsConfig.ready


def _partnership_row(sender: Any, instance: Any, **kwargs: Any) -> None:
    _of_partnership(instance.partnership_id)


def _partnership(sender: Any, instance: Partnership, **kwargs: Any) -> None:
    _of_partnership(instance.pk)


def _program_row(sender: Any, instance: Any, **kwargs: Any) -> None:
    _bump(Program.objects.filter(pk=instance.program_id).values("pk"))


def _entry_skills(sender: Any, instance: Any, **kwargs: Any) -> None:
    if isinstance(instance, LearningEntry) and kwargs.get("action", "").startswith("post_"):
        _of_partnership(instance.partnership_id)


def _profile(sender: Any, instance: Profile, **kwargs: Any) -> None:
    _of_user(instance.user_id)


def _skill_row(sender: Any, instance: Teaching | Learning, **kwargs: Any) -> None:
    _bump(Enrolment.objects.filter(user__profile__id=instance.profile_id).values("program_id"))


def _user(sender: Any, instance: User, update_fields: Any = None, **kwargs: Any) -> None:
    if update_fields is None or "is_active" in update_fields:
        _of_user(instance.pk)


def connect() -> None:
    """Connect the receivers that bump the stamps (once, from ``ProgramsConfig.ready``)."""
    _on(_partnership_row, Session, LearningEntry, Feedback, LevelChange)
    # A partnership's round pair stops pointing at it once it is deleted: bump before.
    _on(_partnership, Partnership, signals=(post_save, pre_delete))
    _on(_program_row, Round, Enrolment, Invitation)
    _on(_entry_skills, LearningEntry.skills.through, signals=(m2m_changed,))
    _on(_profile, Profile)
    _on(_skill_row, Teaching, Learning)
    _on(_user, User, signals=(post_save,))


def _on(
    receiver: Callable[..., None], *models: type[Model], signals: tuple[Any, ...] = BOTH
) -> None:
    for model in models:
        for n, signal in enumerate(signals):
            uid = f"dashboard_{receiver.__name__}_{model.__name__}_{n}"
            signal.connect(receiver, sender=model, dispatch_uid=uid)
