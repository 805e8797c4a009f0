"""Importing participants from messy spreadsheets: a dry run first, then all or nothing."""

from __future__ import annotations

import io
from typing import Any

import openpyxl
import pytest

from twoway.accounts.models import User
from twoway.programs.imports import ImportFailed, import_check, import_commit
from twoway.programs.models import Enrolment, Invitation
from twoway.programs.services import invitation_accept, invitation_token, invitations_send
from twoway.programs.tests.helpers import import_now, program_for


def check(manager: Any, program: Any, data: bytes, name: str = "people.csv", **mapping: str) -> Any:
    return import_check(user=manager, program=program, filename=name, data=data, mapping=mapping)


def test_it_reads_a_bom_and_semicolons_and_invites_members_and_newcomers_alike(
    alice: Any,
    make_user: Any,
    mailoutbox: Any,
    settings: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    # The import and its emails run as tasks; the immediate backend runs them as they commit.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    program = program_for(alice)
    member = make_user("dana@example.com")
    data = (
        "\ufeffE-mail;Full name;Role;Department;Capacity\r\n"
        "DANA@example.com;Dana;mentor;Data;2\r\nnew@example.com;Nico Neu;mentee;Web;\r\n"
    )
    batch = check(alice, program, data.encode("utf-8"))

    assert batch.report["errors"] == []
    assert batch.report["counts"] == {"invite": 2, "already": 0, "errors": 0}
    assert Enrolment.objects.count() == 0  # a dry run writes nothing

    with django_capture_on_commit_callbacks(execute=True):
        import_commit(user=alice, program=program, batch_id=batch.pk)

    # Dana has an account, yet she is invited like Nico: she joins by saying yes.
    assert Enrolment.objects.count() == 0
    invitation = Invitation.objects.get(email="new@example.com")
    assert (invitation.name, invitation.role) == ("Nico Neu", "mentee")
    mails = {m.to[0]: m for m in mailoutbox}
    assert set(mails) == {"new@example.com", "dana@example.com"}
    assert all("/programs/invitations/" in mail.body for mail in mails.values())
    assert member.notifications.count() == 0
    invitations_send(batch_id=batch.pk)  # a rerun
    assert len(mailoutbox) == 2

    enrolment = invitation_accept(
        token=invitation_token(Invitation.objects.get(email="dana@example.com")), user=member
    )
    assert (enrolment.role, enrolment.team, enrolment.capacity) == ("mentor", "Data", 2)


def test_it_reads_an_xlsx_file_with_a_column_mapping(alice: Any, make_user: Any) -> None:
    program = program_for(alice)
    make_user("erin@example.com")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Work address", "Who", "Kind"])
    sheet.append(["erin@example.com", "Erin", "Mentee"])
    sheet.append(["fred@example.com", "Fred", None])
    buffer = io.BytesIO()
    book.save(buffer)

    batch = check(
        alice, program, buffer.getvalue(), "people.xlsx", email="Work address", role="Kind"
    )

    assert batch.report["errors"] == []
    assert [(r["email"], r["role"], r["action"]) for r in batch.report["rows"]] == [
        ("erin@example.com", "mentee", "invite"),
        ("fred@example.com", "either", "invite"),
    ]


def test_bad_rows_are_reported_with_row_and_column(alice: Any) -> None:
    program = program_for(alice)
    data = (
        "email,name,role,capacity\n"
        "ok@example.com,Ok,either,1\n"
        "not-an-email,Bad,either,1\n"
        "x@example.com,X,boss,1\n"
        "y@example.com,Y,mentor,9\n"
        "OK@example.com,Again,mentee,1\n"
    )
    report = check(alice, program, data.encode()).report

    problems = {(e["row"], e["column"]) for e in report["errors"]}
    assert problems == {(3, "email"), (4, "role"), (5, "capacity"), (6, "email")}
    duplicate = next(e for e in report["errors"] if e["row"] == 6)
    assert "row 2" in duplicate["message"]


def test_already_enrolled_people_are_reported_and_skipped(alice: Any, make_user: Any) -> None:
    program = program_for(alice)
    dana = make_user("dana@example.com")
    Enrolment.objects.create(program=program, user=dana)
    batch = check(alice, program, b"email\ndana@example.com\nnew@example.com\n")

    assert batch.report["counts"]["already"] == 1
    import_now(alice, program, batch.pk)
    assert Enrolment.objects.filter(program=program).count() == 1
    assert Invitation.objects.count() == 1


def test_a_failed_import_leaves_the_database_as_it_was(alice: Any, make_user: Any) -> None:
    program = program_for(alice)
    make_user("dana@example.com")
    batch = check(alice, program, b"email,role\ndana@example.com,mentor\nnew@example.com,chief\n")
    before = (Enrolment.objects.count(), Invitation.objects.count(), User.objects.count())

    with pytest.raises(ImportFailed) as failure:
        import_commit(user=alice, program=program, batch_id=batch.pk)

    assert failure.value.report.errors[0]["row"] == 3
    assert (Enrolment.objects.count(), Invitation.objects.count(), User.objects.count()) == before


def test_a_file_without_an_email_column_says_which_columns_it_has(alice: Any) -> None:
    program = program_for(alice)
    report = check(alice, program, b"Name;Team\nDana;Data\n").report
    assert report["errors"][0]["row"] == 1
    assert "'Name', 'Team'" in report["errors"][0]["message"]


def test_an_invitation_signs_up_and_enrols(alice: Any, client: Any) -> None:
    from twoway.programs.services import invitation_accept, invitation_token

    program = program_for(alice)
    batch = check(alice, program, b"email,name,role\nnew@example.com,Nico,mentee\n")
    import_now(alice, program, batch.pk)
    token = invitation_token(Invitation.objects.get())

    enrolment = invitation_accept(token=token, password="a long pass phrase 42")

    assert enrolment.user.email == "new@example.com" and enrolment.user.email_verified
    assert (enrolment.program, enrolment.role, enrolment.status) == (program, "mentee", "active")
    assert enrolment.user.profile.display_name == "Nico"
