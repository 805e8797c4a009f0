"""What the thread partial needs, shared by the partnership page, the circle page and the
thread's own htmx answers."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from twoway.accounts.models import User
from twoway.conversations.forms import MessageForm
from twoway.conversations.models import Thread
from twoway.conversations.services import PAGE, messages_of


def thread_url(thread: Thread) -> str:
    """Where the thread is polled and posted to."""
    if thread.partnership_id:
        return reverse("conversations:partnership", args=[thread.partnership_id])
    return reverse("conversations:circle", args=[thread.circle_id])


def thread_context(
    *, user: User, thread: Thread, form: MessageForm | None = None
) -> dict[str, Any]:
    """The thread partial's context: the latest messages, and the form to write one."""
    shown = messages_of(thread=thread)
    return {
        "thread": thread,
        "thread_messages": shown,
        "thread_last_id": shown[-1].pk if shown else 0,
        "thread_is_long": len(shown) == PAGE,
        "thread_url": thread_url(thread),
        "thread_viewer": user,
        "message_form": form or MessageForm(auto_id=f"thread-{thread.pk}-%s"),
    }
