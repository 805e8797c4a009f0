"""Availability and proposals of times to meet.

A member's availability is a set of weekly windows in their own time zone (the profile's). A
proposal is a few times (UTC instants) one partner offers the other; the other picks one, which
becomes a session of the partnership, or declines them all.

Database constraints guard the races: one open proposal per partnership, and a session can be
the answer to one proposal only.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.dates import WEEKDAYS
from django.utils.timezone import now
from django.utils.translation import gettext_lazy as _

from twoway.partnerships.models import Partnership, Session
from twoway.scheduling.slots import Window

USER_MODEL = settings.AUTH_USER_MODEL


class Weekday(models.IntegerChoices):
    """Django's own day names, translated by its catalogues."""

    MONDAY = 0, WEEKDAYS[0]
    TUESDAY = 1, WEEKDAYS[1]
    WEDNESDAY = 2, WEEKDAYS[2]
    THURSDAY = 3, WEEKDAYS[3]
    FRIDAY = 4, WEEKDAYS[4]
    SATURDAY = 5, WEEKDAYS[5]
    SUNDAY = 6, WEEKDAYS[6]


class Availability(models.Model):
    """One weekly window when the member is usually free, in their profile's time zone."""

    user = models.ForeignKey(USER_MODEL, on_delete=models.CASCADE, related_name="availability")
    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices)
    start = models.TimeField()
    end = models.TimeField()

    objects: ClassVar[models.Manager[Availability]] = models.Manager()

    class Meta:
        ordering = ["weekday", "start", "id"]
        verbose_name_plural = "availability"
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=F("start")), name="scheduling_window_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(weekday__gte=0, weekday__lte=6), name="scheduling_weekday_0_6"
            ),
        ]

    def __str__(self) -> str:
        return str(self.window)

    @property
    def window(self) -> Window:
        return Window(self.weekday, self.start, self.end)


class Proposal(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Waiting for an answer")
        PICKED = "picked", _("A time was picked")
        DECLINED = "declined", _("None of the times suited")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        EXPIRED = "expired", _("Every time passed")

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="proposals")
    proposer = models.ForeignKey(USER_MODEL, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    duration_minutes = models.PositiveSmallIntegerField(
        default=60, validators=[MinValueValidator(15), MaxValueValidator(480)]
    )
    # The session's link; empty means a new video room is made when a time is picked.
    link = models.URLField(blank=True)
    created_at = models.DateTimeField(default=now)
    answered_at = models.DateTimeField(null=True, blank=True)
    session = models.OneToOneField(
        Session, null=True, blank=True, on_delete=models.SET_NULL, related_name="proposal"
    )

    objects: ClassVar[models.Manager[Proposal]] = models.Manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership"],
                condition=Q(status="open"),
                name="scheduling_one_open_proposal_per_pair",
            ),
        ]

    def __str__(self) -> str:
        return f"Proposal {self.pk} by {self.proposer} ({self.status})"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class ProposedSlot(models.Model):
    """One time offered in a proposal: a UTC instant; each partner reads it in their own zone."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="slots")
    starts_at = models.DateTimeField()

    objects: ClassVar[models.Manager[ProposedSlot]] = models.Manager()

    class Meta:
        ordering = ["starts_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "starts_at"], name="scheduling_slot_once_per_proposal"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.starts_at:%Y-%m-%d %H:%M} UTC"
