"""Background work for posts, run by `twoway db_worker`."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django_tasks import task

from twoway.posts import markup
from twoway.posts.models import Comment


@task()
def send_reply_email(reply_id: int) -> bool:
    """Email a visitor that someone answered their comment; returns False when nothing was sent.

    The reply is claimed (``parent_emailed_at``) before sending, so a repeated task sends nothing.
    The message carries RFC 8058 one-click unsubscribe headers.
    """
    claimed = Comment.objects.filter(
        pk=reply_id,
        parent_emailed_at__isnull=True,
        status=Comment.Status.PUBLISHED,
        parent__notify_replies=True,
    ).update(parent_emailed_at=timezone.now())
    if not claimed:
        return False
    from twoway.posts.services import unsubscribe_token

    reply = Comment.objects.select_related("parent", "post").get(pk=reply_id)
    parent = reply.parent
    assert parent is not None
    unsubscribe_url = settings.SITE_URL + reverse(
        "posts:unsubscribe", args=[unsubscribe_token(parent)]
    )
    context = {
        "reply": reply,
        "parent": parent,
        "post": reply.post,
        "text": markup.plain_text(reply.body, limit=1000),
        "url": settings.SITE_URL + reply.get_absolute_url(),
        "unsubscribe_url": unsubscribe_url,
        "site_name": settings.SITE_NAME,
    }
    # The reply's writer may be a visitor: write in the language of the page they replied on.
    with translation.override(parent.writer_language):
        subject = gettext("%(name)s answered your comment on “%(title)s”") % {
            "name": reply.name,
            "title": reply.post.title,
        }
        body = render_to_string("posts/email_reply.txt", context)
    message = EmailMessage(
        subject=subject,
        body=body,
        to=[parent.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    try:
        message.send()
    except Exception:
        # Unclaim so a later retry can send it.
        Comment.objects.filter(pk=reply_id).update(parent_emailed_at=None)
        raise
    return True


@task()
def send_confirmation_email(comment_id: int) -> bool:
    """Email the address a held reply was left with a link that confirms it (and publishes the
    reply). Returns False when the reply is no longer waiting for it."""
    comment = (
        Comment.objects.filter(pk=comment_id, status=Comment.Status.PENDING)
        .select_related("post")
        .first()
    )
    if comment is None:
        return False
    from twoway.posts.services import CONFIRM_MAX_AGE, confirm_token

    confirm_url = settings.SITE_URL + reverse("posts:confirm", args=[confirm_token(comment)])
    context = {
        "comment": comment,
        "post": comment.post,
        "text": markup.plain_text(comment.body, limit=1000),
        "confirm_url": confirm_url,
        "days": CONFIRM_MAX_AGE // (24 * 3600),
        "site_name": settings.SITE_NAME,
    }
    with translation.override(comment.writer_language):
        subject = gettext("Confirm your reply on “%(title)s”") % {"title": comment.post.title}
        body = render_to_string("posts/email_confirm.txt", context)
    EmailMessage(subject=subject, body=body, to=[comment.email]).send()
    return True
