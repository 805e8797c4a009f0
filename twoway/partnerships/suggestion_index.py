"""The suggestion pool each app process keeps warm, and the change log that keeps it true.

Suggestions are ranked across all members, so reading the candidates from the database on every
request costs tens of queries and hundreds of milliseconds at 10,000 members. Instead each process
holds every member's skills in the engine's :class:`~twoway.engine.suggest.SuggestionPool` (a few
megabytes at 10,000 members) and brings it up to date at the start of every request with one query:
the rows of :class:`~twoway.partnerships.models.SuggestionChange` added since its last request.

- **Writing the log.** Signal receivers (connected in ``PartnershipsConfig.ready``) add a row
  in the same transaction as the change: a profile saved or deleted, a skill taught or wanted
  saved or deleted, an account saved with ``is_active`` possibly changed, a skill renamed
  (everybody). Code that adds skills with ``bulk_create`` (no signals) saves the profile after
  (``people.services.profile_skills_add``); the demo and benchmark seeds write before any
  process has built its pool.
- **Reading it.** A process remembers the newest row it applied (id and token). Ids are given
  out when a row is written but become visible when its transaction commits, so a lower id can
  appear after a higher one: an id skipped over is looked for again for ``GAP_WAIT`` seconds. If
  the remembered row is gone (the database was restored, a test rolled back, the row was
  pruned) the pool is rebuilt from scratch (about a second at 10,000 members), as it is at a
  process's first request and once every ``MAX_AGE`` seconds in any case.

What changes often and is cheap to read stays out of the pool and is read per request: each
candidate's active partnerships (capacity), my partners, my marks, open requests.
"""

from __future__ import annotations

import dataclasses
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from twoway.accounts.models import User
from twoway.engine.suggest import Member, SuggestionPool
from twoway.partnerships.adapter import engine_person, utc_offset_minutes
from twoway.partnerships.models import SuggestionChange
from twoway.people.models import Learning, Profile, Skill, Teaching

GAP_WAIT = 600.0
MAX_AGE = 6 * 3600.0
LOOKBACK = 200  # at a build, ids this far below the newest row that are missing count as gaps
KEEP = timedelta(days=1)
NOBODY = 0  # the profile_id of an anchor row


def suggestion_changed(profile_id: int | None) -> None:
    """Record that a member's suggestion data changed (``None``: everybody's)."""
    SuggestionChange.objects.create(profile_id=profile_id)


def suggestion_changes_prune(now: datetime | None = None) -> int:
    """Delete log rows older than ``KEEP``, always keeping the newest; returns how many went."""
    newest = SuggestionChange.objects.order_by("-id").values("id")[:1]
    old = SuggestionChange.objects.filter(at__lt=(now or timezone.now()) - KEEP)
    deleted, _ = old.exclude(id__in=newest).delete()
    return deleted


class _Warm:
    """This process's pool and how far through the log it has read."""

    def __init__(self) -> None:
        self.pool: SuggestionPool | None = None
        self.last: tuple[int, str] = (0, "")
        self.gaps: dict[int, float] = {}
        self.built = 0.0
        self.hour = 0


_warm = _Warm()
_lock = threading.Lock()


@contextmanager
def warm_pool() -> Iterator[SuggestionPool]:
    """The process's pool, up to date with every change committed before this call. Hold it
    only for the walk and the ranking: other threads of the process wait meanwhile."""
    with _lock:
        yield _synced(_warm)


def _synced(warm: _Warm) -> SuggestionPool:
    now = time.monotonic()
    if warm.pool is None or now - warm.built > MAX_AGE:
        return _build(warm, now)
    last_id, token = warm.last
    rows = list(
        SuggestionChange.objects.filter(Q(id__gte=last_id) | Q(id__in=list(warm.gaps)))
        .order_by("id")
        .values_list("id", "profile_id", "token")
    )
    if (last_id, token) not in {(i, t) for i, _, t in rows}:
        return _build(warm, now)
    fresh = [(i, p) for i, p, _ in rows if i != last_id]
    if any(p is None for _, p in fresh):
        return _build(warm, now)
    _note_gaps(warm, [i for i, _ in fresh], now)
    if fresh and fresh[-1][0] > last_id:
        warm.last = next((i, t) for i, _, t in reversed(rows))
    _reload(warm.pool, {p for _, p in fresh if p})
    _follow_the_clock(warm)
    return warm.pool


def _note_gaps(warm: _Warm, seen: list[int], now: float) -> None:
    """Forget the gaps just filled and those waited on long enough; note the new ones."""
    for i in seen:
        warm.gaps.pop(i, None)
    top = max([warm.last[0], *seen])
    known = set(seen)
    for i in range(warm.last[0] + 1, top):
        if i not in known:
            warm.gaps[i] = now + GAP_WAIT
    warm.gaps = {i: until for i, until in warm.gaps.items() if until > now}


def _build(warm: _Warm, now: float) -> SuggestionPool:
    """Read everybody. The log is read first: what commits while the members load is read
    again at the next request, never lost."""
    newest = SuggestionChange.objects.order_by("-id").values_list("id", "token").first()
    if newest is None:
        anchor = SuggestionChange.objects.create(profile_id=NOBODY)
        newest = (anchor.pk, anchor.token)
    recent = SuggestionChange.objects.filter(id__gt=newest[0] - LOOKBACK, id__lte=newest[0])
    seen = set(recent.values_list("id", flat=True))
    warm.gaps = {
        i: now + GAP_WAIT
        for i in range(max(1, newest[0] - LOOKBACK + 1), newest[0])
        if i not in seen
    }
    warm.pool = SuggestionPool(members_of(Profile.objects.order_by()))
    warm.last, warm.built, warm.hour = newest, now, _hour()
    return warm.pool


