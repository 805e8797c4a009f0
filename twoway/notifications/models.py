"""Notifications: what a member is told (in the app and by email) and how they want to be told.

A member's preference for a kind lives in a ``NotificationPreference`` row; a missing row means
the defaults (``DEFAULT_IN_APP`` and ``DEFAULT_EMAIL``: both channels on).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from twoway.accounts.models import User

# Both channels start on: nudges and answers are the point of the app, and every email links to
# the page where a member turns any of them off.
DEFAULT_IN_APP = True
DEFAULT_EMAIL = True


class Kind(models.TextChoices):
    """What a notification is about. Labels are shown on the preferences page."""

    REQUEST_RECEIVED = "request_received", _("Someone asks to partner with you")
    REQUEST_ANSWERED = "request_answered", _("Your request is accepted, declined or withdrawn")
    REQUEST_INFO_ASKED = "request_info_asked", _("Questions and replies about a request")
    SESSION_SCHEDULED = "session_scheduled", _("A session is scheduled or changed")
    SESSION_DUE_TOMORROW = "session_due_tomorrow", _("Reminder the day before a session")
    NO_RECENT_SESSION = (
        "no_recent_session",
        _("Nudge when you and a partner haven't met for a while"),
    )
    BALANCE_ONE_SIDED = "balance_one_sided", _("Nudge when learning flows only one way")
    PARTNERSHIP_ENDED = "partnership_ended", _("A partnership ends")
    PROGRAM_MATCHED = "program_matched", _("A program's match round gives you a partner")
    NEW_MESSAGE = "new_message", _("A partner or a circle member writes to you")
    TIME_PROPOSED = "time_proposed", _("A partner proposes times to meet, or picks one")
    CIRCLE_FORMED = "circle_formed", _("You are placed in a circle")
    POST_COMMENT = "post_comment", _("Someone replies to your post")
    COMMENT_REPLY = "comment_reply", _("Someone answers your reply to a post")
    DATA_EXPORT_READY = "data_export_ready", _("Your data export is ready to download")
    OTHER = "other", _("Other news from Twoway")


def kind_label(kind: str) -> str:
    """The plain-words label of a kind, or the raw value for one that no longer exists."""
    return str(Kind(kind).label) if kind in Kind.values else kind


class Channels(NamedTuple):
    in_app: bool
    email: bool


class NotificationQuerySet(models.QuerySet["Notification"]):
    def inbox(self, user: User) -> NotificationQuerySet:
        """A member's in-app notifications, newest first."""
        return self.filter(recipient=user, in_app=True).order_by("-created_at", "-id")

    def unread(self) -> NotificationQuerySet:
        return self.filter(read_at__isnull=True)

    def mark_read(self) -> int:
        """Mark the unread ones read; returns how many changed."""
        return self.filter(read_at__isnull=True).update(read_at=timezone.now())


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    # No `choices=` on purpose: adding a Kind needs no migration. Services check values.
    kind = models.CharField(max_length=40, help_text="A value of notifications.models.Kind.")
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=500, blank=True, help_text="A path on this site.")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The member whose action caused this, if any.",
    )
    dedupe_key = models.CharField(max_length=200, blank=True)
    # False when the member turned the in-app channel off but still wants the email.
    in_app = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "in_app", "read_at"])]
        constraints = [
            # The last guard against a nudge sent twice in one period, even by racing workers.
            models.UniqueConstraint(
                fields=["recipient", "kind", "dedupe_key"],
                condition=~Q(dedupe_key=""),
                name="notifications_once_per_dedupe_key",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind_label}: {self.title}"

    def get_absolute_url(self) -> str:
        return self.url or "/notifications/"

    @property
    def kind_label(self) -> str:
        return kind_label(self.kind)

    @property
    def is_read(self) -> bool:
        return self.read_at is not None

    @property
    def absolute_url(self) -> str:
        """The link with the site's address, for emails."""
        return settings.SITE_URL + self.get_absolute_url()


class PreferenceManager(models.Manager["NotificationPreference"]):
    def channels_for(self, *, user: User, kind: str) -> Channels:
        """The channels a member wants for one kind (the defaults when they never chose)."""
        row = self.filter(user=user, kind=kind).values_list("in_app", "email").first()
        return Channels(*row) if row else Channels(DEFAULT_IN_APP, DEFAULT_EMAIL)

    def table_for(self, *, user: User) -> dict[str, Channels]:
        """Every kind with the member's channels, in the order of ``Kind``."""
        chosen = {p.kind: Channels(p.in_app, p.email) for p in self.filter(user=user)}
        default = Channels(DEFAULT_IN_APP, DEFAULT_EMAIL)
        return {kind.value: chosen.get(kind.value, default) for kind in Kind}


class NotificationPreference(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    # No `choices=` on purpose: adding a Kind needs no migration. Services check values.
    kind = models.CharField(max_length=40, help_text="A value of notifications.models.Kind.")
    in_app = models.BooleanField(default=DEFAULT_IN_APP)
    email = models.BooleanField(default=DEFAULT_EMAIL)

    objects = PreferenceManager()

    class Meta:
        ordering = ["user", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notifications_one_pref_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.kind}: in-app {self.in_app}, email {self.email}"


class PeriodicJob(models.Model):
    """When a registered periodic job last ran and is next due (see ``periodic.py``)."""

    name = models.CharField(max_length=100, unique=True)
    next_run_at = models.DateTimeField()
    last_started_at = models.DateTimeField(null=True, blank=True)
    last_finished_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
