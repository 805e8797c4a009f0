"""Messages: finding a member's thread, posting, reading, and telling the others.

Privacy is the owner's: a partnership's thread is for its two partners, a circle's for its current
members. :func:`thread_for_partnership` and :func:`thread_for_circle` go through the owning apps'
own getters, so every outsider meets the same 404 they meet on the partnership or circle page.

Notifications: each new message tells the thread's other members (kind ``new_message``, which
respects their preferences), at most once per thread until they read it. The dedupe key carries
how far the member had read (``thread:<id>:after:<last read id>``), so a burst of ten messages
makes one notification and one email, and the first message after they read makes a new one.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from django.db import connection, transaction
from django.db.models import Count, F, Max, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, Greatest
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from twoway.accounts.models import User
from twoway.conversations.models import Message, ReadMark, Thread
from twoway.core import throttle
from twoway.core.errors import Refused, clean_text
from twoway.core.i18n import speaking_to
from twoway.network.circles import circle_for_member
from twoway.network.models import Circle, Membership
from twoway.notifications.models import Kind, Notification
from twoway.notifications.services import notify
from twoway.partnerships.models import Partnership
from twoway.partnerships.services import partnership_get
from twoway.people.models import name_of

# A member may post this many messages per window, across all their threads: a lively chat
# stays well under it; a script flooding a circle's inboxes does not.
POST_LIMIT, POST_WINDOW = 20, 60
# The most messages one page or one API call shows.
PAGE = 100
EXCERPT = 200


class PostingTooFast(throttle.Throttled):
    """More than ``POST_LIMIT`` messages in ``POST_WINDOW`` seconds."""

    def __str__(self) -> str:
        return ngettext(
            "You are sending messages very quickly. Try again in %(n)d minute.",
            "You are sending messages very quickly. Try again in %(n)d minutes.",
            self.minutes,
        ) % {"n": self.minutes}


@dataclass(frozen=True)
class ThreadSummary:
    """One line of a member's inbox: the partner's name or the circle's, as ``title``."""

    thread: Thread
    title: str
    unread: int
    last: Message


def thread_for_partnership(*, user: User, partnership_id: int) -> Thread:
    """The thread of a partnership the member is in (made on first use); 404 for anyone else."""
    return thread_of(partnership_get(user=user, partnership_id=partnership_id))


def thread_for_circle(*, user: User, circle_id: int) -> Thread:
    """The thread of a circle the member sits in now (made on first use); 404 for anyone else."""
    return thread_of(circle_for_member(user=user, circle_id=circle_id))


def thread_of(owner: Partnership | Circle) -> Thread:
    """The owner's thread, made on first use, for a caller that has already checked that the
    reader belongs to ``owner`` (a page that fetched it with the owner's own getter)."""
    if isinstance(owner, Partnership):
        thread, _ = Thread.objects.get_or_create(partnership=owner)
        thread.partnership = owner
    else:
        thread, _ = Thread.objects.get_or_create(circle=owner)
        thread.circle = owner
    return thread


def messages_of(*, thread: Thread, after: int = 0, limit: int = PAGE) -> list[Message]:
    """Oldest first: the latest ``limit`` messages, or the first ``limit`` after id ``after``."""
    rows = thread.messages.select_related("author__profile")
    if after:
        return list(rows.filter(id__gt=after).order_by("id")[:limit])
    return list(reversed(rows.order_by("-id")[:limit]))


@transaction.atomic
def message_post(*, user: User, thread: Thread, text: str) -> Message:
    """Post ``text`` to the thread and tell its other members.

    Refuses (``not_active``) once the partnership has completed or ended: the thread stays
    readable. Raises :class:`twoway.core.throttle.Throttled` past ``POST_LIMIT`` messages a
    minute, and ValidationError for empty or too long text.
    """
    if not thread.has_member(user):
        raise Http404(gettext("No such conversation."))
    if not thread.is_open:
        raise Refused(
            gettext(
                "This partnership has ended. Its messages stay here to read, but new ones are "
                "closed."
            ),
            "not_active",
        )
    text = clean_text(text, "text")
    try:
        message = throttle.reserve(
            [_post_limit(user)],
            lambda: Message.objects.create(thread=thread, author=user, text=text),
        )
    except throttle.Throttled as exc:
        raise PostingTooFast(exc.retry_after) from None
    _tell_others(thread, message)
    _read_up_to(thread, user, message.pk)
    return message


def _post_limit(user: User) -> throttle.Limit:
    # The messages table is the ledger: reserve() counts and records in one locked step.
    return throttle.Limit(
        f"messages:{user.pk}", Message.objects.filter(author=user), POST_LIMIT, POST_WINDOW
    )


def _tell_others(thread: Thread, message: Message) -> None:
    author = message.author
    marks = dict(ReadMark.objects.filter(thread=thread).values_list("user_id", "last_read_id"))
    names = {"name": name_of(author), "circle": thread.circle.name if thread.circle else ""}
    for member in thread.members():
        if member.pk == author.pk:
            continue
        with speaking_to(member):
            if thread.circle is not None:
                title = gettext("%(name)s wrote in %(circle)s") % names
            else:
                title = gettext("%(name)s sent you a message") % names
            notify(
                recipient=member,
                kind=Kind.NEW_MESSAGE,
                title=title,
                body=_excerpt(message.text),
                url=thread.get_absolute_url(),
                actor=author,
                dedupe_key=f"{_key_prefix(thread)}after:{marks.get(member.pk, 0)}",
            )


