"""Every change to a member's second factors leaves an ``mfa.change`` entry: Alice turning on an
app (with its recovery codes), making new codes, turning it off; and Priya (staff) removing
Alice's lost phone in the admin, which also signs Alice out everywhere. The admin never shows a
factor's secret."""

from __future__ import annotations

from typing import Any

from allauth.mfa.models import Authenticator
from django.test import Client

from twoway.accounts.models import MemberSession
from twoway.audit.models import AuditEvent
from twoway.twofactor.tests.helpers import (
    give_totp,
    has_factor_of,
    password_step,
    sign_in,
    totp_code,
)


def _changes(user: Any) -> list[tuple[str, str, str]]:
    rows = AuditEvent.objects.filter(action="mfa.change", target_id=str(user.pk)).order_by("id")
    return [(row.actor_label, row.detail["change"], row.detail["type"]) for row in rows]


def test_alices_own_changes_are_each_recorded(
    client: Client, alice: Any, django_capture_on_commit_callbacks: Any
) -> None:
    password_step(client, alice)
    client.get("/auth/2fa/totp/activate/")
    code = totp_code(client.session["mfa.totp.secret"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/auth/2fa/totp/activate/", {"code": code})
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/auth/2fa/recovery-codes/generate/")
    client.post("/auth/2fa/totp/deactivate/")

    assert _changes(alice) == [
        ("alice@example.com", "added", "totp"),
        ("alice@example.com", "added", "recovery_codes"),
        ("alice@example.com", "recovery_codes_regenerated", "recovery_codes"),
        ("alice@example.com", "removed", "totp"),
        ("alice@example.com", "removed", "recovery_codes"),
    ]
    entry = AuditEvent.objects.filter(action="mfa.change").first()
    assert entry is not None and entry.target_type == "accounts.user"
    assert not any("secret" in str(key) for row in AuditEvent.objects.all() for key in row.detail)


def test_priya_removes_alices_lost_phone_and_alice_is_signed_out_everywhere(
    priya_staff: Any, alice: Any
) -> None:
    give_totp(alice)
    alices_phone = Client()
    sign_in(alices_phone, alice)
    alices_phone.get("/accounts/settings/")
    assert MemberSession.objects.filter(user=alice).exists()

    staff = sign_in(Client(), priya_staff)
    app = Authenticator.objects.get(user=alice, type="totp")
    response = staff.post(f"/admin/mfa/authenticator/{app.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302

    assert not has_factor_of(alice, "totp") and not has_factor_of(alice, "recovery_codes")
    assert _changes(alice) == [
        ("priya@example.com", "removed", "totp"),
        ("priya@example.com", "removed", "recovery_codes"),
    ]
    assert AuditEvent.objects.filter(action="admin.delete", actor=priya_staff).exists()
    assert alices_phone.get("/accounts/settings/").status_code == 302
    assert not MemberSession.objects.filter(user=alice).exists()
    # Alice signs in with her password alone now, and may set up a new phone.
    assert password_step(Client(), alice)["Location"] == "/"


def test_the_admin_shows_who_has_which_factor_but_never_its_secret(
    client: Client, priya_staff: Any, alice: Any
) -> None:
    give_totp(alice, secret="KRUGKIDROVUWG2ZAMJZG653OEBTG66BA")
    sign_in(client, priya_staff)
    listing = client.get("/admin/mfa/authenticator/?q=alice").content.decode()
    assert "alice@example.com" in listing
    app = Authenticator.objects.get(user=alice, type="totp")
    page = client.get(f"/admin/mfa/authenticator/{app.pk}/change/").content.decode()
    assert "alice@example.com" in page
    assert "KRUGKIDROVUWG2ZAMJZG653OEBTG66BA" not in page and "seed" not in page
    assert client.get("/admin/mfa/authenticator/add/").status_code == 403
