"""Public posts are shared well: a feed, Open Graph tags, a canonical link, tag and skill pages."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from twoway.posts.models import Post
from twoway.posts.tests.helpers import make_post

pytestmark = pytest.mark.django_db


def test_the_atom_feed_has_public_published_posts_only(
    client: Client, alice: Any, settings: Any
) -> None:
    settings.SITE_URL = "https://twoway.example"
    make_post(alice, title="Open to all")
    make_post(alice, title="Team notes", visibility=Post.Visibility.MEMBERS)
    make_post(alice, title="Unfinished", status=Post.Status.DRAFT)
    response = client.get("/posts/feed/")
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = response.content.decode()
    assert "Open to all" in feed
    assert "Team notes" not in feed and "Unfinished" not in feed
    assert "https://twoway.example/posts/open-to-all/" in feed
    assert "<name>Alice</name>" in feed and "alice@example.com" not in feed
    rss = client.get("/posts/rss/").content.decode()
    assert "Open to all" in rss and "Team notes" not in rss


def test_every_page_announces_the_feed(client: Client) -> None:
    link = '<link rel="alternate" type="application/atom+xml" title="Twoway posts" '
    assert link + 'href="/posts/feed/">' in client.get("/").content.decode()


def test_a_post_page_has_open_graph_tags_and_a_canonical_link(
    client: Client, alice: Any, settings: Any
) -> None:
    settings.SITE_URL = "https://twoway.example"
    post = make_post(alice, title="Two ways", body="Learning *flows* both ways.")
    page = client.get(post.get_absolute_url()).content.decode()
    url = "https://twoway.example/posts/two-ways/"
    assert f'<link rel="canonical" href="{url}">' in page
    assert f'<meta property="og:url" content="{url}">' in page
    assert '<meta property="og:type" content="article">' in page
    assert '<meta property="og:title" content="Two ways">' in page
    assert '<meta property="og:description" content="Learning flows both ways.">' in page


def test_the_post_shows_its_author_card_with_two_way_chips(client: Client, alice: Any) -> None:
    from twoway.people.services import learning_set, teaching_set

    profile = alice.profile
    profile.headline = "Data engineer"
    profile.save()
    teaching_set(profile=profile, skill_text="SQL", level=5)
    learning_set(profile=profile, skill_text="Figma", priority=3)
    page = client.get(make_post(alice).get_absolute_url()).content.decode()
    card = page[page.index('class="card author-card"') :]
    assert "Data engineer" in card and "SQL" in card and "Figma" in card
    assert "Can teach" in card and "Wants to learn" in card
    assert "alice@example.com" not in page


def test_tag_and_skill_pages_list_their_posts(client: Client, alice: Any) -> None:
    make_post(alice, title="About SQL", tags=["Career"], skills=["sql"])
    make_post(alice, title="About nothing")
    tag_page = client.get("/posts/tags/career/").content.decode()
    skill_page = client.get("/posts/skills/sql/").content.decode()
    for page in (tag_page, skill_page):
        assert "About SQL" in page and "About nothing" not in page


def test_the_list_is_paginated(client: Client, alice: Any) -> None:
    for n in range(12):
        make_post(alice, title=f"Post number {n}")
    first = client.get("/posts/").content.decode()
    second = client.get("/posts/?page=2").content.decode()
    assert "Page 1 of 2" in first and "Post number 11" in first and "Post number 0" not in first
    assert "Post number 0" in second
