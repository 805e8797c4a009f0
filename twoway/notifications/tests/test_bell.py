from typing import Any

from django.test import Client

from twoway.notifications.models import Kind
from twoway.notifications.services import notify


def test_every_page_has_a_bell_that_loads_the_count(client: Client, alice: Any) -> None:
    client.force_login(alice)
    page = client.get("/accounts/settings/").content.decode()
    assert 'hx-get="/notifications/bell/"' in page
    assert 'hx-trigger="load, every 60s"' in page


def test_the_bell_says_how_many_are_unread(client: Client, alice: Any, bob: Any) -> None:
    notify(recipient=alice, kind=Kind.OTHER, title="One")
    notify(recipient=alice, kind=Kind.OTHER, title="Two")
    notify(recipient=bob, kind=Kind.OTHER, title="Bob's")
    client.force_login(alice)
    bell = client.get("/notifications/bell/").content.decode()
    assert 'aria-label="Notifications, 2 unread"' in bell
    assert 'class="bell-count" aria-hidden="true">2<' in bell


def test_the_bell_says_none_unread(client: Client, alice: Any) -> None:
    client.force_login(alice)
    assert (
        'aria-label="Notifications, none unread"'
        in client.get("/notifications/bell/").content.decode()
    )


def test_a_visitor_gets_no_bell(client: Client, db: None) -> None:
    # The sign-in page reads the single sign-on providers from the database.
    assert client.get("/notifications/bell/").status_code == 204
    assert "/notifications/bell/" not in client.get("/accounts/login/").content.decode()
