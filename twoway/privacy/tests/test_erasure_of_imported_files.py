"""Alice, a program manager, uploaded participants files that list Bob. When Bob erases his
account, no file keeps his row: an imported file goes (the invitations were its purpose), one
still waiting to be imported is stopped with a reason Alice can act on, and the reports keep
their rows without saying who Bob was. Nico's rows are untouched."""

from __future__ import annotations

from typing import Any

from twoway.privacy.erasure import IMPORT_DROPPED, account_erase
from twoway.privacy.models import FORMER_MEMBER
from twoway.programs.imports import import_check
from twoway.programs.models import ImportBatch
from twoway.programs.tests.helpers import import_now, program_for

SHEET = (
    b"email,name,role,team\n"
    b"Bob@Example.com,Bob Tanaka,mentor,Data\n"
    b"nico@example.com,Nico Ruiz,mentor,Data\n"
)


def checked(alice: Any, name: str) -> ImportBatch:
    program = program_for(alice, name=name)
    return import_check(user=alice, program=program, filename="p.csv", data=SHEET, mapping={})


def row_of(batch: ImportBatch, email: str) -> dict[str, Any]:
    return next(r for r in batch.report["rows"] if r["row"] == (2 if "bob" in email else 3))


def test_an_imported_file_that_listed_bob_keeps_neither_his_row_nor_its_bytes(
    alice: Any, bob: Any
) -> None:
    batch = checked(alice, "Spring")
    batch = import_now(alice, batch.program, batch.pk)
    assert b"Bob@Example.com" in bytes(batch.data)

    account_erase(user=bob)

    batch.refresh_from_db()
    assert bytes(batch.data) == b""
    assert batch.status == ImportBatch.Status.COMMITTED
    bob_row, nico_row = row_of(batch, "bob"), row_of(batch, "nico")
    assert (bob_row["email"], bob_row["name"], bob_row["team"]) == ("", FORMER_MEMBER, "")
    assert (nico_row["email"], nico_row["name"]) == ("nico@example.com", "Nico Ruiz")
    assert "bob@example.com" not in str(batch.report).lower()


def test_a_file_still_waiting_to_be_imported_is_stopped_with_a_reason(alice: Any, bob: Any) -> None:
    batch = checked(alice, "Autumn")

    account_erase(user=bob)

    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.FAILED
    assert batch.error == IMPORT_DROPPED
    assert bytes(batch.data) == b""
    assert "bob@example.com" not in str(batch.report).lower()


def test_files_that_never_listed_bob_are_left_alone(alice: Any, bob: Any) -> None:
    program = program_for(alice, name="Winter")
    sheet = b"email,name,role,team\nnico@example.com,Nico Ruiz,mentor,Data\n"
    batch = import_check(user=alice, program=program, filename="n.csv", data=sheet, mapping={})

    account_erase(user=bob)

    batch.refresh_from_db()
    assert (batch.status, bytes(batch.data)) == (ImportBatch.Status.CHECKED, sheet)


def test_bobs_second_factors_and_provider_links_go_with_his_account(bob: Any) -> None:
    from allauth.mfa.models import Authenticator
    from allauth.socialaccount.models import SocialAccount

    Authenticator.objects.create(user=bob, type=Authenticator.Type.TOTP, data={"secret": "x"})
    SocialAccount.objects.create(user=bob, provider="openid_connect", uid="bob-at-idp")

    account_erase(user=bob)

    assert not Authenticator.objects.filter(user=bob).exists()
    assert not SocialAccount.objects.filter(user=bob).exists()
