"""Posting, reading and being told: the services, with their refusals."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.http import Http404
from django.utils import timezone

from twoway.conversations import services
from twoway.conversations.models import Message, Thread
from twoway.conversations.tests.conftest import seat
from twoway.core.errors import Refused
from twoway.network import circles
from twoway.network.models import Circle
from twoway.notifications.models import Channels, Kind, Notification
from twoway.notifications.services import preferences_save
from twoway.partnerships.models import Partnership


def _thread(user: Any, partnership: Partnership) -> Thread:
    return services.thread_for_partnership(user=user, partnership_id=partnership.pk)


def _told(user: Any) -> list[Notification]:
    return list(Notification.objects.filter(recipient=user, kind=Kind.NEW_MESSAGE))


@pytest.mark.usefixtures("immediate_tasks")
def test_a_burst_of_messages_tells_bob_once_by_email_until_he_reads(
    alice: Any, bob: Any, partnership: Partnership, django_capture_on_commit_callbacks: Any
) -> None:
    thread = _thread(alice, partnership)
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(5):
            services.message_post(user=alice, thread=thread, text=f"Hello {n}")
    told = _told(bob)
    assert [(n.title, n.body, n.url) for n in told] == [
        ("Alice sent you a message", "Hello 0", f"/partnerships/{partnership.pk}/#messages")
    ]
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["bob@example.com"]
    assert _told(alice) == []
    assert services.unread_count(user=bob, thread=thread) == 5
    assert services.unread_count(user=alice, thread=thread) == 0


def test_once_bob_reads_the_next_message_tells_him_again(
    alice: Any, bob: Any, partnership: Partnership
) -> None:
    thread = _thread(alice, partnership)
    services.message_post(user=alice, thread=thread, text="Are you free on Tuesday?")
    services.thread_mark_read(user=bob, thread=thread)
    assert services.unread_count(user=bob, thread=thread) == 0
    assert all(n.is_read for n in _told(bob))
    services.message_post(user=alice, thread=thread, text="Or Wednesday?")
    assert [n.body for n in _told(bob)] == ["Or Wednesday?", "Are you free on Tuesday?"]
    assert services.unread_count(user=bob, thread=thread) == 1


def test_bob_who_turned_message_notifications_off_is_not_told(
    alice: Any, bob: Any, partnership: Partnership
) -> None:
    preferences_save(user=bob, choices={Kind.NEW_MESSAGE: Channels(in_app=False, email=False)})
    services.message_post(user=alice, thread=_thread(alice, partnership), text="Hi")
    assert _told(bob) == []
    assert Message.objects.count() == 1


def test_a_completed_partnership_keeps_its_messages_but_refuses_new_ones(
    alice: Any, bob: Any, partnership: Partnership
) -> None:
    thread = _thread(alice, partnership)
    services.message_post(user=alice, thread=thread, text="Thanks for everything")
    Partnership.objects.filter(pk=partnership.pk).update(
        status=Partnership.Status.COMPLETED, ended_at=timezone.now()
    )
    thread = _thread(bob, partnership)
    with pytest.raises(Refused) as refused:
        services.message_post(user=bob, thread=thread, text="You're welcome")
    assert refused.value.code == "not_active"
    assert [m.text for m in services.messages_of(thread=thread)] == ["Thanks for everything"]
    assert Message.objects.count() == 1


@pytest.mark.parametrize("text", ["", "   \n ", "x" * 2001])
def test_empty_or_overlong_text_is_refused_by_field(
    alice: Any, partnership: Partnership, text: str
) -> None:
    with pytest.raises(ValidationError) as invalid:
        services.message_post(user=alice, thread=_thread(alice, partnership), text=text)
    assert "text" in invalid.value.message_dict
    assert Message.objects.count() == 0


def test_a_member_posting_faster_than_the_limit_is_slowed_down(
    alice: Any, partnership: Partnership
) -> None:
    thread = _thread(alice, partnership)
    for n in range(services.POST_LIMIT):
        services.message_post(user=alice, thread=thread, text=f"Message {n}")
    with pytest.raises(services.PostingTooFast) as limited:
        services.message_post(user=alice, thread=thread, text="One more")
    assert str(limited.value) == "You are sending messages very quickly. Try again in 1 minute."
    assert Message.objects.count() == services.POST_LIMIT


def test_charlie_cannot_post_to_a_thread_he_got_hold_of(
    alice: Any, charlie: Any, partnership: Partnership
) -> None:
    thread = _thread(alice, partnership)
    with pytest.raises(Http404):
        services.message_post(user=charlie, thread=thread, text="Hi both")
    with pytest.raises(Http404):
        services.thread_mark_read(user=charlie, thread=thread)
    assert Message.objects.count() == 0


def test_a_circle_message_tells_the_current_members_but_not_one_who_left(
    circle: Circle,
) -> None:
    ana, sam, lee = seat(circle, "Ana"), seat(circle, "Sam"), seat(circle, "Lee")
    circles.circle_leave(user=lee, circle_id=circle.pk)
    thread = services.thread_for_circle(user=ana, circle_id=circle.pk)
    services.message_post(user=ana, thread=thread, text="Meet on Friday?")
    assert [n.title for n in _told(sam)] == ["Ana wrote in Design circle"]
    assert _told(lee) == [] and _told(ana) == []
    with pytest.raises(Http404):
        services.thread_for_circle(user=lee, circle_id=circle.pk)


def test_the_inbox_lists_threads_newest_first_with_unread_counts(
    alice: Any, bob: Any, partnership: Partnership, circle: Circle
) -> None:
    thread = _thread(alice, partnership)
    services.message_post(user=alice, thread=thread, text="One")
    services.message_post(user=alice, thread=thread, text="Two")
    summaries = services.threads_for(user=bob)
    assert [(s.title, s.unread, s.last.text) for s in summaries] == [("Alice", 2, "Two")]
    services.message_post(user=bob, thread=thread, text="Three")  # replying is reading
    assert [(s.title, s.unread) for s in services.threads_for(user=bob)] == [("Alice", 0)]
    assert [(s.title, s.unread) for s in services.threads_for(user=alice)] == [("Bob", 1)]
    ana = seat(circle, "Ana")
    circle_thread = services.thread_for_circle(user=ana, circle_id=circle.pk)
    services.message_post(user=ana, thread=circle_thread, text="Hello circle")
    assert [(s.title, s.unread) for s in services.threads_for(user=seat(circle, "Sam"))] == [
        ("Design circle", 1)
    ]
    assert [s.title for s in services.threads_for(user=ana)] == ["Design circle"]


def test_a_thread_belongs_to_exactly_one_partnership_or_circle(
    partnership: Partnership, circle: Circle
) -> None:
    with pytest.raises(IntegrityError):
        Thread.objects.create(partnership=partnership, circle=circle)


def test_a_thread_without_an_owner_cannot_be_stored(db: Any) -> None:
    with pytest.raises(IntegrityError):
        Thread.objects.create()
