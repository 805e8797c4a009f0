"""Template tags of the messages.

``{% circle_thread circle %}``: a circle's messages on the circle page, for a current member. The
circle page's view belongs to the network app; this tag lets its template show the thread without
that view knowing about messages. Showing the thread to the member is reading it.

``{% unread_messages as n %}``: the signed-in member's unread messages across their threads, for the
top bar's "Messages" link (one query; 0 for a visitor).
"""

from __future__ import annotations

from typing import Any

from django import template
from django.template.loader import render_to_string

from twoway.conversations.page_context import thread_context
from twoway.conversations.services import thread_mark_read, thread_of, unread_total
from twoway.network.models import Circle

register = template.Library()


@register.simple_tag(takes_context=True)
def circle_thread(context: Any, circle: Circle) -> str:
    """The thread of a circle whose page was shown to ``context["is_member"]``, a current member
    (the circle view checked the seat; without that flag the tag shows nothing)."""
    if not context.get("is_member"):
        return ""
    request = context["request"]
    thread = thread_of(circle)
    thread_mark_read(user=request.user, thread=thread)
    partial = thread_context(user=request.user, thread=thread)
    return render_to_string("conversations/_thread.html", partial, request=request)


@register.simple_tag(takes_context=True)
def unread_messages(context: Any) -> int:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return 0
    return unread_total(user=user)
