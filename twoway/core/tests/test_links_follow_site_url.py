"""Off the default port (`PORT=8801 make run`), every absolute link Twoway writes starts with the
SITE_URL the Makefile derives from the port: each kind of email, the `.ics` file, the private
calendar feed and the Atom feed; and over real HTTP a feed's links answer."""

from __future__ import annotations

import os
import re
import socket
import sqlite3
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from datetime import date, time
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test import Client, override_settings
from django.utils import timezone

from twoway.accounts import services as accounts
from twoway.notifications.services import notify
from twoway.notifications.tasks import send_notification_email
from twoway.partnerships.sessions import session_schedule
from twoway.partnerships.tests.helpers import login, partner, swap_profiles
from twoway.posts.models import Comment
from twoway.posts.tasks import send_confirmation_email, send_reply_email
from twoway.posts.tests.helpers import make_post
from twoway.programs.models import Invitation
from twoway.programs.services import invitation_send
from twoway.programs.tests.helpers import program_for

ROOT = Path(__file__).resolve().parents[3]
SITE = "http://127.0.0.1:8801"
LINK = re.compile(r"https?://[^\s<>\"]+")


def links(text: str) -> list[str]:
    return LINK.findall(text)


def assert_all_on_site(text: str) -> None:
    found = links(text)
    assert found, text
    assert all(link.startswith(SITE + "/") for link in found), found


@pytest.fixture
def off_port(db: None) -> Iterator[None]:
    with override_settings(SITE_URL=SITE):
        yield


@pytest.mark.usefixtures("off_port")
def test_every_kind_of_email_links_to_the_served_port(alice: Any, bob: Any) -> None:
    charlie = accounts.user_signup(
        email="charlie@example.com", password="x9!long-pass", display_name="Charlie"
    )
    accounts.user_signup_request(
        email="alice@example.com", password="x9!long-pass", display_name="A"
    )
    note = notify(recipient=bob, kind="request_received", title="Alice asks", url="/partnerships/")
    assert note is not None and send_notification_email.call(note.pk)
    invitation = Invitation.objects.create(program=program_for(alice), email="nico@example.com")
    assert invitation_send(invitation=invitation)
    post = make_post(alice)
    parent = Comment.objects.create(
        post=post, name="Jo", email="jo@example.org", body="Hi", notify_replies=True,
        status=Comment.Status.PUBLISHED, published_at=timezone.now(),
    )  # fmt: skip
    answer = Comment.objects.create(
        post=post, parent=parent, name="Alice", email="alice@example.com", body="Hello Jo",
        status=Comment.Status.PUBLISHED, published_at=timezone.now(),
    )  # fmt: skip
    held = Comment.objects.create(post=post, name="Kim", email="kim@example.org", body="Hey")
    assert send_reply_email.call(answer.pk) and send_confirmation_email.call(held.pk)

    kinds = {message.to[0]: str(message.body) for message in mail.outbox}
    assert set(kinds) == {
        charlie.email, "alice@example.com", bob.email, "nico@example.com", "jo@example.org",
        "kim@example.org",
    }  # fmt: skip
    for body in kinds.values():
        assert_all_on_site(body)


@pytest.mark.usefixtures("off_port")
def test_the_ics_file_and_the_calendar_feed_link_to_the_served_port(
    client: Client, alice: Any, bob: Any
) -> None:
    swap_profiles(alice, bob)
    partnership = partner(alice, bob)
    session = session_schedule(
        user=alice, partnership=partnership, day=date(2031, 3, 4), at=time(18, 30),
        tz="Europe/Paris", duration_minutes=45, agenda=["SQL joins"],
    )  # fmt: skip
    ics = login(client, alice).get(f"/partnerships/sessions/{session.pk}.ics")
    feed = Client().get(f"/partnerships/feed/{partnership.feed_token}.ics")
    page = f"{SITE}{partnership.get_absolute_url()}"
    for response in (ics, feed):
        assert response.status_code == 200
        text = response.content.decode().replace("\r\n ", "")  # unfold RFC 5545 lines
        assert f"Partnership page: {page}" in text
        assert "127.0.0.1:8000" not in text
    partnership_page = client.get(partnership.get_absolute_url()).content.decode()
    assert f"{SITE}/partnerships/feed/{partnership.feed_token}" in partnership_page


@pytest.mark.usefixtures("off_port")
def test_the_atom_feed_links_to_the_served_port(client: Client, alice: Any) -> None:
    post = make_post(alice, title="Two ways")
    feed = client.get("/posts/feed/").content.decode()
    assert f'href="{SITE}{post.get_absolute_url()}"' in feed
    assert_all_on_site(" ".join(link for link in links(feed) if "w3.org" not in link))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _site_url_as_the_makefile_derives_it(port: int) -> str:
    env = {k: v for k, v in os.environ.items() if k not in ("SITE_URL", "MAKEFLAGS", "MAKELEVEL")}
    probe = "probe: ; @echo $(SITE_URL)"
    result = subprocess.run(
        ["make", "-s", "--no-print-directory", "--eval", probe, "probe", f"PORT={port}"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=30, check=True,
    )  # fmt: skip
    return result.stdout.strip()


@pytest.mark.django_db(transaction=True)
def test_over_real_http_the_feed_links_answer_on_the_served_port(
    alice: Any, tmp_path: Path
) -> None:
    if connection.vendor != "sqlite":
        pytest.skip("the server process reads a file copy of the SQLite test database")
    post = make_post(alice, title="Served here")
    database = tmp_path / "served.sqlite3"
    connection.ensure_connection()
    with sqlite3.connect(database) as copy:
        connection.connection.backup(copy)
    copy.close()
    port = _free_port()
    site = _site_url_as_the_makefile_derives_it(port)
    assert site == f"http://127.0.0.1:{port}"
    env = {**os.environ, "SITE_URL": site, "SQLITE_PATH": str(database)}
    server = subprocess.Popen(
        [sys.executable, "-m", "twoway.cli", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        out = StringIO()
        call_command("demo_logins", "--wait-for", f"{site}/", "--timeout", "60", stdout=out)
        assert out.getvalue().splitlines()[-2].endswith(f"running at {site}/")
        with urllib.request.urlopen(f"{site}/posts/feed/", timeout=10) as response:
            feed = response.read().decode()
        followed = [link for link in links(feed) if link.startswith(site)]
        assert f"{site}{post.get_absolute_url()}" in followed
        for link in followed:
            with urllib.request.urlopen(link, timeout=10) as response:
                assert response.status == 200, link
    finally:
        server.terminate()
        server.wait(timeout=10)
