"""Public post pages and the feeds, kept rendered (twoway/core/page_cache.py) under two stamps.

A visitor's post page and the Atom and RSS feeds show posts, their tags and skills, published
replies, and each author's name, headline and skill chips. The receivers below give the
``posts`` stamp a new version in the transaction of any change to a post (saved, deleted, its
tags or skills), a reply or a tag; the people app's ``members`` stamp (people/page_cache.py)
covers the authors: any member's profile, skills or account, and any skill's name (a member may
be an author; a profile change is rare next to a page view, so all of them count rather than a
query to ask). Both versions are in the pages' keys: from a change's commit on, every process
renders the pages afresh.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import Model
from django.db.models.signals import m2m_changed, post_delete, post_save

from twoway.core.stamps import stamps_bump, stamps_read
from twoway.people.page_cache import MEMBERS
from twoway.posts.models import Comment, Post, Tag

POSTS = "posts"


def _versions() -> str:
    posts, members = stamps_read(POSTS, MEMBERS)
    return f"{posts}.{members}"


def post_page_key(slug: str) -> str:
    """The cache key of a visitor's page for the post ``slug`` (one query: the stamps)."""
    return f"posts:page:{slug}:{_versions()}"


def feed_key(kind: str) -> str:
    """The cache key of the feed ``kind`` ("atom" or "rss")."""
    return f"posts:feed:{kind}:{_versions()}"


def _changed(sender: Any, **kwargs: Any) -> None:
    stamps_bump(POSTS)


def _m2m_changed(sender: Any, action: str = "", **kwargs: Any) -> None:
    if action.startswith("post_"):
        stamps_bump(POSTS)


def connect() -> None:
    """Connect the receivers (once, from ``PostsConfig.ready``)."""
    for model in (Post, Comment, Tag):
        _on(_changed, model, post_save, post_delete)
    for through in (Post.tags.through, Post.skills.through):
        _on(_m2m_changed, through, m2m_changed)


def _on(receiver: Callable[..., None], model: type[Model], *signals: Any) -> None:
    for signal in signals:
        uid = f"posts_page_cache_{receiver.__name__}_{model.__name__}_{id(signal)}"
        signal.connect(receiver, sender=model, dispatch_uid=uid)
