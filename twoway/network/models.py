"""The support network and peer circles.

The network itself is not stored: it is read from partnerships (any status), circle seats and
circle meetings (see :mod:`twoway.network.graph`). Stored here: each member's visibility choice,
introductions through a shared connection, and circles with their members, meetings and learning
log. A circle's messages are a thread of the conversations app (``circle.thread``).
"""

from __future__ import annotations

import zoneinfo
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.timezone import now
from django.utils.translation import gettext_lazy as _

from twoway.people.models import Skill, validate_timezone

if TYPE_CHECKING:
    from twoway.accounts.models import User

USER_MODEL = settings.AUTH_USER_MODEL
TEXT_MAX = 2000
CIRCLE_MIN, CIRCLE_MAX = 3, 6


class NetworkSettings(models.Model):
    """A member's choice of who may see their network. A missing row means the default."""

    class Visibility(models.TextChoices):
        CONNECTIONS = "connections", _("My connections")
        ME = "me", _("Only me")

    user = models.OneToOneField(
        USER_MODEL, on_delete=models.CASCADE, related_name="network_settings"
    )
    visibility = models.CharField(
        max_length=12, choices=Visibility.choices, default=Visibility.CONNECTIONS
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "network settings"

    def __str__(self) -> str:
        return f"{self.user}: {self.visibility}"


class Introduction(models.Model):
    """``requester`` asks ``via`` (a shared connection) to introduce them to ``target``."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for the connection")
        FORWARDED = "forwarded", _("Introduced")
        DECLINED = "declined", _("Declined")

    requester = models.ForeignKey(USER_MODEL, on_delete=models.CASCADE, related_name="+")
    via = models.ForeignKey(USER_MODEL, on_delete=models.CASCADE, related_name="+")
    target = models.ForeignKey(USER_MODEL, on_delete=models.CASCADE, related_name="+")
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="+")
    message = models.TextField(max_length=TEXT_MAX)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    note = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=now)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["requester", "target", "skill"],
                condition=Q(status="pending"),
                name="network_one_pending_introduction",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.requester} → {self.target} via {self.via} ({self.status})"


class CircleQuerySet(models.QuerySet["Circle"]):
    def of_member(self, user: User) -> CircleQuerySet:
        """Circles the member belongs to now."""
        return self.filter(memberships__user=user, memberships__left_at__isnull=True).distinct()


class Circle(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open to join")
        CLOSED = "closed", _("Closed")

    class Source(models.TextChoices):
        MEMBER = "member", _("Started by a member")
        ENGINE = "engine", _("Formed by the matching engine")

    name = models.CharField(max_length=100)
    theme = models.CharField(max_length=200, blank=True)
    skill = models.ForeignKey(
        Skill, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    description = models.TextField(max_length=TEXT_MAX, blank=True)
    capacity = models.PositiveSmallIntegerField(
        default=CIRCLE_MAX,
        validators=[MinValueValidator(CIRCLE_MIN), MaxValueValidator(CIRCLE_MAX)],
    )
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.OPEN)
    source = models.CharField(max_length=8, choices=Source.choices, default=Source.MEMBER)
    # The engine's explanation of why these members fit, one line per member.
    why = models.TextField(blank=True)
    created_by = models.ForeignKey(
        USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=now)

    objects = CircleQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(capacity__gte=CIRCLE_MIN, capacity__lte=CIRCLE_MAX),
                name="network_circle_capacity_3_6",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("network:circle", args=[self.pk])

    def current(self) -> models.QuerySet[Membership]:
        return self.memberships.filter(left_at__isnull=True)

    def has_member(self, user: User) -> bool:
        return bool(user.is_authenticated) and self.current().filter(user=user).exists()

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class Membership(models.Model):
    """A seat in a circle; once left, it links only members met at meetings during the seat."""

    circle = models.ForeignKey(Circle, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        USER_MODEL, on_delete=models.CASCADE, related_name="circle_memberships"
    )
    joined_at = models.DateTimeField(default=now)
    left_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["joined_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["circle", "user"],
                condition=Q(left_at__isnull=True),
                name="network_one_seat_per_circle",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.circle}"


class CircleMeeting(models.Model):
    """A circle's meeting. Partnerships' Session hangs off a partnership, so circles have their
    own, with the same fields and the same calendar file shape."""

    circle = models.ForeignKey(Circle, on_delete=models.CASCADE, related_name="meetings")
    starts_at = models.DateTimeField()
    timezone = models.CharField(max_length=64, default="UTC", validators=[validate_timezone])
    duration_minutes = models.PositiveSmallIntegerField(
        default=60, validators=[MinValueValidator(5), MaxValueValidator(480)]
    )
    place = models.CharField(max_length=200, blank=True)
    agenda = models.TextField(max_length=TEXT_MAX, blank=True)
    created_by = models.ForeignKey(USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=now)

    class Meta:
        ordering = ["starts_at", "id"]

    def __str__(self) -> str:
        return f"{self.circle} on {self.local_start:%Y-%m-%d %H:%M} {self.timezone}"

    @property
    def local_start(self) -> datetime:
        return self.starts_at.astimezone(zoneinfo.ZoneInfo(self.timezone))

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.duration_minutes)


class CircleLearning(models.Model):
    """'What I learned from you', inside a circle: the author names who they learned from."""

    circle = models.ForeignKey(Circle, on_delete=models.CASCADE, related_name="learning")
    author = models.ForeignKey(USER_MODEL, on_delete=models.CASCADE, related_name="+")
    learned_from = models.ForeignKey(USER_MODEL, on_delete=models.CASCADE, related_name="+")
    skills = models.ManyToManyField(Skill, blank=True, related_name="+")
    text = models.TextField(max_length=TEXT_MAX)
    created_at = models.DateTimeField(default=now)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.author} learned from {self.learned_from}: {self.text[:40]}"


class CircleWaitQuerySet(models.QuerySet["CircleWait"]):
    def waiting(self) -> CircleWaitQuerySet:
        return self.filter(status=CircleWait.Status.WAITING)


class CircleWait(models.Model):
    """A member's place in the circle queue: the periodic job forms circles among those waiting.

    A row stays as history once the member is placed (``circle``) or leaves; one waiting row per
    member at a time. ``reason`` and ``detail`` say why the last try could not place them.
    """

    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting")
        PLACED = "placed", _("Placed in a circle")
        LEFT = "left", _("Left the queue")

    user = models.ForeignKey(USER_MODEL, on_delete=models.CASCADE, related_name="circle_waits")
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.WAITING)
    # Skills the member would like the circle to be about (optional).
    themes = models.ManyToManyField(Skill, blank=True, related_name="+")
    # Preferred circle size (optional); the run aims at the waiting members' median preference.
    size = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(CIRCLE_MIN), MaxValueValidator(CIRCLE_MAX)],
    )
    reason = models.CharField(max_length=40, blank=True)
    detail = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=now)
    tried_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    circle = models.ForeignKey(
        Circle, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = CircleWaitQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(status="waiting"),
                name="network_wait_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.status})"


class CircleQueueRun(models.Model):
    """One row per queue (``name``), locked by every run of the forming job, so two workers
    never form circles from the same waiting members; it also records the last run."""

    name = models.CharField(max_length=20, unique=True)
    last_run_at = models.DateTimeField(null=True, blank=True)
    waiting = models.PositiveIntegerField(default=0)
    placed = models.PositiveIntegerField(default=0)
    circles = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.name}: last run {self.last_run_at}"
