from typing import Any

import pytest
from django.core import mail
from django.test import Client

from twoway.notifications.models import Channels, Kind, Notification, NotificationPreference
from twoway.notifications.services import notify, preferences_save

pytestmark = pytest.mark.usefixtures("immediate_tasks")


def _notify_alice(alice: Any, capture: Any) -> Notification | None:
    with capture(execute=True):
        return notify(recipient=alice, kind=Kind.SESSION_SCHEDULED, title="A session on Monday")


def test_every_kind_starts_with_both_channels_on(alice: Any) -> None:
    table = NotificationPreference.objects.table_for(user=alice)
    assert list(table) == list(Kind.values)
    assert set(table.values()) == {Channels(in_app=True, email=True)}


def test_with_email_off_the_notification_stays_in_the_app_only(
    alice: Any, django_capture_on_commit_callbacks: Any
) -> None:
    preferences_save(user=alice, choices={Kind.SESSION_SCHEDULED: Channels(True, False)})
    notification = _notify_alice(alice, django_capture_on_commit_callbacks)
    assert list(Notification.objects.inbox(alice)) == [notification]
    assert mail.outbox == []


def test_with_in_app_off_only_the_email_goes_out(
    alice: Any, django_capture_on_commit_callbacks: Any
) -> None:
    preferences_save(user=alice, choices={Kind.SESSION_SCHEDULED: Channels(False, True)})
    assert _notify_alice(alice, django_capture_on_commit_callbacks) is not None
    assert not Notification.objects.inbox(alice).exists()
    assert [m.subject for m in mail.outbox] == ["A session on Monday"]


def test_with_both_channels_off_nothing_happens(
    alice: Any, django_capture_on_commit_callbacks: Any
) -> None:
    preferences_save(user=alice, choices={Kind.SESSION_SCHEDULED: Channels(False, False)})
    assert _notify_alice(alice, django_capture_on_commit_callbacks) is None
    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_turning_one_kind_off_leaves_the_others_on(
    alice: Any, django_capture_on_commit_callbacks: Any
) -> None:
    preferences_save(user=alice, choices={Kind.SESSION_SCHEDULED: Channels(False, False)})
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipient=alice, kind=Kind.PARTNERSHIP_ENDED, title="Your partnership ended")
    assert Notification.objects.inbox(alice).count() == 1
    assert len(mail.outbox) == 1


def test_the_settings_page_saves_every_checkbox_with_one_post(client: Client, alice: Any) -> None:
    client.force_login(alice)
    page = client.get("/notifications/settings/")
    assert page.status_code == 200
    assert "Nudge when learning flows only one way" in page.content.decode()
    response = client.post(
        "/notifications/settings/", {"in_app:no_recent_session": "on", "email:other": "on"}
    )
    assert response.status_code == 302
    table = NotificationPreference.objects.table_for(user=alice)
    assert table["no_recent_session"] == Channels(in_app=True, email=False)
    assert table["other"] == Channels(in_app=False, email=True)
    assert table["request_received"] == Channels(in_app=False, email=False)


def test_the_account_settings_page_links_to_notification_settings(
    client: Client, alice: Any
) -> None:
    client.force_login(alice)
    assert 'href="/notifications/settings/"' in client.get("/accounts/settings/").content.decode()


def test_the_settings_page_asks_a_visitor_to_log_in(client: Client) -> None:
    response = client.get("/notifications/settings/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
