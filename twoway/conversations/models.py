"""Messages between partners and among a circle's members.

A :class:`Thread` belongs to exactly one partnership or exactly one circle (a check constraint
holds it), and each of them has at most one thread. Who may read and write is not stored here: it
is the owner's membership, read afresh on every request, so a member who leaves a circle loses
the thread with the seat.

Read state is one :class:`ReadMark` per member and thread: the id of the last message they have
seen. Message ids only grow, so "unread" is "written by someone else, with a larger id".
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.timezone import now

from twoway.core.errors import TEXT_MAX
from twoway.network.models import Circle
from twoway.partnerships.models import Partnership

if TYPE_CHECKING:
    from twoway.accounts.models import User

USER_MODEL = settings.AUTH_USER_MODEL


class Thread(models.Model):
    partnership = models.OneToOneField(
        Partnership, null=True, blank=True, on_delete=models.CASCADE, related_name="thread"
    )
    circle = models.OneToOneField(
        Circle, null=True, blank=True, on_delete=models.CASCADE, related_name="thread"
    )
    created_at = models.DateTimeField(default=now)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(Q(partnership__isnull=False) & Q(circle__isnull=True))
                | (Q(partnership__isnull=True) & Q(circle__isnull=False)),
                name="conversations_thread_has_one_owner",
            ),
        ]

    def __str__(self) -> str:
        return f"Messages of {self.owner}"

    def get_absolute_url(self) -> str:
        """The owner's page, at its messages section: where a member reads the thread."""
        return f"{self.owner.get_absolute_url()}#messages"

    @property
    def owner(self) -> Any:
        """The partnership or the circle the thread belongs to."""
        return self.partnership if self.partnership_id else self.circle

    @property
    def is_open(self) -> bool:
        """New messages are welcome: always in a circle, while the partnership is active."""
        return self.partnership is None or self.partnership.is_active

    def has_member(self, user: User) -> bool:
        """A partner of the partnership, or a current member of the circle."""
        return bool(user.is_authenticated) and bool(self.owner.has_member(user))

    def members(self) -> list[User]:
        """Who reads the thread now: the two partners, or the circle's current members."""
        if self.partnership is not None:
            return list(self.partnership.members)
        assert self.circle is not None
        return [m.user for m in self.circle.current().select_related("user__profile")]


class Message(models.Model):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(USER_MODEL, on_delete=models.CASCADE, related_name="+")
    text = models.TextField(max_length=TEXT_MAX)
    created_at = models.DateTimeField(default=now)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["thread", "id"]),
            # The posting limit counts a member's recent messages.
            models.Index(fields=["author", "created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.author}: {self.text[:40]}"


class ReadMark(models.Model):
    """How far one member has read one thread."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="read_marks")
    user = models.ForeignKey(USER_MODEL, on_delete=models.CASCADE, related_name="+")
    last_read_id = models.PositiveBigIntegerField(default=0)
    read_at = models.DateTimeField(default=now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["thread", "user"], name="conversations_one_read_mark"),
        ]

    def __str__(self) -> str:
        return f"{self.user} read {self.thread} up to {self.last_read_id}"
