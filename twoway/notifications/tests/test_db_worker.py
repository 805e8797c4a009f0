from typing import Any

import pytest
from django.core import mail
from django_tasks_db.models import DBTaskResult

from twoway.notifications.models import Kind
from twoway.notifications.services import notify
from twoway.notifications.tests.conftest import drain_queue

# The worker commits its own transactions, so this test needs real ones (and the on_commit hook
# then fires as it would in production).
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("restore_signals")]


def test_the_database_worker_sends_the_queued_email(alice: Any, settings: Any) -> None:
    assert settings.TASKS["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend"
    notification = notify(recipient=alice, kind=Kind.REQUEST_RECEIVED, title="Bob asks to partner")
    assert notification is not None
    queued = DBTaskResult.objects.get()
    assert queued.status == "READY"
    assert mail.outbox == []

    drain_queue()

    queued.refresh_from_db()
    assert queued.status == "SUCCESSFUL"
    assert [m.subject for m in mail.outbox] == ["Bob asks to partner"]
    notification.refresh_from_db()
    assert notification.emailed_at is not None


def test_nothing_is_queued_when_the_work_rolls_back(alice: Any) -> None:
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        notify(recipient=alice, kind=Kind.OTHER, title="Never mind")
        raise RuntimeError("the caller's work failed")
    assert not DBTaskResult.objects.exists()
