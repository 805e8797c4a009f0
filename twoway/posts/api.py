"""Posts API: read public posts without a token; write your own; reply to any post you can read.

Privacy: no schema here has an email field. A reply's email goes in (``CommentIn``) and never
comes out. Members-only posts answer 401 to a visitor; someone else's draft answers 404.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpRequest
from django.utils.translation import gettext
from ninja import Field, Router, Schema, Status
from ninja.errors import AuthenticationError, HttpError
from ninja.utils import check_csrf

from twoway.accounts.services import client_ip
from twoway.core.api import LIST_MAX, Clean, Id, LongText, ShortText, errors
from twoway.core.web import AuthedRequest
from twoway.posts import services
from twoway.posts.models import COMMENT_MAX_LENGTH, Comment, Post

router = Router(tags=["posts"])

PAGE_SIZE = 20


def member_or_visitor(request: HttpRequest) -> Any:
    """Optional authentication: a token or a session makes a member, anything else a visitor.

    A bearer token that doesn't work is refused (401) rather than quietly read as a visitor. A
    session write without its CSRF token is refused (403), as everywhere else in the API.
    """
    from twoway.accounts.models import ApiToken

    header = request.headers.get("Authorization", "")
    if header:
        scheme, _, secret = header.partition(" ")
        user = ApiToken.objects.user_for(secret.strip()) if scheme.lower() == "bearer" else None
        if user is None:
            raise AuthenticationError()
        request.user = user
        return user
    if request.user.is_authenticated:
        if check_csrf(request) is not None:
            raise HttpError(403, gettext("CSRF check failed: send the X-CSRFToken header."))
        return request.user
    return AnonymousUser()


OPTIONAL_AUTH = [member_or_visitor]


# --- Schemas ----------------------------------------------------------------------------------


class AuthorOut(Schema):
    display_name: str
    handle: str | None
    headline: str


class PostSummaryOut(Schema):
    slug: str
    url: str
    title: str
    excerpt: str
    author: AuthorOut
    status: str
    visibility: str
    published_at: datetime | None
    tags: list[str]
    skills: list[str]
    reply_count: int = 0

    @staticmethod
    def resolve_url(obj: Post) -> str:
        return obj.absolute_url()

    @staticmethod
    def resolve_author(obj: Post) -> dict[str, Any]:
        profile = getattr(obj.author, "profile", None)
        return {
            "display_name": profile.display_name if profile else obj.author.display_name,
            "handle": profile.handle if profile else None,
            "headline": profile.headline if profile else "",
        }

    @staticmethod
    def resolve_tags(obj: Post) -> list[str]:
        return [t.name for t in obj.tags.all()]

    @staticmethod
    def resolve_skills(obj: Post) -> list[str]:
        return [s.name for s in obj.skills.all()]

    @staticmethod
    def resolve_reply_count(obj: Post) -> int:
        if hasattr(obj, "reply_count"):
            return int(obj.reply_count)
        return obj.comments.published().count()


class PostOut(PostSummaryOut):
    body: str = Field(description="The Markdown source.")
    html: str = Field(description="The body as sanitised HTML, safe to show.")
    updated_at: datetime

    @staticmethod
    def resolve_html(obj: Post) -> str:
        return str(obj.html)


class PostPage(Schema):
    count: int
    page: int
    pages: int
    items: list[PostSummaryOut]


class PostIn(Schema):
    title: ShortText
    body: LongText = Field(description="Markdown.")
    excerpt: ShortText = ""
    tags: list[ShortText] = Field([], max_length=LIST_MAX)
    skills: list[ShortText] = Field(
        default=[], max_length=LIST_MAX, description="Skill names; unknown ones are created."
    )
    status: Post.Status = Post.Status.DRAFT
    visibility: Post.Visibility = Post.Visibility.PUBLIC


class PostPatch(Schema):
    """Send only what changes; null leaves a field as it is."""

    title: ShortText | None = None
    body: LongText | None = None
    excerpt: ShortText | None = None
    tags: list[ShortText] | None = Field(None, max_length=LIST_MAX)
    skills: list[ShortText] | None = Field(None, max_length=LIST_MAX)
    status: Post.Status | None = None
    visibility: Post.Visibility | None = None


class CommentOut(Schema):
    id: int
    parent_id: int | None
    name: str
    website: str
    html: str = Field(description="The comment as sanitised HTML.")
    created_at: datetime

    @staticmethod
    def resolve_html(obj: Comment) -> str:
        return str(obj.html)


class CommentIn(Schema):
    name: ShortText
    email: ShortText = Field(
        description="Required, never published or returned. A member's account email is used "
        "instead; anyone else gets a confirmation link at this address."
    )
    body: Annotated[str, Clean(COMMENT_MAX_LENGTH)] = Field(
        description="Markdown; more than 2 links holds the reply for moderation."
    )
    website: ShortText = ""
    parent_id: Id | None = Field(default=None, description="The comment this one answers.")
    notify_replies: bool = Field(default=False, description="Email me when someone answers.")


class CommentCreatedOut(Schema):
    id: int
    status: str = Field(
        description="published, or pending: waiting for the email confirmation or a moderator. "
        "A visitor's reply is always pending unless this session confirmed the address."
    )
    message: str


# --- Helpers ----------------------------------------------------------------------------------


def _readable(request: HttpRequest, slug: str) -> Post:
    post = Post.objects.select_related("author__profile").filter(slug=slug).first()
    access = post.access_for(request.user) if post else Post.Access.MISSING
    if post is None or access == Post.Access.MISSING:
        raise Http404(gettext("No such post."))
    if access == Post.Access.SIGN_IN:
        raise AuthenticationError()
    return post


def _own(request: HttpRequest, slug: str) -> Post:
    post = _readable(request, slug)
    if post.author_id != request.user.pk:
        raise PermissionDenied(gettext("Only the author can change or delete this post."))
    return post


def _fields(post: Post, changes: dict[str, Any]) -> services.PostFields:
    current = {
        "title": post.title,
        "body": post.body,
        "excerpt": post.excerpt,
        "status": post.status,
        "visibility": post.visibility,
        "tags": None,
        "skills": None,
    }
    return services.PostFields(**{**current, **changes})


# --- Endpoints --------------------------------------------------------------------------------


@router.get(
    "/posts", response={200: PostPage, **errors()}, auth=OPTIONAL_AUTH, summary="List posts"
)
def posts_list(
    request: HttpRequest, tag: ShortText = "", skill: ShortText = "", page: int = 1
) -> dict[str, Any]:
    """Published posts, newest first: public ones for visitors, members-only ones too for members.

    Filter by `tag` or `skill` (slugs)."""
    posts = Post.objects.listed_for(request.user).prefetch_related("tags", "skills")
    if tag:
        posts = posts.filter(tags__slug=tag)
    if skill:
        posts = posts.filter(skills__slug=skill)
    posts = posts.annotate(
        reply_count=Count("comments", filter=Q(comments__status=Comment.Status.PUBLISHED))
    )
    paginator = Paginator(posts, PAGE_SIZE)
    current = paginator.get_page(page)
    return {
        "count": paginator.count,
        "page": current.number,
        "pages": paginator.num_pages,
        "items": list(current.object_list),
    }


@router.get(
    "/posts/{slug}",
    response={200: PostOut, **errors(404)},
    auth=OPTIONAL_AUTH,
    summary="Read a post",
)
def posts_get(request: HttpRequest, slug: str) -> Post:
    """Members-only posts need a member (401 otherwise); drafts are seen by their author only."""
    return _readable(request, slug)


@router.post("/posts", response={201: PostOut, **errors()}, summary="Write a post")
def posts_create(request: AuthedRequest, payload: PostIn) -> Status[Post]:
    post = services.post_create(
        author=request.user,
        fields=services.PostFields(**payload.dict()),
    )
    return Status(201, post)


@router.patch(
    "/posts/{slug}", response={200: PostOut, **errors(403, 404)}, summary="Change your post"
)
def posts_patch(request: AuthedRequest, slug: str, payload: PostPatch) -> Post:
    """Send only what changes. Only the author may."""
    post = _own(request, slug)
    changes = payload.dict(exclude_unset=True, exclude_none=True)
    return services.post_update(post=post, user=request.user, fields=_fields(post, changes))


@router.delete(
    "/posts/{slug}", response={204: None, **errors(403, 404)}, summary="Delete your post"
)
def posts_delete(request: AuthedRequest, slug: str) -> Status[None]:
    services.post_delete(post=_own(request, slug), user=request.user)
    return Status(204, None)


@router.get(
    "/posts/{slug}/comments",
    response={200: list[CommentOut], **errors(404)},
    auth=OPTIONAL_AUTH,
    summary="Read a post's replies",
)
def comments_list(request: HttpRequest, slug: str) -> list[Comment]:
    """Published replies, oldest first; `parent_id` links a reply to the comment it answers."""
    post = _readable(request, slug)
    return list(post.comments.published().order_by("created_at", "id"))


@router.post(
    "/posts/{slug}/comments",
    response={201: CommentCreatedOut, **errors(404, 429)},
    auth=OPTIONAL_AUTH,
    summary="Reply to a post",
)
def comments_create(request: HttpRequest, slug: str, payload: CommentIn) -> Status[Any]:
    """Anyone may reply, with the same rules as the web form: a verified member's reply publishes;
    anyone else's waits (status `pending`) while a confirmation link goes to the email, whatever
    that address did before; too many links hold it back; too many replies in a few minutes
    answer 429."""
    post = _readable(request, slug)
    try:
        comment = services.comment_submit(
            post=post,
            fields=services.CommentFields(**payload.dict()),
            user=request.user,
            ip=client_ip(request),
            proven_emails=_proven_emails(request),
        )
    except services.CommentLimited as exc:
        raise HttpError(429, str(exc)) from None
    status, message = services.comment_receipt(comment)
    return Status(201, {"id": comment.pk, "status": status, "message": message})


def _proven_emails(request: HttpRequest) -> list[str]:
    """Addresses this session proved by opening their confirmation link (as on the web form)."""
    session = getattr(request, "session", None)
    return list(session.get(services.CONFIRMED_SESSION_KEY, [])) if session is not None else []