def _excerpt(text: str) -> str:
    return text if len(text) <= EXCERPT else text[: EXCERPT - 1].rstrip() + "…"


def _key_prefix(thread: Thread) -> str:
    return f"thread:{thread.pk}:"


def _read_up_to(thread: Thread, user: User, message_id: int | None = None) -> None:
    """Move the member's mark to ``message_id``, or to the thread's last message when None.

    Only forward: a slow request that read less must not undo a later read. The last message's
    id is a subquery of the one UPDATE, so reading costs no extra query once a mark exists.
    """
    last: Any = Value(message_id)
    if message_id is None:
        last = Coalesce(Subquery(_last_id(thread)), Value(0))
    moved = ReadMark.objects.filter(thread=thread, user=user).update(
        last_read_id=Greatest(F("last_read_id"), last), read_at=timezone.now()
    )
    if not moved:
        if message_id is None:
            message_id = thread.messages.aggregate(last=Max("id"))["last"] or 0
        ReadMark.objects.get_or_create(
            thread=thread, user=user, defaults={"last_read_id": message_id}
        )


def _last_id(thread: Thread) -> QuerySet[Message, Any]:
    return (
        Message.objects.filter(thread=thread)
        .order_by()
        .values("thread")
        .annotate(last=Max("id"))
        .values("last")
    )


def thread_mark_read(*, user: User, thread: Thread) -> None:
    """The member has seen every message so far; their notifications about it are read too.

    Two forward-only, repeatable updates and no transaction around them: if the second fails
    the next read does it again, and a page view saves the transaction's round trips.
    """
    if not thread.has_member(user):
        raise Http404(gettext("No such conversation."))
    _read_up_to(thread, user)
    Notification.objects.filter(
        recipient=user, kind=Kind.NEW_MESSAGE, dedupe_key__startswith=_key_prefix(thread)
    ).mark_read()


def _unread(user: User) -> Q:
    """Messages by others after the member's mark on their thread (one correlated subquery)."""
    mark = ReadMark.objects.filter(thread=OuterRef("thread"), user=user).values("last_read_id")
    return Q(id__gt=Coalesce(Subquery(mark[:1]), Value(0))) & ~Q(author=user)


def unread_count(*, user: User, thread: Thread) -> int:
    """Messages by others the member has not seen yet (one query)."""
    return thread.messages.filter(_unread(user)).count()


def unread_total(*, user: User) -> int:
    """Unread messages across all the member's threads now: the top bar's count, on every page.

    The same rule as :func:`unread_count` over the threads of every partnership the member is in
    (any status, as :func:`threads_for`) and every circle they sit in now. One query in plain
    SQL: building it through the ORM cost more than running it.
    """
    with connection.cursor() as cursor:
        cursor.execute(_unread_total_sql(), [user.pk] * 5)
        row = cursor.fetchone()
    return int(row[0]) if row else 0


@cache
def _unread_total_sql() -> str:
    thread, message, mark = (m._meta.db_table for m in (Thread, Message, ReadMark))
    pair, seat = Partnership._meta.db_table, Membership._meta.db_table
    # Each thread's messages after the member's mark are a range of the (thread, id) index.
    return (
        f"SELECT COUNT(*) FROM ("  # noqa: S608 (our tables)
        f"SELECT t.id FROM {thread} t JOIN {pair} p ON p.id = t.partnership_id "
        "WHERE p.member_low_id = %s OR p.member_high_id = %s "
        f"UNION ALL SELECT t.id FROM {thread} t JOIN {seat} s ON s.circle_id = t.circle_id "
        "WHERE s.user_id = %s AND s.left_at IS NULL) mine "
        f"JOIN {message} m ON m.thread_id = mine.id "
        f"LEFT JOIN {mark} r ON r.thread_id = mine.id AND r.user_id = %s "
        "WHERE m.author_id <> %s AND m.id > COALESCE(r.last_read_id, 0)"
    )


def threads_for(*, user: User) -> list[ThreadSummary]:
    """The member's threads that have messages, the most recent first, with unread counts."""
    mine = Q(partnership__in=Partnership.objects.involving(user)) | Q(
        circle__in=Circle.objects.of_member(user)
    )
    mark = ReadMark.objects.filter(thread=OuterRef("pk"), user=user).values("last_read_id")[:1]
    theirs = Q(messages__id__gt=F("mark")) & ~Q(messages__author=user)
    threads = list(
        Thread.objects.filter(mine)
        .select_related("partnership__member_low__profile", "partnership__member_high__profile")
        .select_related("circle")
        .annotate(mark=Coalesce(Subquery(mark), Value(0)))
        .annotate(last_id=Max("messages__id"), unread=Count("messages", filter=theirs))
        .filter(last_id__isnull=False)
        .order_by("-last_id")
    )
    last = Message.objects.select_related("author__profile").in_bulk([t.last_id for t in threads])
    return [ThreadSummary(t, _title(t, user), t.unread, last[t.last_id]) for t in threads]


def _title(thread: Thread, user: User) -> str:
    if thread.partnership is not None:
        return name_of(thread.partnership.partner_of(user))
    assert thread.circle is not None
    return thread.circle.name
