"""Atom and RSS feeds of public, published posts (members-only posts and drafts never appear)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed, SyndicationFeed
from django.utils.translation import gettext_lazy as _

from twoway.core.page_cache import shared_page
from twoway.posts.models import Post
from twoway.posts.page_cache import feed_key

FEED_SIZE = 20


class RssFeed(Feed):  # type: ignore[type-arg]
    feed_type: type[SyndicationFeed] = Rss201rev2Feed
    title = _("Twoway posts")
    description = _("What members of Twoway learned from each other.")

    def link(self) -> str:
        return settings.SITE_URL + reverse("posts:list")

    def feed_url(self) -> str:
        return settings.SITE_URL + reverse("posts:rss")

    def items(self) -> QuerySet[Post]:
        return (
            Post.objects.public()
            .select_related("author__profile")
            .prefetch_related("tags")
            .order_by("-published_at", "-id")[:FEED_SIZE]
        )

    def item_title(self, item: Post) -> str:
        return item.title

    def item_description(self, item: Post) -> str:
        return str(item.html)

    def item_link(self, item: Post) -> str:
        return item.absolute_url()

    def item_pubdate(self, item: Post) -> datetime | None:
        return item.published_at

    def item_updateddate(self, item: Post) -> datetime:
        return item.updated_at

    def item_author_name(self, item: Post) -> str:
        profile = getattr(item.author, "profile", None)
        return profile.display_name if profile else item.author.display_name

    def item_categories(self, item: Post) -> list[str]:
        return [tag.name for tag in item.tags.all()]


class AtomFeed(RssFeed):
    feed_type = Atom1Feed
    subtitle = RssFeed.description

    def feed_url(self) -> str:
        return settings.SITE_URL + reverse("posts:feed")


def cached(feed: RssFeed, kind: str) -> Callable[[HttpRequest], HttpResponse]:
    """The feed's view, answering from the cache while no post changed (posts/page_cache.py):
    a feed holds nothing of its reader's."""

    def view(request: HttpRequest) -> HttpResponse:
        return shared_page(request, lambda: feed_key(kind), lambda: feed(request))

    return view
