"""Pages for posts: the list, a post with its replies, writing, moderation and unsubscribing.

Views are thin: the rules live in ``services`` and on the models.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required, user_passes_test
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from twoway.accounts.services import client_ip
from twoway.core.page_cache import visitor_page
from twoway.people.models import Skill, skill_prefetches
from twoway.posts import markup, services
from twoway.posts.forms import CommentForm, PostForm, add_service_errors
from twoway.posts.models import BODY_MAX_LENGTH, Comment, Post, Tag
from twoway.posts.page_cache import post_page_key

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from twoway.accounts.models import User

PAGE_SIZE = 10
SESSION_HELD = "posts_held_comments"  # ids of the visitor's own held replies
MAX_HELD_IN_SESSION = 30
SESSION_CONFIRMED = services.CONFIRMED_SESSION_KEY
MAX_CONFIRMED_IN_SESSION = 10


# --- Reading ----------------------------------------------------------------------------------


@require_GET
def post_list(request: HttpRequest) -> HttpResponse:
    return _list(request, Post.objects.listed_for(request.user), heading=gettext("Posts"))


@require_GET
def tag_list(request: HttpRequest, slug: str) -> HttpResponse:
    tag = get_object_or_404(Tag, slug=slug)
    posts = Post.objects.listed_for(request.user).filter(tags=tag)
    heading = gettext("Posts tagged “%(tag)s”") % {"tag": tag.name}
    return _list(request, posts, heading=heading, tag=tag)


@require_GET
def skill_list(request: HttpRequest, slug: str) -> HttpResponse:
    skill = get_object_or_404(Skill, slug=slug)
    posts = Post.objects.listed_for(request.user).filter(skills=skill)
    heading = gettext("Posts about %(skill)s") % {"skill": skill.name}
    return _list(request, posts, heading=heading, skill=skill)


def _list(request: HttpRequest, posts: Any, *, heading: str, **extra: Any) -> HttpResponse:
    posts = posts.prefetch_related("tags", "skills").annotate(
        reply_count=Count("comments", filter=Q(comments__status=Comment.Status.PUBLISHED))
    )
    page = Paginator(posts, PAGE_SIZE).get_page(request.GET.get("page"))
    listed = Post.objects.listed_for(request.user)
    context = {
        "page": page,
        "heading": heading,
        "drafts": Post.objects.drafts_of(request.user)[:10],
        "tags": Tag.objects.filter(posts__in=listed).distinct().order_by("name")[:30],
        "skills": Skill.objects.filter(posts__in=listed).distinct().order_by("name")[:30],
        **extra,
    }
    return render(request, "posts/list.html", context)


def _readable(request: HttpRequest, slug: str) -> Post | HttpResponse:
    """The post, or the response for a reader who may not see it (sign in, or not found)."""
    posts = Post.objects.select_related("author__profile").prefetch_related(
        "skills", "tags", *skill_prefetches("author__profile__")
    )
    post = get_object_or_404(posts, slug=slug)
    access = post.access_for(request.user)
    if access == Post.Access.SIGN_IN:
        return redirect_to_login(request.get_full_path())
    if access == Post.Access.MISSING:
        raise Http404(gettext("No such post."))
    return post


@require_GET
def post_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """The post with its replies; a visitor with nothing of their own gets the page rendered
    for every such visitor (posts/page_cache.py)."""

    def build(extra: dict[str, Any]) -> HttpResponse:
        post = _readable(request, slug)
        if isinstance(post, HttpResponse):
            return post
        return _detail(request, post, _blank_form(request, post), extra=extra)

    return visitor_page(request, lambda: post_page_key(slug), build)


def _blank_form(request: HttpRequest, post: Post) -> CommentForm:
    initial: dict[str, Any] = {"parent": request.GET.get("replyto") or None}
    if request.user.is_authenticated:
        profile = getattr(request.user, "profile", None)
        initial["name"] = profile.display_name if profile else request.user.display_name
        initial["email"] = request.user.email
    return _comment_form(request, initial=initial)


def _comment_form(request: HttpRequest, **kwargs: Any) -> CommentForm:
    """The reply form; a member's email field is read-only, as their account's email is used."""
    form = CommentForm(**kwargs)
    if request.user.is_authenticated:
        form.fields["email"].widget.attrs["readonly"] = True
    return form


def _detail(
    request: HttpRequest,
    post: Post,
    form: CommentForm,
    status: int = 200,
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    threads, count = _threads(request, post)
    context = {
        **(extra or {}),
        "post": post,
        "form": form,
        "threads": threads,
        "reply_count": count,
        "replying_to": _replying_to(post, form),
        "own": request.user.is_authenticated and request.user.pk == post.author_id,
        "author": getattr(post.author, "profile", None),
    }
    return render(request, "posts/detail.html", context, status=status)


def _threads(request: HttpRequest, post: Post) -> tuple[list[tuple[Comment, list[Comment]]], int]:
    """Top-level comments with their replies; the reader's own held replies are included."""
    held = request.session.get(SESSION_HELD, [])
    comments = list(
        post.comments.filter(Q(status=Comment.Status.PUBLISHED) | Q(pk__in=held)).order_by(
            "created_at", "id"
        )
    )
    replies: dict[int, list[Comment]] = {}
    for comment in comments:
        if comment.parent_id is not None:
            replies.setdefault(comment.parent_id, []).append(comment)
    tops = [(c, replies.get(c.pk, [])) for c in comments if c.parent_id is None]
    return tops, sum(1 for c in comments if c.is_published)


