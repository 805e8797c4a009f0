"""Small builders for the posts tests."""

from __future__ import annotations

import re
from typing import Any

from django.core import mail
from django.test import Client

from twoway.accounts.models import User
from twoway.posts.models import Post
from twoway.posts.services import PostFields, post_create


def make_post(
    author: User,
    title: str = "What I learned from reverse mentoring",
    body: str = "Sam taught me **Figma**; I taught Sam SQL.",
    *,
    status: str = Post.Status.PUBLISHED,
    visibility: str = Post.Visibility.PUBLIC,
    tags: list[str] | None = None,
    skills: list[str] | None = None,
) -> Post:
    """A post written through the service, published and public unless told otherwise."""
    fields = PostFields(
        title=title,
        body=body,
        tags=tags or [],
        skills=skills or [],
        status=status,
        visibility=visibility,
    )
    return post_create(author=author, fields=fields)


def reply_data(**overrides: Any) -> dict[str, Any]:
    """A valid "Leave a Reply" form submission."""
    data = {
        "name": "Jo Reader",
        "email": "jo.reader@example.org",
        "body": "Thank you, this helped me.",
        "website": "",
        "leave_empty": "",
    }
    data.update(overrides)
    return data


def reply(client: Client, post: Post, **overrides: Any) -> Any:
    """Post the reply form as a browser without JavaScript would."""
    return client.post(f"/posts/{post.slug}/reply/", reply_data(**overrides))


def confirmation_paths(address: str) -> list[str]:
    """The confirmation links emailed to ``address`` so far, as paths."""
    found = []
    for message in mail.outbox:
        link = re.search(r"http://[^/\s]+(/posts/confirm/[^\s]+/)", str(message.body))
        if message.to == [address] and link:
            found.append(link.group(1))
    return found
