"""Partnerships: two members, learning flowing each way.

A partnership is symmetric. The pair is stored as (``member_low``, ``member_high``), ordered by
user id, so one pair has one spelling and the database can hold it unique. There is no mentor or
mentee field: goals, learning entries and feedback each have an owner, and the direction of
learning is read from who owns them.

Database constraints are the last guard against races: at most one open request and at most one
active partnership per pair, whatever the web, the API or two clicks at once try.
"""

from __future__ import annotations

import secrets
import zoneinfo
from collections.abc import Collection
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any, ClassVar, Self

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.timezone import now
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from twoway.core.errors import TEXT_MAX
from twoway.people.models import Skill, validate_timezone

if TYPE_CHECKING:
    from twoway.accounts.models import User

USER_MODEL = settings.AUTH_USER_MODEL
# The stored reason of a request declined because a member became full (a code, shown translated).
CAPACITY_REASON = "capacity reached"
# Why SCIM deactivation closed a member's open requests (provisioning.services).
DEACTIVATED_REASON = "their organisation has deactivated their account"


def ordered(a_id: int, b_id: int) -> tuple[int, int]:
    """The pair's two user ids, lowest first: its one spelling."""
    return (a_id, b_id) if a_id < b_id else (b_id, a_id)


def new_feed_token() -> str:
    return secrets.token_urlsafe(24)


class PairQuerySet(models.QuerySet[Any]):
    """Shared by every model that stores a pair as (member_low, member_high)."""

    def involving(self, user: User) -> PairQuerySet:
        return self.filter(Q(member_low=user) | Q(member_high=user))

    def for_pair(self, a: Any, b: Any) -> PairQuerySet:
        low, high = ordered(a.pk, b.pk)
        return self.filter(member_low_id=low, member_high_id=high)


class PairMixin(models.Model):
    member_low = models.ForeignKey(USER_MODEL, on_delete=models.CASCADE, related_name="+")
    member_high = models.ForeignKey(USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        abstract = True

    def has_member(self, user: User) -> bool:
        return user.pk in (self.member_low_id, self.member_high_id)

    def partner_of(self, user: User) -> Any:
        """The other member of the pair (raises ValueError for an outsider)."""
        if user.pk == self.member_low_id:
            return self.member_high
        if user.pk == self.member_high_id:
            return self.member_low
        raise ValueError("This member is not part of the pair.")

    @property
    def members(self) -> tuple[Any, Any]:
        return (self.member_low, self.member_high)


# ---------------------------------------------------------------------------------------------
# Requests


class RequestQuerySet(PairQuerySet):
    def still_open(self, now: datetime | None = None) -> RequestQuerySet:
        """Open and not yet past their expiry (the hourly job marks the others expired)."""
        return self.filter(status=Request.Status.OPEN, expires_at__gt=now or timezone.now())


class Request(PairMixin):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        EXPIRED = "expired", _("Expired")

    sender = models.ForeignKey(USER_MODEL, on_delete=models.CASCADE, related_name="requests_sent")
    receiver = models.ForeignKey(
        USER_MODEL, on_delete=models.CASCADE, related_name="requests_received"
    )
    message = models.TextField(max_length=TEXT_MAX)
    # The proposed focus, both ways, from the sender's point of view.
    learn_skills = models.ManyToManyField(
        Skill, blank=True, related_name="+", help_text=_("Skills the sender would like to learn.")
    )
    teach_skills = models.ManyToManyField(
        Skill, blank=True, related_name="+", help_text=_("Skills the sender can teach.")
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    decline_reason = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=now)
    expires_at = models.DateTimeField()
    answered_at = models.DateTimeField(null=True, blank=True)
    partnership = models.ForeignKey(
        "Partnership", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = RequestQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["member_low", "member_high"],
                condition=Q(status="open"),
                name="partnerships_one_open_request_per_pair",
            ),
            models.CheckConstraint(
                condition=Q(member_low__lt=F("member_high")),
                name="partnerships_request_pair_ordered",
            ),
        ]
        indexes = [models.Index(fields=["status", "expires_at"])]

    def __str__(self) -> str:
        return f"Request from {self.sender} to {self.receiver} ({self.status})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.member_low_id, self.member_high_id = ordered(self.sender_id, self.receiver_id)
        if self.expires_at is None:
            self.expires_at = self.created_at + timedelta(days=settings.REQUEST_EXPIRY_DAYS)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("partnerships:request", args=[self.pk])

    @classmethod
    def from_db(cls, db: str | None, field_names: Collection[str], values: Collection[Any]) -> Self:
        # Every read sees an overdue request as expired, so no page view has to write it down:
        # the hourly job (requests.requests_expire) stores what each read already shows.
        request = super().from_db(db, field_names, values)
        if {"status", "expires_at", "answered_at"} <= set(field_names):
            request.expire_if_overdue()
        return request

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN and not self.is_past_expiry

    def expire_if_overdue(self) -> None:
        """An open request past its expiry is expired, answered when it expired (in memory)."""
        if self.status == self.Status.OPEN and self.is_past_expiry:
            self.status, self.answered_at = self.Status.EXPIRED, self.expires_at

    @property
    def is_past_expiry(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def reason_shown(self) -> str:
        """The decline reason as members read it: the member's own words, or ours translated."""
        if self.decline_reason == CAPACITY_REASON:
            return gettext("capacity reached")
        if self.decline_reason == DEACTIVATED_REASON:
            return gettext("their organisation has deactivated their account")
        return self.decline_reason


class RequestMessage(models.Model):
    """The short thread started by "ask for more info"; both members may add to it."""

    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="thread")
    author = models.ForeignKey(USER_MODEL, on_delete=models.CASCADE, related_name="+")
    text = models.TextField(max_length=TEXT_MAX)
    created_at = models.DateTimeField(default=now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.author}: {self.text[:40]}"


