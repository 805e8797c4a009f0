"""The demo seeds journey 7: Ana's post on reverse mentoring, threaded replies, a held one."""

from __future__ import annotations

import pytest
from django.test import Client

from twoway.core.demo.seed import demo_reset, demo_seed
from twoway.posts.models import Comment, Post

pytestmark = pytest.mark.django_db


def test_the_demo_has_posts_with_threaded_replies_and_one_held_reply() -> None:
    demo_seed(members=12)
    assert Post.objects.published().count() == 8
    assert Post.objects.public().count() == 7
    ana_post = Post.objects.get(author__email="ana@northwind.example", visibility="public")
    assert "Figma" in ana_post.title
    assert ana_post.comments.published().filter(parent__isnull=False).count() == 1
    assert list(Comment.objects.filter(status="pending").values_list("post", flat=True)) == [
        ana_post.pk
    ]
    page = Client().get(ana_post.get_absolute_url()).content.decode()
    assert "Sam Okafor" in page and "Deal. Bring coffee." in page
    assert "morgan.visitor" not in page and "First time here" not in page


def test_resetting_the_demo_removes_its_posts() -> None:
    demo_seed(members=6)
    demo_reset()
    assert not Post.objects.exists() and not Comment.objects.exists()
