"""Notification workflows: tell a member something, read it, choose channels.

Other apps call :func:`notify`; views, the API and periodic jobs all go through these functions.

A notification is written in its recipient's language and time zone, whoever caused it: its
title and body are stored as text when it is created, so :func:`notify` makes them inside
``speaking_to(recipient)``. Callers pass each either as a function (called there:
``title=lambda: _("%(name)s proposes times to meet") % {...}``), as a lazy translation
(``gettext_lazy``), or as text they wrote inside ``speaking_to(recipient)`` themselves. The
email is rendered in the recipient's language too (tasks.py).
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Mapping

from django.db import IntegrityError, OperationalError, transaction
from django.http import Http404
from django.utils.translation import gettext

from twoway.accounts.models import User
from twoway.core.i18n import speaking_to
from twoway.notifications.models import (
    Channels,
    Kind,
    Notification,
    NotificationPreference,
)

# Titles, bodies and emails name members by display name. Any address that slips in (a pasted
# request message, a careless caller) is hidden so no member's email reaches another member.
EMAIL_ADDRESS = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
HIDDEN_EMAIL = "[email hidden]"


def _clean(text: str) -> str:
    return EMAIL_ADDRESS.sub(HIDDEN_EMAIL, text)


# A notification's text: plain (or lazily translated) text, or a function that writes it.
Text = str | Callable[[], str]


def written_for(recipient: User, text: Text) -> str:
    """``text`` in ``recipient``'s language and time zone: a function is called, and a lazy
    translation is turned into text, inside ``speaking_to(recipient)``."""
    with speaking_to(recipient):
        return str(text() if callable(text) else text)


def _check_url(url: str) -> str:
    # Only links into this site: an email that points elsewhere would look like phishing.
    if url and (not url.startswith("/") or url.startswith("//")):
        raise ValueError(f"A notification's url must be a path on this site, not {url!r}.")
    return url


def notify(
    *,
    recipient: User,
    kind: str,
    title: Text,
    body: Text = "",
    url: str = "",
    actor: User | None = None,
    dedupe_key: str = "",
) -> Notification | None:
    """Tell ``recipient`` something, in the app and/or by email, as their preferences say.

    ``kind`` is a :class:`Kind` value; ``url`` a path on this site ("/partnerships/3/").
    ``title`` and ``body`` are written in the recipient's language (see the module's docstring).
    ``dedupe_key`` makes the call idempotent: when this recipient already has a notification of
    this kind with this key, nothing happens. The email is queued only once the surrounding
    transaction commits, and only to a verified address (an unverified one may be a stranger's).
    Returns the notification, or None when nothing was created (a duplicate, both channels off,
    or an inactive member).
    """
    kind = Kind(kind).value
    channels = NotificationPreference.objects.channels_for(user=recipient, kind=kind)
    if not recipient.is_active or not (channels.in_app or channels.email):
        return None
    if (
        dedupe_key
        and Notification.objects.filter(
            recipient=recipient, kind=kind, dedupe_key=dedupe_key
        ).exists()
    ):
        return None
    title, body = written_for(recipient, title), written_for(recipient, body)
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                recipient=recipient,
                kind=kind,
                title=_clean(" ".join(title.split()))[:200],
                body=_clean(body.strip()),
                url=_check_url(url),
                actor=actor,
                dedupe_key=dedupe_key,
                in_app=channels.in_app,
            )
    except IntegrityError:
        return None  # another worker created the same deduplicated notification first
    if channels.email and recipient.email_verified:
        _queue_email(notification.pk)
    return notification


def _queue_email(notification_id: int) -> None:
    # robust=True: the caller's work is already committed when this runs, so a failure to queue
    # the email must not surface as a failure of that work (it would be retried and refused).
    transaction.on_commit(lambda: _enqueue_email(notification_id), robust=True)


def _enqueue_email(notification_id: int, attempts: int = 5) -> None:
    """Queue the email task, waiting out brief lock contention on the task table."""
    from twoway.notifications.tasks import send_notification_email

    for attempt in range(attempts):
        try:
            send_notification_email.enqueue(notification_id)
            return
        except OperationalError:
            if attempt == attempts - 1:
                raise
            time.sleep(0.05 * (attempt + 1))


def notification_mark_read(*, user: User, notification_id: int) -> Notification:
    """Mark one of the member's notifications read. Others' notifications are not found."""
    notification = Notification.objects.inbox(user).filter(pk=notification_id).first()
    if notification is None:
        raise Http404(gettext("No such notification."))
    Notification.objects.filter(pk=notification.pk).mark_read()
    notification.refresh_from_db(fields=["read_at"])
    return notification


def notifications_mark_all_read(*, user: User) -> int:
    """Mark every unread notification of the member read; returns how many changed."""
    return Notification.objects.inbox(user).mark_read()


def unread_count(*, user: User) -> int:
    return Notification.objects.inbox(user).unread().count()


def preferences_save(*, user: User, choices: Mapping[str, Channels]) -> dict[str, Channels]:
    """Save the member's channels for the given kinds (others keep theirs); returns the table.

    Raises ValueError for an unknown kind.
    """
    kinds = {Kind(kind).value: value for kind, value in choices.items()}
    with transaction.atomic():
        for kind, value in kinds.items():
            NotificationPreference.objects.update_or_create(
                user=user, kind=kind, defaults={"in_app": value.in_app, "email": value.email}
            )
    return NotificationPreference.objects.table_for(user=user)
