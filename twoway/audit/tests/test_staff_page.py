"""/staff/audit/: staff read, filter, page through and download the log; others are refused."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from twoway.audit.models import AuditEvent
from twoway.audit.services import record
from twoway.audit.tests.conftest import only
from twoway.people.models import Profile

LIST, EXPORT = reverse("audit:list"), reverse("audit:export")


def at(action: str, when: datetime, **kwargs: Any) -> AuditEvent:
    """Record an entry, then move it to ``when``."""
    record(action, **kwargs)
    entry = AuditEvent.objects.order_by("-pk").first()
    assert entry is not None
    AuditEvent.objects.filter(pk=entry.pk).update(created_at=when)
    return entry


@pytest.fixture
def log(alice: Any, bob: Any) -> dict[str, AuditEvent]:
    """Alice signed in on 1 March, Bob failed on 2 March, Alice made a token on 3 March."""
    AuditEvent.objects.all().delete()
    return {
        "alice_in": at("auth.sign_in", datetime(2026, 3, 1, 9, tzinfo=UTC), actor=alice,
                       target=alice),
        "bob_failed": at("auth.sign_in_failed", datetime(2026, 3, 2, 20, tzinfo=UTC),
                         username="bob@example.com"),
        "alice_token": at("token.create", datetime(2026, 3, 3, 12, tzinfo=UTC), actor=alice,
                          owner="alice@example.com"),
    }  # fmt: skip


def shown(client: Client, **filters: str) -> set[int]:
    response = client.get(LIST, filters)
    assert response.status_code == 200
    return {event.pk for event in response.context["page"]}


def csv_rows(response: Any) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))


@pytest.mark.parametrize("url", [LIST, EXPORT])
def test_a_visitor_is_sent_to_sign_in(client: Client, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("url", [LIST, EXPORT])
def test_charlie_a_member_is_refused_and_nothing_is_exported(
    client: Client, charlie: Any, url: str
) -> None:
    client.force_login(charlie)
    assert client.get(url).status_code == 403
    assert not AuditEvent.objects.filter(action="audit.export").exists()


def test_a_staff_member_who_is_not_a_superuser_reads_the_log(
    client: Client, make_user: Any, log: Any
) -> None:
    client.force_login(make_user("stella@example.com", is_staff=True))
    response = client.get(LIST)
    assert response.status_code == 200
    assert b"Failed sign-in" in response.content and b"bob@example.com" in response.content


def test_sam_filters_by_action_actor_text_and_days(sam_client: Client, log: Any) -> None:
    ids = {name: entry.pk for name, entry in log.items()}
    assert shown(sam_client, action="auth.sign_in_failed") == {ids["bob_failed"]}
    assert shown(sam_client, actor="ALICE@") == {ids["alice_in"], ids["alice_token"]}
    assert shown(sam_client, q="bob@example") == {ids["bob_failed"]}
    assert shown(sam_client, since="2026-03-02") >= {ids["bob_failed"], ids["alice_token"]}
    assert ids["alice_in"] not in shown(sam_client, since="2026-03-02")
    assert shown(sam_client, since="2026-03-01", until="2026-03-02") == {
        ids["alice_in"], ids["bob_failed"]
    }  # fmt: skip


def test_days_are_read_in_sams_own_time_zone(sam_client: Client, sam: Any, log: Any) -> None:
    Profile.objects.update_or_create(user=sam, defaults={"timezone": "Pacific/Auckland"})
    # Auckland is 13 hours ahead in March: Bob's failure (20:00 UTC on 2 March) was on 3 March
    # there, and Alice's token (12:00 UTC on 3 March) on 4 March.
    assert shown(sam_client, since="2026-03-03", until="2026-03-03") == {log["bob_failed"].pk}
    assert log["alice_token"].pk in shown(sam_client, since="2026-03-04", until="2026-03-04")


def test_an_end_before_the_start_is_explained_and_lists_nothing(
    sam_client: Client, log: Any
) -> None:
    response = sam_client.get(LIST, {"since": "2026-03-03", "until": "2026-03-01"})
    assert "The end date can&#x27;t be before the start date." in response.content.decode()
    assert shown(sam_client, since="2026-03-03", until="2026-03-01") == set()
    assert sam_client.get(EXPORT, {"since": "2026-03-03", "until": "2026-03-01"}).status_code == 400


def test_pages_keep_the_filters(sam_client: Client, alice: Any) -> None:
    for _ in range(55):
        record("auth.sign_in", actor=alice)
    record("auth.sign_out", actor=alice)

    filters = {"action": "auth.sign_in", "actor": "alice"}
    first = sam_client.get(LIST, filters)
    assert first.context["page"].paginator.count == 55
    assert 'href="?action=auth.sign_in&amp;actor=alice&amp;page=2"' in first.content.decode()
    assert len(sam_client.get(LIST, {**filters, "page": "2"}).context["page"]) == 5


def test_sam_downloads_the_filtered_entries_and_the_download_is_recorded(
    sam_client: Client, sam: Any, alice: Any, log: Any
) -> None:
    response = sam_client.get(EXPORT, {"actor": "alice"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = csv_rows(response)

    assert [row["action"] for row in rows] == ["token.create", "auth.sign_in"]
    assert rows[1]["time_utc"] == "2026-03-01T09:00:00+00:00"
    assert rows[1]["actor"] == "alice@example.com" and rows[1]["target_id"] == str(alice.pk)
    assert rows[0]["detail"] == '{"owner": "alice@example.com"}'
    export = only("audit.export")
    assert (export.actor, export.detail) == (sam, {"rows": 2, "filters": {"actor": "alice"}})


def test_a_cell_that_starts_like_a_formula_is_written_as_text(
    sam_client: Client, make_user: Any
) -> None:
    record("auth.sign_in_failed", username="=cmd|' /C calc'!A0")
    record("auth.sign_in", actor=make_user("+sneaky@example.com"))

    rows = csv_rows(sam_client.get(EXPORT))
    assert {row["actor"] for row in rows} >= {"'+sneaky@example.com"}


def test_the_admin_shows_entries_but_cannot_add_change_or_delete_them(
    sam_client: Client, log: Any
) -> None:
    entry = log["bob_failed"]
    assert sam_client.get(reverse("admin:audit_auditevent_changelist")).status_code == 200
    assert (
        sam_client.get(reverse("admin:audit_auditevent_change", args=[entry.pk])).status_code == 200
    )
    assert sam_client.get(reverse("admin:audit_auditevent_add")).status_code == 403
    sam_client.post(reverse("admin:audit_auditevent_change", args=[entry.pk]), {"action": "x"})
    sam_client.post(reverse("admin:audit_auditevent_delete", args=[entry.pk]), {"post": "yes"})
    entry.refresh_from_db()
    assert entry.action == "auth.sign_in_failed"


def test_the_menu_leads_sam_to_the_log_but_not_charlie(
    sam_client: Client, client: Client, charlie: Any
) -> None:
    link = f'href="{LIST}"'.encode()
    assert link in sam_client.get(reverse("people:directory")).content
    client.force_login(charlie)
    assert link not in client.get(reverse("people:directory")).content
