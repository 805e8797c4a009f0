"""Two "send the link again" clicks at the same moment send one email, not two."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail

from twoway.accounts import services
from twoway.core.tests.race import race

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_resends_at_once_send_one_email(make_user: Any) -> None:
    sam = make_user("sam@example.com", verified=False)
    results = race(
        lambda: services.email_verification_resend(user=sam),
        lambda: services.email_verification_resend(user=sam),
    )
    assert sorted(r == 0 for r in results) == [False, True], results
    assert len(mail.outbox) == 1