def _reload(pool: SuggestionPool, profile_ids: set[int]) -> None:
    if not profile_ids:
        return
    for member in members_of(Profile.objects.filter(pk__in=profile_ids)):
        profile_ids.discard(member.key)
        pool.put(member)
    for gone in profile_ids:
        pool.drop(gone)


def _hour() -> int:
    return int(time.time() // 3600)


def _follow_the_clock(warm: _Warm) -> None:
    """Time zones' offsets change with daylight saving: reread them once an hour."""
    if warm.pool is None or warm.hour == _hour():
        return
    warm.hour = _hour()
    pool = warm.pool
    for member in list(pool.members.values()):
        offset = utc_offset_minutes(member.timezone)
        if offset != member.person.utc_offset_minutes:
            pool.put(_with_offset(member, offset))


def _with_offset(member: Member, offset: int | None) -> Member:
    person = dataclasses.replace(member.person, utc_offset_minutes=offset)
    return dataclasses.replace(member, person=person)


# ---------------------------------------------------------------------------------------------
# Loading members: three flat queries however many


FIELDS = ("id", "user_id", "display_name", "capacity", "team", "timezone", "languages")


def members_of(profiles: QuerySet[Profile]) -> list[Member]:
    """The profiles as the pool holds them; skills in the order ``with_skills`` reads them, so
    the engine adds up the same numbers in the same order as for a prefetched profile."""
    ids = profiles.values("id")
    teaches = _skills(Teaching.objects.filter(profile_id__in=ids), "level")
    learns = _skills(Learning.objects.filter(profile_id__in=ids), "priority")
    complete = Exists(Profile.objects.complete().filter(pk=OuterRef("pk")))
    rows = profiles.annotate(complete=complete).values_list(
        *FIELDS, "open_to_partners", "user__is_active", "complete"
    )
    return [_member(row, teaches.get(row[0], {}), learns.get(row[0], {})) for row in rows]


Skills = dict[int, dict[int, tuple[str, int]]]


def _skills(rows: QuerySet[Any], number: str) -> Skills:
    """{profile id: {skill id: (skill name, ``number``)}}, highest number first, then by name."""
    found: Skills = {}
    ordered = rows.order_by(f"-{number}", "skill__name")
    for pid, skill_id, name, value in ordered.values_list(
        "profile_id", "skill_id", "skill__name", number
    ):
        found.setdefault(pid, {})[skill_id] = (name, value)
    return found


def _member(
    row: tuple[Any, ...], teaches: dict[int, tuple[str, int]], learns: dict[int, tuple[str, int]]
) -> Member:
    fields = dict(zip(FIELDS, row, strict=False))
    pid = fields.pop("id")
    open_to_partners, active, complete = row[len(FIELDS) :]
    person = engine_person(
        **fields,
        teaches={name: n for name, n in teaches.values()},
        learns={name: n for name, n in learns.values()},
    )
    return Member(
        key=pid,
        person=person,
        teaches={s: n for s, (_, n) in teaches.items()},
        learns={s: n for s, (_, n) in learns.items()},
        listed=open_to_partners and active,
        complete=complete,
        capacity=fields["capacity"],
        team=fields["team"],
        timezone=fields["timezone"],
    )


# ---------------------------------------------------------------------------------------------
# Writing the log: connected by PartnershipsConfig.ready


def _profile_saved(sender: Any, instance: Profile, **kwargs: Any) -> None:
    suggestion_changed(instance.pk)


def _skill_row_saved(sender: Any, instance: Teaching | Learning, **kwargs: Any) -> None:
    suggestion_changed(instance.profile_id)


def _user_saved(
    sender: Any, instance: User, update_fields: Iterable[str] | None = None, **kwargs: Any
) -> None:
    # A sign-in saves last_login only: not worth a row.
    if update_fields is not None and "is_active" not in update_fields:
        return
    for pid in Profile.objects.filter(user_id=instance.pk).values_list("pk", flat=True):
        suggestion_changed(pid)


def _skill_saved(sender: Any, instance: Skill, created: bool = False, **kwargs: Any) -> None:
    if not created:  # a rename: every explanation that names it changes
        suggestion_changed(None)


def connect() -> None:
    """Connect the receivers that write the log (once, from ``PartnershipsConfig.ready``)."""
    post_save.connect(_profile_saved, sender=Profile, dispatch_uid="suggestions_profile_saved")
    post_delete.connect(_profile_saved, sender=Profile, dispatch_uid="suggestions_profile_deleted")
    for model in (Teaching, Learning):
        post_save.connect(
            _skill_row_saved, sender=model, dispatch_uid=f"suggestions_{model.__name__}_saved"
        )
        post_delete.connect(
            _skill_row_saved, sender=model, dispatch_uid=f"suggestions_{model.__name__}_deleted"
        )
    post_save.connect(_user_saved, sender=User, dispatch_uid="suggestions_user_saved")
    post_save.connect(_skill_saved, sender=Skill, dispatch_uid="suggestions_skill_saved")
