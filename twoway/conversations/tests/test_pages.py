"""The thread on the pages: htmx posts and polls, plain posts without script, and the
partnership page's sections for an active and for a completed partnership."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.utils import timezone

from twoway.conversations import services
from twoway.conversations.models import Message
from twoway.conversations.tests.conftest import seat
from twoway.network.models import Circle
from twoway.network.tests.helpers import call, login
from twoway.notifications.models import Notification
from twoway.partnerships.models import Partnership


def test_htmx_posts_and_gets_the_thread_back_with_an_empty_form(
    client: Client, alice: Any, partnership: Partnership
) -> None:
    url = f"/messages/partnerships/{partnership.pk}/"
    login(client, alice)
    response = client.post(url, {"text": "See you <b>soon</b>"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert response.status_code == 200 and 'class="thread-box"' in body
    assert "See you &lt;b&gt;soon&lt;/b&gt;" in body
    assert "</textarea>" in body and "soon</textarea>" not in body
    empty = client.post(url, {"text": "   "}, HTTP_HX_REQUEST="true").content.decode()
    assert "This field is required." in empty or "Write a few words here." in empty
    assert Message.objects.count() == 1


def test_without_script_a_post_goes_back_to_the_partnership_at_its_messages(
    client: Client, alice: Any, partnership: Partnership
) -> None:
    url = f"/messages/partnerships/{partnership.pk}/"
    response = login(client, alice).post(url, {"text": "Plain form"})
    assert (response.status_code, response["Location"]) == (
        302,
        f"/partnerships/{partnership.pk}/#messages",
    )
    assert "Plain form" in client.get(response["Location"]).content.decode()
    assert client.get(url)["Location"] == f"/partnerships/{partnership.pk}/#messages"


def test_a_poll_answers_204_until_something_new_arrives_and_then_marks_it_read(
    client: Client, alice: Any, bob: Any, partnership: Partnership
) -> None:
    thread = services.thread_for_partnership(user=alice, partnership_id=partnership.pk)
    first = services.message_post(user=alice, thread=thread, text="First")
    url = f"/messages/partnerships/{partnership.pk}/"
    login(client, bob)
    assert client.get(f"{url}?after={first.pk}", HTTP_HX_REQUEST="true").status_code == 204
    assert services.unread_count(user=bob, thread=thread) == 1  # a 204 reads nothing
    services.message_post(user=alice, thread=thread, text="Second")
    polled = client.get(f"{url}?after={first.pk}", HTTP_HX_REQUEST="true").content.decode()
    assert "First" in polled and "Second" in polled and "every 15s" in polled
    assert services.unread_count(user=bob, thread=thread) == 0
    assert not Notification.objects.filter(recipient=bob, kind="new_message", read_at=None)


def test_the_active_partnership_page_has_its_sections_and_their_forms(
    client: Client, alice: Any, bob: Any, partnership: Partnership
) -> None:
    thread = services.thread_for_partnership(user=bob, partnership_id=partnership.pk)
    services.message_post(user=bob, thread=thread, text="Hello Alice")
    page = login(client, alice).get(partnership.get_absolute_url()).content.decode()
    nav = page.split('class="section-nav"', 1)[1].split("</nav>", 1)[0]
    for anchor in ("overview", "goals", "sessions", "learning", "messages", "agreement"):
        assert f'href="#{anchor}"' in nav and f'id="{anchor}"' in page, anchor
    assert '1<span class="visually-hidden"> unread</span>' in nav
    assert "Schedule a session" in page and "Calendar feed" in page and "Log learning" in page
    assert "Hello Alice" in page and "Send message" in page
    assert 'href="#feedback"' not in nav
    assert services.unread_count(user=alice, thread=thread) == 0  # seeing the page read it
    again = client.get(partnership.get_absolute_url()).content.decode()
    assert 'visually-hidden"> unread' not in again


def test_a_completed_partnership_keeps_its_history_and_drops_the_forms_that_change_it(
    client: Client, alice: Any, bob: Any, partnership: Partnership
) -> None:
    thread = services.thread_for_partnership(user=bob, partnership_id=partnership.pk)
    services.message_post(user=bob, thread=thread, text="Thank you, Alice")
    Partnership.objects.filter(pk=partnership.pk).update(
        status=Partnership.Status.COMPLETED, ended_at=timezone.now()
    )
    page = login(client, alice).get(partnership.get_absolute_url()).content.decode()
    for gone in ("Schedule a session", "Calendar feed", "Log learning", "Send message",
                 "Add a goal", "Change the agreement", "Complete or end…"):  # fmt: skip
        assert gone not in page, gone
    assert "Thank you, Alice" in page and "new ones are closed" in page
    assert "Send feedback" in page and 'href="#feedback"' in page
    assert page.index('id="feedback"') < page.index('id="goals"')


def test_the_circle_page_shows_its_one_thread_to_members(client: Client, circle: Circle) -> None:
    ana, sam = seat(circle, "Ana"), seat(circle, "Sam")
    services.message_post(
        user=ana, thread=services.thread_for_circle(user=ana, circle_id=circle.pk), text="Friday?"
    )
    page = login(client, sam).get(f"/circles/{circle.pk}/").content.decode()
    assert 'id="messages"' in page and "Friday?" in page and "Send message" in page
    assert "Earlier discussion" not in page and page.count('class="thread-box"') == 1
    assert f'hx-post="/messages/circles/{circle.pk}/"' in page
    thread = services.thread_for_circle(user=sam, circle_id=circle.pk)
    assert services.unread_count(user=sam, thread=thread) == 0


def test_the_circle_pages_older_form_and_api_paths_write_to_the_circle_thread(
    client: Client, circle: Circle
) -> None:
    ana, sam = seat(circle, "Ana"), seat(circle, "Sam")
    login(client, sam)
    response = client.post(f"/circles/{circle.pk}/messages/", {"text": "From the old form"})
    assert response.status_code == 302 and response["Location"] == f"/circles/{circle.pk}/#messages"
    status, posted = call(client, "post", f"/api/circles/{circle.pk}/messages", {"text": "Via API"})
    assert (status, posted["text"], posted["mine"]) == (201, "Via API", True)
    status, listed = call(client, "get", f"/api/circles/{circle.pk}/messages")
    assert [m["text"] for m in listed] == ["From the old form", "Via API"]
    thread = services.thread_for_circle(user=ana, circle_id=circle.pk)
    assert [m.text for m in services.messages_of(thread=thread)] == [m["text"] for m in listed]
    assert services.unread_count(user=ana, thread=thread) == 2


def test_the_top_bar_links_the_inbox_with_the_unread_count(client: Client, circle: Circle) -> None:
    ana, sam = seat(circle, "Ana"), seat(circle, "Sam")
    thread = services.thread_for_circle(user=ana, circle_id=circle.pk)
    for text in ("One", "Two"):
        services.message_post(user=ana, thread=thread, text=text)
    login(client, sam)
    unread = '<a href="/messages/">Messages <span class="badge badge-warn">2<span'
    assert unread in client.get("/").content.decode()
    client.get(f"/circles/{circle.pk}/")
    page = client.get("/").content.decode()
    assert '<a href="/messages/">Messages</a>' in page and unread not in page