def _replying_to(post: Post, form: CommentForm) -> Comment | None:
    value = form["parent"].value()
    if not value or not str(value).isdigit():
        return None
    return post.comments.published().filter(pk=int(value)).first()


@require_POST
def comment_create(request: HttpRequest, slug: str) -> HttpResponse:
    post = _readable(request, slug)
    if isinstance(post, HttpResponse):
        return post
    form = _comment_form(request, data=request.POST)
    if form.is_valid():
        try:
            comment = services.comment_submit(
                post=post,
                fields=form.to_fields(),
                user=request.user,
                ip=client_ip(request),
                proven_emails=request.session.get(SESSION_CONFIRMED, []),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        except services.CommentLimited as exc:
            form.add_error(None, str(exc))
        else:
            return _after_comment(request, post, comment)
    if request.headers.get("HX-Request"):
        return render(
            request,
            "posts/_comment_form.html",
            {"post": post, "form": form, "replying_to": _replying_to(post, form)},
        )
    return _detail(request, post, form)


def _after_comment(request: HttpRequest, post: Post, comment: Comment) -> HttpResponse:
    _, message = services.comment_receipt(comment)
    if not comment.is_published:
        held = [*request.session.get(SESSION_HELD, []), comment.pk][-MAX_HELD_IN_SESSION:]
        request.session[SESSION_HELD] = held
        messages.info(request, message)
    else:
        messages.success(request, message)
    # A new query string makes the browser load the page even when only the fragment differs.
    url = f"{post.get_absolute_url()}?replied={comment.pk}#comment-{comment.pk}"
    if request.headers.get("HX-Request"):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return redirect(url)


# --- Writing ----------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def post_new(request: HttpRequest) -> HttpResponse:
    form = PostForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            post = services.post_create(author=request.user, fields=form.to_fields())  # type: ignore[arg-type]
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return _saved(request, post)
    return render(request, "posts/edit.html", {"form": form, "post": None})


@login_required
@require_http_methods(["GET", "POST"])
def post_edit(request: HttpRequest, slug: str) -> HttpResponse:
    post = _own(request, slug)
    form = PostForm.for_post(post, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            post = services.post_update(post=post, user=request.user, fields=form.to_fields())  # type: ignore[arg-type]
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return _saved(request, post)
    return render(request, "posts/edit.html", {"form": form, "post": post})


@login_required
@require_http_methods(["GET", "POST"])
def post_delete(request: HttpRequest, slug: str) -> HttpResponse:
    post = _own(request, slug)
    if request.method == "POST":
        services.post_delete(post=post, user=request.user)  # type: ignore[arg-type]
        messages.success(request, gettext("“%(title)s” is deleted.") % {"title": post.title})
        return redirect("posts:list")
    return render(request, "posts/delete.html", {"post": post})


@login_required
@require_POST
def post_preview(request: HttpRequest) -> HttpResponse:
    """The body as it will look, sanitised exactly like the published post (for htmx)."""
    html = markup.render(request.POST.get("body", "")[:BODY_MAX_LENGTH])
    return render(request, "posts/_preview.html", {"html": mark_safe(html)})  # noqa: S308


def _own(request: HttpRequest, slug: str) -> Post:
    """The reader's own post; another's is refused (403), or not found if they can't read it."""
    post = get_object_or_404(Post, slug=slug)
    if post.author_id != request.user.pk:
        if post.access_for(request.user) == Post.Access.READ:
            raise PermissionDenied(gettext("Only the author can change or delete this post."))
        raise Http404(gettext("No such post."))
    return post


def _saved(request: HttpRequest, post: Post) -> HttpResponse:
    if post.is_published:
        messages.success(request, gettext("Your post is published."))
    else:
        messages.success(request, gettext("Your draft is saved. Only you can see it."))
    return redirect(post)


# --- Moderation -------------------------------------------------------------------------------


def _is_staff(user: User | AnonymousUser) -> bool:
    if user.is_authenticated and not user.is_staff:
        raise PermissionDenied(gettext("Only staff can moderate replies."))
    return bool(user.is_authenticated)


@user_passes_test(_is_staff)
@require_GET
def moderation(request: HttpRequest) -> HttpResponse:
    held = Comment.objects.select_related("post", "parent").order_by("-created_at", "-id")
    context = {
        "pending": held.filter(status=Comment.Status.PENDING)[:100],
        "spam": held.filter(status=Comment.Status.SPAM)[:100],
    }
    return render(request, "posts/moderation.html", context)


MODERATION_ACTIONS = {
    "approve": (services.comment_approve, _("The reply is published.")),
    "spam": (services.comment_mark_spam, _("The reply is marked as spam.")),
    "delete": (services.comment_delete, _("The reply is deleted.")),
}


@user_passes_test(_is_staff)
@require_POST
def moderate(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    if action not in MODERATION_ACTIONS:
        raise Http404(gettext("No such moderation action."))
    comment = get_object_or_404(Comment, pk=pk)
    service, message = MODERATION_ACTIONS[action]
    service(comment=comment)
    messages.success(request, str(message))
    return redirect("posts:moderation")


# --- Unsubscribe ------------------------------------------------------------------------------


# A mail client's one-click unsubscribe (RFC 8058) POSTs without a CSRF token; the signed token
# in the address is what proves the request, so CSRF protection adds nothing here.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    try:
        comment = services.comment_for_token(token)
    except ValidationError as exc:
        return render(request, "posts/unsubscribe.html", {"error": exc.messages[0]}, status=400)
    done = False
    if request.method == "POST":
        comment = services.comment_unsubscribe(token=token)
        done = True
    context = {"comment": comment, "post": comment.post, "done": done, "token": token}
    return render(request, "posts/unsubscribe.html", context)


# --- Email confirmation -----------------------------------------------------------------------


@require_GET
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """One click on the emailed link: the address is proven in this browser, so its later replies
    from here publish directly, and the reply waiting for it is published."""
    try:
        comment = services.comment_confirm(token=token)
    except ValidationError as exc:
        return render(request, "posts/confirm.html", {"error": exc.messages[0]}, status=400)
    proven = [e for e in request.session.get(SESSION_CONFIRMED, []) if e != comment.email]
    request.session[SESSION_CONFIRMED] = [*proven, comment.email][-MAX_CONFIRMED_IN_SESSION:]
    if comment.is_published:
        messages.success(
            request, gettext("Thank you: your email is confirmed and your reply is published.")
        )
    else:
        messages.info(
            request, gettext("Thank you: your email is confirmed. A moderator will read it.")
        )
    url = comment.post.get_absolute_url()
    return redirect(f"{url}?confirmed={comment.pk}#comment-{comment.pk}")