# ---------------------------------------------------------------------------------------------
# Partnerships


class Partnership(PairMixin):
    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        COMPLETED = "completed", _("Completed")
        ENDED = "ended", _("Ended early")

    class Cadence(models.TextChoices):
        WEEKLY = "weekly", _("Every week")
        FORTNIGHTLY = "fortnightly", _("Every two weeks")
        MONTHLY = "monthly", _("Every month")
        FLEXIBLE = "flexible", _("When it suits us")

    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    cadence = models.CharField(max_length=12, choices=Cadence.choices, default=Cadence.FORTNIGHTLY)
    planned_end = models.DateField(null=True, blank=True)
    expectations = models.TextField(max_length=TEXT_MAX, blank=True)
    started_at = models.DateTimeField(default=now)
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(
        USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    end_reason = models.CharField(max_length=300, blank=True)
    # The private calendar feed's secret; regenerating it makes the old address 404.
    feed_token = models.CharField(max_length=64, unique=True, default=new_feed_token)

    objects = PairQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["member_low", "member_high"],
                condition=Q(status="active"),
                name="partnerships_one_active_per_pair",
            ),
            models.CheckConstraint(
                condition=Q(member_low__lt=F("member_high")),
                name="partnerships_pair_ordered",
            ),
        ]
        indexes = [models.Index(fields=["status"])]

    def __str__(self) -> str:
        return f"{self.member_low} ⇄ {self.member_high} ({self.status})"

    def get_absolute_url(self) -> str:
        return reverse("partnerships:detail", args=[self.pk])

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE


class Goal(models.Model):
    """What ``owner`` wants to learn from their partner: goals always belong to the learner."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="goals")
    owner = models.ForeignKey(USER_MODEL, on_delete=models.CASCADE, related_name="+")
    text = models.CharField(max_length=300)
    skill = models.ForeignKey(Skill, null=True, blank=True, on_delete=models.SET_NULL)
    progress = models.PositiveSmallIntegerField(
        default=0, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    done = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=now)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__gte=0, progress__lte=100), name="partnerships_goal_0_100"
            ),
        ]

    def __str__(self) -> str:
        return self.text


class Session(models.Model):
    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        HELD = "held", _("Held")
        CANCELLED = "cancelled", _("Cancelled")

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="sessions")
    # Stored in UTC; ``timezone`` is the zone the partners planned in and the calendar file uses.
    starts_at = models.DateTimeField()
    timezone = models.CharField(max_length=64, default="UTC", validators=[validate_timezone])
    duration_minutes = models.PositiveSmallIntegerField(
        default=60, validators=[MinValueValidator(5), MaxValueValidator(480)]
    )
    place = models.CharField(max_length=200, blank=True)
    link = models.URLField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    created_by = models.ForeignKey(USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=now)
    # RFC 5545 SEQUENCE: bumped on each change so calendars replace the old copy.
    sequence = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["starts_at", "id"]
        indexes = [models.Index(fields=["status", "starts_at"])]

    def __str__(self) -> str:
        return f"Session on {self.local_start:%Y-%m-%d %H:%M} {self.timezone}"

    @property
    def local_start(self) -> datetime:
        return self.starts_at.astimezone(zoneinfo.ZoneInfo(self.timezone))

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.duration_minutes)

    @property
    def local_date(self) -> date:
        return self.local_start.date()


class AgendaItem(models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="agenda")
    author = models.ForeignKey(USER_MODEL, on_delete=models.CASCADE, related_name="+")
    text = models.CharField(max_length=300)
    created_at = models.DateTimeField(default=now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.text


class LearningEntry(models.Model):
    """One partner's account of learning that flowed in the partnership.

    ``learned``: the author learned from their partner. ``shared``: the author taught their
    partner. The balance counts ``learned`` entries: the learner is the judge of what they learned.
    """

    class Kind(models.TextChoices):
        LEARNED = "learned", _("What I learned from you")
        SHARED = "shared", _("What I shared")

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="learning_entries"
    )
    session = models.ForeignKey(
        Session, null=True, blank=True, on_delete=models.SET_NULL, related_name="learning_entries"
    )
    author = models.ForeignKey(USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=8, choices=Kind.choices, default=Kind.LEARNED)
    skills = models.ManyToManyField(Skill, blank=True, related_name="+")
    text = models.TextField(max_length=TEXT_MAX)
    created_at = models.DateTimeField(default=now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name_plural = "learning entries"

    def __str__(self) -> str:
        return f"{self.author} {self.kind}: {self.text[:40]}"


class Feedback(models.Model):
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="feedback")
    author = models.ForeignKey(USER_MODEL, on_delete=models.CASCADE, related_name="+")
    rating = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    text = models.TextField(max_length=TEXT_MAX, blank=True)
    # True: the partner never sees it; only program managers' aggregates use it.
    managers_only = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=now)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "author"], name="partnerships_feedback_once"
            ),
            models.CheckConstraint(
                condition=Q(rating__gte=1, rating__lte=5), name="partnerships_rating_1_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.author} rated {self.rating}/5"


class LevelChange(models.Model):
    """A change to a member's teaching level in a skill: the raw material of growth charts.

    ``old`` is 0 when the member did not list the skill before.
    """

    user = models.ForeignKey(USER_MODEL, on_delete=models.CASCADE, related_name="level_changes")
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="+")
    old = models.PositiveSmallIntegerField(validators=[MaxValueValidator(5)])
    new = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(5)])
    partnership = models.ForeignKey(
        Partnership, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=now)

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["user", "at"])]

    def __str__(self) -> str:
        return f"{self.user} {self.skill}: {self.old} → {self.new}"


class SuggestionMark(models.Model):
    """A member's private mark on a suggested member: hidden or saved."""

    class Kind(models.TextChoices):
        HIDDEN = "hidden", _("Hidden")
        SAVED = "saved", _("Saved")

    owner = models.ForeignKey(USER_MODEL, on_delete=models.CASCADE, related_name="suggestion_marks")
    other = models.ForeignKey(USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=6, choices=Kind.choices)
    created_at = models.DateTimeField(default=now)

    objects: ClassVar[models.Manager[SuggestionMark]] = models.Manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "other"], name="partnerships_one_mark"),
        ]

    def __str__(self) -> str:
        return f"{self.owner} {self.kind} {self.other}"


def new_change_token() -> str:
    return secrets.token_hex(8)


class SuggestionChange(models.Model):
    """A member whose suggestion data changed (profile, skills, account active or not).

    Each app process keeps a warm suggestion pool (``partnerships.suggestion_index``) and reads
    the rows added since its last request to reload just those members. ``profile_id`` is a plain
    number, not a key, so the row outlives a deleted profile; 0 marks nobody (an anchor a process
    writes when the log is empty) and None everybody (reload all). ``token`` lets a process tell
    its last row from another with the same id after the database was restored or rolled back.
    """

    profile_id = models.BigIntegerField(null=True)
    token = models.CharField(max_length=16, default=new_change_token)
    at = models.DateTimeField(default=now, db_index=True)

    objects: ClassVar[models.Manager[SuggestionChange]] = models.Manager()

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"#{self.pk}: profile {self.profile_id} changed"
