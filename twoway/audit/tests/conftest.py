"""Audit personas: Sam runs the site (staff and superuser) and reads the log; Alice, Bob and
Charlie are members (the root conftest.py), Priya manages programs."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from twoway.audit.models import AuditEvent


@pytest.fixture
def sam(make_user: Any) -> Any:
    return make_user("sam@example.com", first_name="Sam", is_staff=True, is_superuser=True)


@pytest.fixture
def sam_client(sam: Any) -> Client:
    client = Client()
    client.force_login(sam)
    return client


def only(action: str, **filters: Any) -> AuditEvent:
    """The one entry with this action code (and ``filters``); fails on none or several."""
    rows = list(AuditEvent.objects.filter(action=action, **filters))
    assert len(rows) == 1, [(r.action, r.actor_label, r.target_label) for r in rows]
    return rows[0]
