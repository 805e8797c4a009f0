from typing import Any

import pytest
from django.core import mail

from twoway.notifications.models import Kind, Notification
from twoway.notifications.services import notify

pytestmark = pytest.mark.usefixtures("immediate_tasks")


def test_a_repeated_dedupe_key_sends_nothing_the_second_time(
    alice: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        first = notify(
            recipient=alice, kind=Kind.NO_RECENT_SESSION, title="Time to meet?", dedupe_key="p1:w48"
        )
        second = notify(
            recipient=alice, kind=Kind.NO_RECENT_SESSION, title="Time to meet?", dedupe_key="p1:w48"
        )
    assert first is not None
    assert second is None
    assert Notification.objects.count() == 1
    assert len(mail.outbox) == 1


def test_the_same_key_for_another_member_or_kind_or_period_still_sends(
    alice: Any, bob: Any
) -> None:
    notify(recipient=alice, kind=Kind.NO_RECENT_SESSION, title="Meet?", dedupe_key="p1:w48")
    assert notify(recipient=bob, kind=Kind.NO_RECENT_SESSION, title="Meet?", dedupe_key="p1:w48")
    assert notify(recipient=alice, kind=Kind.BALANCE_ONE_SIDED, title="Meet?", dedupe_key="p1:w48")
    assert notify(recipient=alice, kind=Kind.NO_RECENT_SESSION, title="Meet?", dedupe_key="p1:w49")


def test_without_a_dedupe_key_every_call_notifies(alice: Any) -> None:
    notify(recipient=alice, kind=Kind.OTHER, title="One")
    notify(recipient=alice, kind=Kind.OTHER, title="One")
    assert Notification.objects.inbox(alice).count() == 2
    assert mail.outbox == []  # nothing committed in this test's transaction


def test_running_the_email_task_twice_sends_one_email(alice: Any) -> None:
    from twoway.notifications.tasks import send_notification_email

    notification = notify(recipient=alice, kind=Kind.OTHER, title="Once only")
    assert notification is not None
    assert send_notification_email.call(notification.pk) is True
    assert send_notification_email.call(notification.pk) is False
    assert len(mail.outbox) == 1
