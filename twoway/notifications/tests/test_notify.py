from typing import Any

import pytest
from django.core import mail

from twoway.notifications.models import Kind, Notification
from twoway.notifications.services import notify

pytestmark = pytest.mark.usefixtures("immediate_tasks")


def test_notify_creates_an_in_app_notification_and_emails_it(
    alice: Any, bob: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        notification = notify(
            recipient=alice,
            kind=Kind.REQUEST_RECEIVED,
            title="Bob asks to partner with you",
            body="Bob would like to learn SQL from you and teach you Figma.",
            url="/partnerships/requests/1/",
            actor=bob,
        )
    assert notification is not None
    assert list(Notification.objects.inbox(alice)) == [notification]
    assert notification.read_at is None
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == ["alice@example.com"]
    assert sent.subject == "Bob asks to partner with you"
    assert "http://127.0.0.1:8000/partnerships/requests/1/" in str(sent.body)
    notification.refresh_from_db()
    assert notification.emailed_at is not None


def test_no_email_is_queued_until_the_work_commits(alice: Any) -> None:
    notify(recipient=alice, kind=Kind.OTHER, title="Welcome")
    assert mail.outbox == []


def test_an_unknown_kind_is_refused(alice: Any) -> None:
    with pytest.raises(ValueError):
        notify(recipient=alice, kind="gossip", title="Psst")


def test_a_link_off_the_site_is_refused(alice: Any) -> None:
    with pytest.raises(ValueError):
        notify(recipient=alice, kind=Kind.OTHER, title="Hi", url="https://evil.example/")


def test_an_inactive_member_is_not_notified(alice: Any) -> None:
    alice.is_active = False
    alice.save()
    assert notify(recipient=alice, kind=Kind.OTHER, title="Hi") is None
    assert not Notification.objects.exists()


def test_an_unverified_address_gets_no_email_but_the_app_still_shows_it(
    make_user: Any, django_capture_on_commit_callbacks: Any
) -> None:
    sam = make_user("sam@example.com", verified=False)
    with django_capture_on_commit_callbacks(execute=True):
        notification = notify(recipient=sam, kind=Kind.OTHER, title="Welcome")
    assert list(Notification.objects.inbox(sam)) == [notification]
    assert mail.outbox == []
