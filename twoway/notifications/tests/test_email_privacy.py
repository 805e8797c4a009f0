from typing import Any

import pytest
from django.core import mail

from twoway.notifications.models import Kind
from twoway.notifications.services import notify

pytestmark = pytest.mark.usefixtures("immediate_tasks")


def test_the_email_names_the_actor_but_never_shows_their_address(
    alice: Any, bob: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        notification = notify(
            recipient=alice,
            kind=Kind.REQUEST_INFO_ASKED,
            title=f"{bob.display_name} ({bob.email}) has a question",
            body=f"Bob wrote: write to me at {bob.email} or BOB@Example.com instead.",
            url="/partnerships/requests/7/",
            actor=bob,
        )
    assert notification is not None
    sent = mail.outbox[0]
    whole_email = " ".join([str(sent.subject), str(sent.body), sent.from_email, *sent.to, *sent.cc])
    assert "bob@example.com" not in whole_email.lower()
    assert sent.reply_to == []
    assert "Bob" in sent.subject
    assert "[email hidden]" in str(sent.body)
    assert "bob@example.com" not in (notification.title + notification.body).lower()
    assert sent.to == ["alice@example.com"]
