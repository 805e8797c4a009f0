"""The member's home reads a fixed number of queries however many partners, sessions, goals,
requests and circle meetings it shows (no query per row).

Alice's home is counted with FEW rows of each kind, then again after more rows are added: the
two counts are equal, and both stay under HOME_PAGE_MAX.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from twoway.core.tests.test_query_counts import ROWS
from twoway.network.tests.helpers import circle_with, meeting, member, partnered
from twoway.partnerships.models import Goal, Partnership, Request, Session
from twoway.partnerships.tests.helpers import login

FEW = 2
# Measured on 2026-12-03 (SQLite; 19 before request expiry stopped writing on reads, 18 before
# the suggestions reused the home's partnerships and a profile's two skill checks became one
# query) plus 2, the same with FEW and ROWS rows. When the home needs more queries on purpose,
# measure again and write the new count here.
HOME_PAGE_MAX = 16 + 2


@pytest.fixture(autouse=True)
def _quick_passwords(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def add_rows(make_user: Any, alice: Any, first: int, last: int) -> None:
    """For each i: an active partner with a session to come and a goal each way, a request to
    Alice and one from her, and a circle with a meeting to come."""
    soon = timezone.now() + timedelta(days=1)
    for i in range(first, last):
        partner = member(make_user, f"Partner{i}", teaches={"Figma": 4})
        partnership = partnered(alice, partner, status=Partnership.Status.ACTIVE)
        Session.objects.create(partnership=partnership, starts_at=soon, created_by=partner)
        for owner in (alice, partner):
            Goal.objects.create(partnership=partnership, owner=owner, text=f"Goal {i} {owner.pk}")
        asker, asked = member(make_user, f"Asker{i}"), member(make_user, f"Asked{i}")
        Request.objects.create(sender=asker, receiver=alice, message=f"From asker {i}")
        Request.objects.create(sender=alice, receiver=asked, message=f"To asked {i}")
        meeting(circle_with([alice, asker, asked], name=f"Circle {i}"), days_from_now=2 + i)


def queries_for_home(client: Client) -> tuple[int, str]:
    assert client.get("/").status_code == 200  # warm per-process caches
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/")
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_the_home_does_not_query_per_partner_session_goal_request_or_meeting(
    client: Client, make_user: Any
) -> None:
    alice = member(make_user, "Alice", teaches={"SQL": 4}, capacity=5)
    add_rows(make_user, alice, 0, FEW)
    login(client, alice)
    few, _ = queries_for_home(client)
    add_rows(make_user, alice, FEW, ROWS)
    many, page = queries_for_home(client)
    assert few == many <= HOME_PAGE_MAX
    last = ROWS - 1
    for row in (f"Asker{last}", f"Asked{last}", f"Goal {last} {alice.pk}", "Session with Partner"):
        assert row in page, row
