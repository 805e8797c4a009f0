"""Deactivation by the directory takes effect at once: Alice can no longer sign in, her
browser session and her API token stop working, and her open requests close with a reason Bob
and Charlie read. Reactivation lets her sign in again; what was closed stays closed."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from conftest import PASSWORD
from twoway.accounts.models import ApiToken, MemberSession, User
from twoway.audit.models import AuditEvent
from twoway.notifications.models import Notification
from twoway.partnerships.models import DEACTIVATED_REASON, Request
from twoway.partnerships.requests import request_create
from twoway.people.tests.helpers import make_complete
from twoway.provisioning.tests.helpers import Scim, directory, user_body

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(alice: Any, bob: Any, charlie: Any) -> dict[str, Any]:
    """Alice (provisioned by Entra) asked Bob to partner; Charlie asked Alice."""
    make_complete(alice, teaches={"SQL": 4}, learns={"Figma": 3})
    make_complete(bob, teaches={"Figma": 5}, learns={"SQL": 3})
    make_complete(charlie, teaches={"Figma": 3}, learns={"SQL": 2})
    entra = directory("Entra")
    made = entra.create_user(
        "alice@example.com",
        displayName="Alice",
        emails=[{"value": "alice@example.com", "primary": True}],
    )
    browser = Client()
    assert browser.login(email="alice@example.com", password=PASSWORD)
    browser.get("/")
    _token, secret = ApiToken.objects.issue(user=alice, name="script")
    return {
        "entra": entra,
        "id": made["id"],
        "browser": browser,
        "secret": secret,
        "sent": request_create(sender=alice, receiver=bob, message="Shall we swap?"),
        "received": request_create(sender=charlie, receiver=alice, message="Hello Alice"),
    }


def _me(client: Client, **headers: Any) -> int:
    return int(client.get("/api/me", **headers).status_code)


def _deactivate(entra: Scim, scim_id: str, how: str) -> Any:
    if how == "entra":  # Entra ID: capitalised op, the boolean as a string
        return entra.patch(
            f"Users/{scim_id}", {"op": "Replace", "path": "active", "value": "False"}
        )
    if how == "okta":  # Okta: no path, an object of attributes
        return entra.patch(f"Users/{scim_id}", {"op": "replace", "value": {"active": False}})
    body = user_body(
        "alice@example.com", "alice@example.com", "Alice", "A", active=False, displayName="Alice"
    )
    return entra.put(f"Users/{scim_id}", body)


@pytest.mark.parametrize("how", ["entra", "okta", "put"])
def test_deactivation_ends_sign_in_sessions_tokens_and_open_requests_at_once(
    world: dict[str, Any], how: str
) -> None:
    browser, bearer = world["browser"], {"HTTP_AUTHORIZATION": f"Bearer {world['secret']}"}
    assert _me(browser) == 200 and _me(Client(), **bearer) == 200
    response = _deactivate(world["entra"], world["id"], how)
    assert response.status_code == 200, response.content
    assert response.json()["active"] is False
    alice = User.objects.get(email="alice@example.com")
    assert not alice.is_active
    assert _me(browser) == 401 and _me(Client(), **bearer) == 401
    assert not MemberSession.objects.filter(user=alice).exists()
    assert not Client().login(email="alice@example.com", password=PASSWORD)
    sent = Request.objects.get(pk=world["sent"].pk)
    received = Request.objects.get(pk=world["received"].pk)
    assert (sent.status, received.status) == (Request.Status.WITHDRAWN, Request.Status.DECLINED)
    assert sent.decline_reason == received.decline_reason == DEACTIVATED_REASON
    for other in ("bob@example.com", "charlie@example.com"):
        told = Notification.objects.get(recipient__email=other, title__contains="was closed")
        assert told.title == "Your request with Alice was closed"
        assert told.body == f"Reason: {DEACTIVATED_REASON}."
    entry = AuditEvent.objects.get(action="scim.user_deactivate")
    assert entry.detail == {"requests_closed": 2} and entry.target_id == str(alice.pk)


def test_bob_reads_the_reason_on_the_request_page(world: dict[str, Any], bob: Any) -> None:
    _deactivate(world["entra"], world["id"], "entra")
    page = Client()
    page.force_login(bob)
    html = page.get(world["sent"].get_absolute_url()).content.decode()
    assert f"Reason: {DEACTIVATED_REASON}" in html
    assert "alice@example.com" not in html


def test_reactivation_lets_alice_sign_in_again_and_leaves_closed_requests_closed(
    world: dict[str, Any],
) -> None:
    entra, scim_id = world["entra"], world["id"]
    _deactivate(entra, scim_id, "entra")
    response = entra.patch(f"Users/{scim_id}", {"op": "replace", "path": "active", "value": True})
    assert response.status_code == 200 and response.json()["active"] is True
    assert Client().login(email="alice@example.com", password=PASSWORD)
    assert Request.objects.get(pk=world["sent"].pk).status == Request.Status.WITHDRAWN
    assert AuditEvent.objects.filter(action="scim.user_reactivate").count() == 1


def test_a_user_created_inactive_cannot_sign_in_and_repeating_deactivation_changes_nothing(
    world: dict[str, Any],
) -> None:
    entra = world["entra"]
    made = entra.create_user("gus@corp.example", active=False)
    assert made["active"] is False and not User.objects.get(email="gus@corp.example").is_active
    _deactivate(entra, world["id"], "entra")
    _deactivate(entra, world["id"], "entra")
    assert AuditEvent.objects.filter(action="scim.user_deactivate").count() == 2  # Alice, Gus
