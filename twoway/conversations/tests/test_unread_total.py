"""The top bar's unread count (``unread_total``) follows every change at once: nothing is kept.

Alice and Bob are partners; Ana, Sam and Lee sit in the design circle. Charlie is in neither and
must never count their messages.
"""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

from twoway.conversations import services
from twoway.conversations.tests.conftest import seat
from twoway.network.circles import circle_leave
from twoway.network.models import Circle
from twoway.partnerships.models import Partnership, ordered
from twoway.partnerships.services import partnership_end


def _write(user: Any, thread: Any, *texts: str) -> None:
    for text in texts:
        services.message_post(user=user, thread=thread, text=text)


def test_a_new_message_counts_for_the_others_at_once_and_never_for_its_author(
    alice: Any, bob: Any, charlie: Any, partnership: Partnership
) -> None:
    thread = services.thread_for_partnership(user=alice, partnership_id=partnership.pk)
    _write(alice, thread, "Hello", "Are you free Tuesday?")
    assert services.unread_total(user=bob) == 2
    _write(bob, thread, "Yes")
    assert [services.unread_total(user=u) for u in (alice, bob, charlie)] == [1, 0, 0]


def test_reading_a_thread_clears_its_count_at_once_and_later_messages_count_again(
    alice: Any, bob: Any, partnership: Partnership
) -> None:
    thread = services.thread_for_partnership(user=alice, partnership_id=partnership.pk)
    _write(alice, thread, "One", "Two")
    services.thread_mark_read(user=bob, thread=thread)
    assert services.unread_total(user=bob) == 0
    _write(alice, thread, "Three")
    assert services.unread_total(user=bob) == 1


def test_it_adds_the_circles_and_the_partnerships_threads(alice: Any, circle: Circle) -> None:
    ana, sam = seat(circle, "Ana"), seat(circle, "Sam")
    low, high = ordered(ana.pk, alice.pk)
    together = Partnership.objects.create(member_low_id=low, member_high_id=high)
    _write(sam, services.thread_for_circle(user=sam, circle_id=circle.pk), "Circle news")
    _write(alice, services.thread_for_partnership(user=alice, partnership_id=together.pk), "Hi")
    assert services.unread_total(user=ana) == 2


def test_a_member_who_leaves_a_circle_stops_counting_its_messages(circle: Circle) -> None:
    ana, sam = seat(circle, "Ana"), seat(circle, "Sam")
    _write(sam, services.thread_for_circle(user=sam, circle_id=circle.pk), "One", "Two")
    assert services.unread_total(user=ana) == 2
    circle_leave(user=ana, circle_id=circle.pk)
    assert services.unread_total(user=ana) == 0


def test_an_ended_partnerships_unread_messages_still_count_until_read(
    alice: Any, bob: Any, partnership: Partnership
) -> None:
    thread = services.thread_for_partnership(user=alice, partnership_id=partnership.pk)
    _write(alice, thread, "Thanks for everything")
    partnership_end(user=alice, partnership=partnership, early=True, reason="moved team")
    assert services.unread_total(user=bob) == 1


def test_it_is_one_query_however_many_messages(circle: Circle) -> None:
    ana, sam = seat(circle, "Ana"), seat(circle, "Sam")
    _write(sam, services.thread_for_circle(user=sam, circle_id=circle.pk), *"abcdef")
    with CaptureQueriesContext(connection) as captured:
        assert services.unread_total(user=ana) == 6
    assert len(captured.captured_queries) == 1
