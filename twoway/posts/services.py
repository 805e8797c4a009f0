"""Posts and comments: writing, replying, moderating and unsubscribing.

Web pages, the API and the demo seed all go through these functions, so the rules (who may edit,
which reply is held, the spam rules, who is told) hold however a post or reply arrives.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Collection
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from twoway.accounts.models import User
from twoway.core import throttle
from twoway.core.throttle import Limit
from twoway.notifications.services import notify
from twoway.people.models import Skill
from twoway.posts import markup
from twoway.posts.models import (
    COMMENT_MAX_LENGTH,
    Comment,
    CommentAttempt,
    Post,
    Tag,
    comment_rate,
)

MAX_LINKS = 2  # a reply with more links than this is held as a spam suspect
MAX_TAGS = 8
UNSUBSCRIBE_SALT = "twoway.posts.unsubscribe"
CONFIRM_SALT = "twoway.posts.confirm"
CONFIRM_MAX_AGE = 7 * 24 * 3600  # a confirmation link works for a week
# The session key where web pages and the API keep the addresses a browser proved by their link.
CONFIRMED_SESSION_KEY = "posts_confirmed_emails"
HELD_MESSAGE = _(
    "Thanks — check your inbox to confirm your email; "
    "your reply appears once confirmed or approved."
)


# --- Posts ------------------------------------------------------------------------------------


@dataclass
class PostFields:
    """What a member writes; ``tags`` and ``skills`` are free-text names."""

    title: str
    body: str
    excerpt: str = ""
    tags: list[str] | None = None
    skills: list[str] | None = None
    status: str = Post.Status.DRAFT
    visibility: str = Post.Visibility.PUBLIC


def split_names(text: str) -> list[str]:
    """ "SQL, data modelling,,sql" → ["SQL", "data modelling"] (case-insensitive duplicates go)."""
    seen: dict[str, str] = {}
    for part in text.split(","):
        name = " ".join(part.split())
        if name:
            seen.setdefault(name.casefold(), name)
    return list(seen.values())


@transaction.atomic
def post_create(*, author: User, fields: PostFields) -> Post:
    """Write a new post (a draft unless ``fields.status`` says published)."""
    post = Post(author=author)
    return _post_write(post, fields)


@transaction.atomic
def post_update(*, post: Post, user: User, fields: PostFields) -> Post:
    """Change a post. Only its author may; the slug stays so links keep working."""
    _check_author(post, user)
    return _post_write(post, fields)


@transaction.atomic
def post_delete(*, post: Post, user: User) -> None:
    """Delete a post with its replies. Only its author may."""
    _check_author(post, user)
    post.delete()


def _check_author(post: Post, user: User) -> None:
    if post.author_id != user.pk:
        raise PermissionDenied(gettext("Only the author can change or delete this post."))


def _post_write(post: Post, fields: PostFields) -> Post:
    post.title = " ".join(fields.title.split())
    post.body = fields.body.strip()
    post.excerpt = " ".join(fields.excerpt.split())
    post.status = fields.status
    post.visibility = fields.visibility
    if post.status == Post.Status.DRAFT:
        post.published_at = None
    post.full_clean(exclude=["slug", "body_html", "author"])
    post.save()
    if fields.tags is not None:
        post.tags.set(_tags(fields.tags))
    if fields.skills is not None:
        post.skills.set(_skills(fields.skills))
    return post


def _tags(names: list[str]) -> list[Tag]:
    names = split_names(",".join(names))
    if len(names) > MAX_TAGS:
        raise ValidationError(
            {
                "tags": ngettext("Use at most %(n)d tag.", "Use at most %(n)d tags.", MAX_TAGS)
                % {"n": MAX_TAGS}
            }
        )
    tags = []
    for name in names:
        if len(name) > 40:
            message = gettext("“%(name)s…” is too long for a tag (40 characters at most).")
            raise ValidationError({"tags": message % {"name": name[:40]}})
        tag = Tag.objects.filter(name__iexact=name).first() or Tag.objects.create(name=name)
        tags.append(tag)
    return tags


def _skills(names: list[str]) -> list[Skill]:
    names = split_names(",".join(names))
    if len(names) > MAX_TAGS:
        raise ValidationError(
            {
                "skills": ngettext(
                    "Link at most %(n)d skill.", "Link at most %(n)d skills.", MAX_TAGS
                )
                % {"n": MAX_TAGS}
            }
        )
    try:
        return [Skill.objects.resolve(name).skill for name in names]
    except ValidationError as exc:
        raise ValidationError({"skills": exc.messages}) from None


# --- Comments ---------------------------------------------------------------------------------


class CommentLimited(Exception):
    """Too many replies from one address or email in the window; try again later."""

    def __init__(self, retry_after: int) -> None:
        self.retry_after = retry_after
        minutes = max(1, math.ceil(retry_after / 60))
        super().__init__(
            ngettext(
                "You have sent several replies in a few minutes. Please wait %(n)d minute and "
                "try again.",
                "You have sent several replies in a few minutes. Please wait %(n)d minutes and "
                "try again.",
                minutes,
            )
            % {"n": minutes}
        )


@dataclass
class CommentFields:
    """What the "Leave a Reply" form (or the API) sends. ``honeypot`` must stay empty."""

    name: str
    email: str
    body: str
    website: str = ""
    parent_id: int | None = None
    notify_replies: bool = False
    honeypot: str = ""


def comment_submit(
    *,
    post: Post,
    fields: CommentFields,
    user: User | AnonymousUser | None = None,
    ip: str | None = None,
    proven_emails: Collection[str] = (),
) -> Comment:
    """Leave a reply under a post; returns it published, pending or (silently) spam.

    Trust comes from who the writer is, never from the address they type: a signed-in member
    with a verified email (their account's email is used), or a writer who proved the address by
    opening a confirmation link in this browser (``proven_emails``, kept in their session). Every
    other reply is held (pending) and a confirmation link is emailed to the address typed; spam
    suspects (a filled honeypot, more than ``MAX_LINKS`` links) are held without one. Raises
    ValidationError for bad fields and CommentLimited when the address or email sent too many
    replies lately.
    """
    comment = _comment_from(post, fields, user, ip)
    _comment_reserve(comment.email, ip)
    with transaction.atomic():
        trusted = _trusted(comment, user, proven_emails)
        comment.status, comment.spam_reason = _first_status(comment, fields, trusted)
        if comment.status == Comment.Status.PUBLISHED:
            comment.published_at = timezone.now()
        comment.save()
        if comment.is_published:
            _after_publish(comment)
        elif comment.status == Comment.Status.PENDING:
            _queue_confirmation(comment.pk)
    return comment


def _comment_reserve(email: str, ip: str | None) -> None:
    """Count this reply per email and per address, or raise CommentLimited: counted and
    recorded in one locked step, so replies sent in parallel cannot all pass one count."""
    limit, window = comment_rate()
    by_email = CommentAttempt.objects.filter(email=email)
    limits = [Limit(f"comment:email:{email}", by_email, limit, window)]
    if ip:
        by_ip = CommentAttempt.objects.filter(ip=ip)
        limits.append(Limit(f"comment:ip:{ip}", by_ip, limit, window))
    try:
        throttle.reserve(limits, lambda: CommentAttempt.objects.record(email=email, ip=ip))
    except throttle.Throttled as exc:
        raise CommentLimited(exc.retry_after) from None


def _comment_from(
    post: Post, fields: CommentFields, user: User | AnonymousUser | None, ip: str | None
) -> Comment:
    member = user if user is not None and user.is_authenticated else None
    comment = Comment(
        post=post,
        author=member,
        name=" ".join(fields.name.split()),
        email=(member.email if member is not None else fields.email).strip().lower(),
        website=fields.website.strip(),
        body=fields.body.strip(),
        notify_replies=fields.notify_replies and member is None,
        ip=ip,
        language=translation.get_language() or "",
    )
    comment.parent = _parent(post, fields.parent_id)
    _check_comment(comment)
    return comment


def _parent(post: Post, parent_id: int | None) -> Comment | None:
    """The top-level comment a reply attaches to: a reply to a reply joins its thread."""
    if parent_id is None:
        return None
    parent = post.comments.published().filter(pk=parent_id).select_related("parent").first()
    if parent is None:
        raise ValidationError(
            {
                "parent": gettext(
                    "The reply you answered is no longer there. Leave a new reply instead."
                )
            }
        )
    return parent.parent or parent


def _check_comment(comment: Comment) -> None:
    problems: dict[str, str] = {}
    if not comment.name:
        problems["name"] = gettext("Enter your name, as you'd like it shown above your reply.")
    elif len(comment.name) > 80:
        problems["name"] = gettext("Use a shorter name: 80 characters at most.")
    try:
        EmailValidator()(comment.email)
    except ValidationError:
        problems["email"] = gettext(
            "Enter your email address, like jo@example.org. It is not published."
        )
    if not comment.body:
        problems["body"] = gettext("Write your comment before posting it.")
    elif len(comment.body) > COMMENT_MAX_LENGTH:
        problems["body"] = gettext("Shorten your comment to %(limit)d characters or fewer.") % {
            "limit": COMMENT_MAX_LENGTH
        }
    if comment.website:
        try:
            URLValidator(schemes=["http", "https"])(comment.website)
            if len(comment.website) > 200:
                raise ValidationError("too long")
        except ValidationError:
            problems["website"] = gettext(
                "Enter a web address starting with https://, or leave it empty."
            )
    if problems:
        raise ValidationError(problems)


def _trusted(
    comment: Comment, user: User | AnonymousUser | None, proven_emails: Collection[str]
) -> bool:
    """A verified member writing as themselves, or an address this browser has proven. What
    other replies the address left never counts: that would trust whoever types it."""
    if comment.author is not None and getattr(user, "email_verified", False):
        return True
    return comment.email in {e.strip().lower() for e in proven_emails}


def _first_status(comment: Comment, fields: CommentFields, trusted: bool) -> tuple[str, str]:
    if fields.honeypot.strip():
        return Comment.Status.SPAM, "honeypot"
    if markup.link_count(comment.body) > MAX_LINKS:
        return Comment.Status.SPAM, "links"
    return (Comment.Status.PUBLISHED if trusted else Comment.Status.PENDING), ""


def comment_receipt(comment: Comment) -> tuple[str, str]:
    """(status, message) for the writer. Anyone but a verified member gets, for a held reply,
    "pending" and the same message whether it waits for its confirmation or sits in the spam
    queue; and no address's history changes the outcome, so the answer reveals none."""
    if comment.is_published:
        return "published", gettext("Thank you. Your reply is published.")
    if comment.author is not None and comment.author.email_verified:
        # No link to wait for.
        return "pending", gettext("Thank you. Your reply is awaiting moderation.")
    return "pending", str(HELD_MESSAGE)


def _queue_confirmation(comment_id: int) -> None:
    from twoway.posts.tasks import send_confirmation_email

    transaction.on_commit(lambda: send_confirmation_email.enqueue(comment_id))


def _after_publish(comment: Comment) -> None:
    """Tell the post's author, and the writer of the comment this one answers."""
    post = comment.post
    is_author = comment.author_id == post.author_id or comment.email == post.author.email
    names = {"name": comment.name, "title": post.title}
    if not is_author:
        _tell(
            comment,
            post.author,
            "post_comment",
            lambda: gettext("%(name)s replied to “%(title)s”") % names,
            f"comment:{comment.pk}",
        )
    parent = comment.parent
    if parent is None or parent.email == comment.email:
        return
    if parent.author is not None and parent.author_id != comment.author_id:
        _tell(
            comment,
            parent.author,
            "comment_reply",
            lambda: gettext("%(name)s answered your reply on “%(title)s”") % names,
            f"reply:{comment.pk}",
        )
    elif parent.author is None and parent.notify_replies:
        _queue_reply_email(comment.pk)


def _tell(
    comment: Comment, recipient: User, kind: str, title: Callable[[], str], dedupe_key: str
) -> None:
    """Notify ``recipient`` of ``comment``; notify writes ``title`` in their language."""
    notify(
        recipient=recipient,
        kind=kind,
        title=title,
        body=markup.plain_text(comment.body, limit=300),
        url=comment.get_absolute_url(),
        actor=comment.author,
        dedupe_key=dedupe_key,
    )


def _queue_reply_email(reply_id: int) -> None:
    from twoway.posts.tasks import send_reply_email

    transaction.on_commit(lambda: send_reply_email.enqueue(reply_id))


# --- Moderation -------------------------------------------------------------------------------


@transaction.atomic
def comment_approve(*, comment: Comment) -> Comment:
    """Publish a held reply. The address earns no trust from it: its next reply is held too."""
    if comment.is_published:
        return comment
    comment.status, comment.spam_reason = Comment.Status.PUBLISHED, ""
    comment.published_at = timezone.now()
    comment.save(update_fields=["status", "spam_reason", "published_at"])
    _after_publish(comment)
    return comment


@transaction.atomic
def comment_mark_spam(*, comment: Comment) -> Comment:
    comment.status, comment.spam_reason = Comment.Status.SPAM, "moderator"
    comment.save(update_fields=["status", "spam_reason"])
    return comment


@transaction.atomic
def comment_delete(*, comment: Comment) -> None:
    """Delete a reply (with the replies in its thread)."""
    comment.delete()


# --- Reply emails -----------------------------------------------------------------------------


def unsubscribe_token(comment: Comment) -> str:
    """A signed, unguessable token that stops reply emails for this comment's writer."""
    return signing.dumps(comment.pk, salt=UNSUBSCRIBE_SALT)


def comment_for_token(token: str) -> Comment:
    """The comment an unsubscribe token names. Raises ValidationError for a bad token."""
    try:
        pk = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        pk = None
    comment = Comment.objects.filter(pk=pk).select_related("post").first() if pk else None
    if comment is None:
        raise ValidationError(gettext("This unsubscribe link is not valid. Copy the whole link."))
    return comment


@transaction.atomic
def comment_unsubscribe(*, token: str) -> Comment:
    """Stop reply emails to this writer for every reply they left on the post."""
    comment = comment_for_token(token)
    Comment.objects.filter(post=comment.post, email=comment.email).update(notify_replies=False)
    comment.notify_replies = False
    return comment


# --- Email confirmation -----------------------------------------------------------------------


def confirm_token(comment: Comment) -> str:
    """A signed token naming the reply and the address it was sent to; valid for a week."""
    return signing.dumps({"comment": comment.pk, "email": comment.email}, salt=CONFIRM_SALT)


def _comment_for_confirm(token: str) -> Comment:
    try:
        data = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
    except signing.SignatureExpired:
        raise ValidationError(
            gettext("This confirmation link has expired. Leave your reply again to get a new one.")
        ) from None
    except signing.BadSignature:
        raise ValidationError(
            gettext("This confirmation link is not valid. Copy the whole link.")
        ) from None
    found = Comment.objects.filter(pk=data["comment"], email=data["email"])
    comment = found.select_for_update().select_related("post").first()
    if comment is None:
        raise ValidationError(gettext("This reply is no longer here: a moderator removed it."))
    return comment


@transaction.atomic
def comment_confirm(*, token: str) -> Comment:
    """The writer opened the link we emailed: the address is theirs. A reply waiting for it is
    published; a spam suspect still waits for a moderator. Raises ValidationError for a bad or
    expired token, or a reply that is gone."""
    comment = _comment_for_confirm(token)
    if comment.status == Comment.Status.PENDING:
        comment_approve(comment=comment)
    return comment
