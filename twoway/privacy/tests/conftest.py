"""A small world for the privacy tests, built through the site's own services.

Ana and Bo are partners: each has a goal, a learning-log entry, messages in their thread; they
met in a session with an agenda. Bo wrote a public post; Ana and Bo replied under it. Ana, Bo and
Cy share a circle and its messages. Sam is staff. Bo's name ("Borislav Quennell"), address, handle
and bio are unusual on purpose: the tests look for them everywhere after Bo is erased.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import time, timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from conftest import PASSWORD
from twoway.conversations.services import message_post, thread_of
from twoway.network.circles import circle_create, circle_join
from twoway.network.models import Circle
from twoway.notifications.tests.conftest import restore_signals  # noqa: F401  (a fixture)
from twoway.partnerships.goals import goal_add
from twoway.partnerships.learning import learning_log
from twoway.partnerships.models import Partnership, Session
from twoway.partnerships.sessions import session_schedule
from twoway.partnerships.tests.helpers import partner
from twoway.people.tests.helpers import make_complete
from twoway.posts.models import Comment, Post
from twoway.posts.services import CommentFields, PostFields, comment_submit, post_create
from twoway.scheduling.services import availability_set
from twoway.scheduling.slots import Window

BO_TRACES = (
    "Borislav",
    "Quennell",
    "borislav.q@example.com",
    "borislav-q",
    "Zythum",
    "Quennellford",
)


@dataclass
class World:
    ana: Any
    bo: Any
    cy: Any
    partnership: Partnership
    session: Session
    post: Post
    bo_comment: Comment
    circle: Circle


@pytest.fixture
def media(settings: Any, tmp_path: Any) -> Iterator[Any]:
    """Export files and photos in a folder of this test's own."""
    settings.MEDIA_ROOT = str(tmp_path)
    yield tmp_path


@pytest.fixture
def ana(make_user: Any) -> Any:
    return make_user("ana@example.com", first_name="Ana")


@pytest.fixture
def bo(make_user: Any) -> Any:
    return make_user("borislav.q@example.com", first_name="Borislav Quennell")


@pytest.fixture
def cy(make_user: Any) -> Any:
    return make_user("cy@example.com", first_name="Cy")


@pytest.fixture
def sam(make_user: Any) -> Any:
    """Staff: may use the admin, must not read members' exports."""
    return make_user("sam@example.com", first_name="Sam", is_staff=True, is_superuser=True)


@pytest.fixture
def world(ana: Any, bo: Any, cy: Any, media: Any) -> World:
    make_complete(ana, teaches={"SQL": 4}, learns={"Figma": 3}, display_name="Ana")
    make_complete(
        bo,
        teaches={"Figma": 5},
        learns={"SQL": 3},
        display_name="Borislav Quennell",
        handle="borislav-q",
        bio="Zythum brewer from Quennellford.",
        headline="Designer",
    )
    make_complete(cy)
    availability_set(user=bo, windows=[Window(0, time(9), time(12))])
    partnership = partner(ana, bo)
    goal_add(user=ana, partnership=partnership, text="Learn auto layout")
    goal_add(user=bo, partnership=partnership, text="Write window functions")
    learning_log(user=ana, partnership=partnership, text="Frames and constraints")
    learning_log(user=bo, partnership=partnership, text="Joins finally make sense")
    session = session_schedule(
        user=bo,
        partnership=partnership,
        day=(timezone.now() + timedelta(days=3)).date(),
        at=time(10),
        tz="UTC",
        agenda=["Review the dashboard"],
    )
    message_post(user=ana, thread=thread_of(partnership), text="See you on Monday")
    message_post(user=bo, thread=thread_of(partnership), text="Looking forward to it")
    post = post_create(
        author=bo,
        fields=PostFields(
            title="Pairing across teams",
            body="Rotate who drives.",
            status=Post.Status.PUBLISHED,
        ),
    )
    bo_comment = _reply(post, bo, "Borislav Quennell", "Happy to answer questions.")
    _reply(post, ana, "Ana", "Thanks, this helped.")
    circle = circle_create(user=ana, name="Design systems")
    circle_join(user=bo, circle_id=circle.pk)
    circle_join(user=cy, circle_id=circle.pk)
    message_post(user=bo, thread=thread_of(circle), text="Hello circle")
    message_post(user=cy, thread=thread_of(circle), text="Welcome")
    return World(ana, bo, cy, partnership, session, post, bo_comment, circle)


def _reply(post: Post, user: Any, name: str, body: str) -> Comment:
    fields = CommentFields(name=name, email=user.email, body=body)
    return comment_submit(post=post, fields=fields, user=user)


def unzip(response: Any) -> dict[str, bytes]:
    """The files of a downloaded export, by name."""
    body = b"".join(response.streaming_content)
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def signed_in(user: Any) -> Client:
    client = Client()
    assert client.login(email=user.email, password=PASSWORD)
    return client
