"""Knowledge posts and the replies readers leave under them.

A ``Post`` is written in Markdown; its HTML is cached in ``body_html`` on save and sanitised again
whenever it is shown (see ``markup``). A ``Comment`` is a reply from anyone, member or visitor; its
email is stored for moderation and reply notifications and is never shown outside the staff
moderation view. ``CommentAttempt`` rows count submissions for the rate limit.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any, ClassVar

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from twoway.posts import markup

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from twoway.accounts.models import User

# Slugs that would shadow a page under /posts/.
RESERVED_SLUGS = {
    "new", "feed", "rss", "moderation", "tags", "skills", "unsubscribe", "drafts", "preview",
    "confirm",
}  # fmt: skip
TITLE_MAX_LENGTH = 160
EXCERPT_MAX_LENGTH = 300
BODY_MAX_LENGTH = 50_000
COMMENT_MAX_LENGTH = 5_000


def free_slug(model: Any, text: str, *, fallback: str, exclude_pk: int | None = None) -> str:
    """A unique slug for ``text`` ("My post" → "my-post", then "my-post-2")."""
    base = slugify(text)[:80].strip("-") or fallback
    slug, n = base, 1
    while slug in RESERVED_SLUGS or model.objects.filter(slug=slug).exclude(pk=exclude_pk).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


class Tag(models.Model):
    name = models.CharField(max_length=40, unique=True)
    slug = models.SlugField(max_length=50, unique=True)

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self.slug:
            self.slug = free_slug(Tag, self.name, fallback="tag", exclude_pk=self.pk)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("posts:tag", args=[self.slug])


class PostQuerySet(models.QuerySet["Post"]):
    def published(self) -> PostQuerySet:
        return self.filter(status=Post.Status.PUBLISHED, published_at__isnull=False)

    def public(self) -> PostQuerySet:
        """Published and public: what visitors, the feeds and search engines see."""
        return self.published().filter(visibility=Post.Visibility.PUBLIC)

    def listed_for(self, user: User | AnonymousUser) -> PostQuerySet:
        """The published posts a reader may list: members also see members-only ones."""
        posts = self.published() if user.is_authenticated else self.public()
        return posts.select_related("author__profile").order_by("-published_at", "-id")

    def drafts_of(self, user: User | AnonymousUser) -> PostQuerySet:
        if not user.is_authenticated:
            return self.none()
        return self.filter(author=user, status=Post.Status.DRAFT).order_by("-updated_at", "-id")


class Post(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft (only you can see it)")
        PUBLISHED = "published", _("Published")

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Public: anyone on the web")
        MEMBERS = "members", _("Members only: signed-in members")

    class Access(models.TextChoices):
        """What a reader may do with a post (see ``access_for``)."""

        READ = "read"
        SIGN_IN = "sign_in"
        MISSING = "missing"

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="posts"
    )
    title = models.CharField(max_length=TITLE_MAX_LENGTH)
    # Set once from the title, so links keep working after the title changes.
    slug = models.SlugField(max_length=100, unique=True)
    excerpt = models.CharField(max_length=EXCERPT_MAX_LENGTH, blank=True)
    body = models.TextField(max_length=BODY_MAX_LENGTH, help_text="Markdown.")
    body_html = models.TextField(blank=True, editable=False)
    tags = models.ManyToManyField(Tag, blank=True, related_name="posts")
    skills = models.ManyToManyField("people.Skill", blank=True, related_name="posts")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    visibility = models.CharField(
        max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    published_at = models.DateTimeField(null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PostQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self.slug:
            self.slug = free_slug(Post, self.title, fallback="post", exclude_pk=self.pk)
        self.body_html = markup.render(self.body)
        if not self.excerpt.strip():
            self.excerpt = markup.plain_text(self.body, limit=EXCERPT_MAX_LENGTH - 1)
        if self.status == Post.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("posts:detail", args=[self.slug])

    @property
    def html(self) -> SafeString:
        """The body as HTML, sanitised on the way out even though the cache was sanitised."""
        return mark_safe(markup.sanitise(self.body_html or markup.render(self.body)))  # noqa: S308

    @property
    def is_published(self) -> bool:
        return self.status == Post.Status.PUBLISHED and self.published_at is not None

    @property
    def is_public(self) -> bool:
        return self.is_published and self.visibility == Post.Visibility.PUBLIC

    def access_for(self, user: User | AnonymousUser) -> Post.Access:
        """READ, SIGN_IN (members-only, reader anonymous) or MISSING (someone else's draft)."""
        if user.is_authenticated and user.pk == self.author_id:
            return Post.Access.READ
        if not self.is_published:
            return Post.Access.MISSING
        if self.visibility == Post.Visibility.MEMBERS and not user.is_authenticated:
            return Post.Access.SIGN_IN
        return Post.Access.READ

    def absolute_url(self) -> str:
        return settings.SITE_URL + self.get_absolute_url()


class CommentQuerySet(models.QuerySet["Comment"]):
    def published(self) -> CommentQuerySet:
        return self.filter(status=Comment.Status.PUBLISHED)

    def held(self) -> CommentQuerySet:
        """Waiting for a moderator: pending ones and spam suspects."""
        return self.filter(status__in=[Comment.Status.PENDING, Comment.Status.SPAM])


class Comment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting moderation")
        PUBLISHED = "published", _("Published")
        SPAM = "spam", _("Spam")

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="comments")
    # Replies are one level deep: a parent is always a top-level comment.
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="post_comments",
        help_text="The member who wrote it, when signed in.",
    )
    name = models.CharField(max_length=80)
    # Private: moderation and reply emails only. Never in a page, feed or API answer.
    email = models.EmailField(db_index=True)
    website = models.URLField(max_length=200, blank=True)
    body = models.TextField(max_length=COMMENT_MAX_LENGTH)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    spam_reason = models.CharField(max_length=40, blank=True)
    notify_replies = models.BooleanField(default=False)
    ip = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    published_at = models.DateTimeField(null=True, blank=True)
    # Set when the parent's writer was emailed about this reply, so a retried task sends once.
    parent_emailed_at = models.DateTimeField(null=True, blank=True)
    # The language of the page the reply was left on: a visitor's emails (the confirmation link,
    # answers to their reply) are written in it, as they have no profile to choose one.
    language = models.CharField(max_length=16, blank=True, default="")

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["post", "status"])]

    def __str__(self) -> str:
        return f"{self.name} on {self.post}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.email = self.email.strip().lower()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return f"{self.post.get_absolute_url()}#comment-{self.pk}"

    @property
    def html(self) -> SafeString:
        return mark_safe(markup.render(self.body, comment=True))  # noqa: S308

    @property
    def is_published(self) -> bool:
        return self.status == Comment.Status.PUBLISHED

    @property
    def writer_language(self) -> str:
        """The language to write to this reply's writer in: the page's they left it on, when
        the site still speaks it, else ``LANGUAGE_CODE``."""
        known = {code for code, _name in settings.LANGUAGES}
        return self.language if self.language in known else settings.LANGUAGE_CODE


class CommentAttemptManager(models.Manager["CommentAttempt"]):
    """Comment submissions per client address and per email: the ledger the rate limit counts
    (posts.services._comment_reserve, through twoway.core.throttle)."""

    def record(self, *, email: str, ip: str | None) -> None:
        self.create(email=email.strip().lower(), ip=ip)
        self.filter(created_at__lt=timezone.now() - timedelta(days=1)).delete()


class CommentAttempt(models.Model):
    email = models.CharField(max_length=254, db_index=True)
    ip = models.GenericIPAddressField(null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    objects: ClassVar[CommentAttemptManager] = CommentAttemptManager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} from {self.ip or 'unknown address'}"


def comment_rate() -> tuple[int, int]:
    """(comments allowed, per this many seconds), per address and per email."""
    return (
        int(getattr(settings, "POSTS_COMMENT_RATE_LIMIT", 5)),
        int(getattr(settings, "POSTS_COMMENT_RATE_WINDOW_SECONDS", 600)),
    )
