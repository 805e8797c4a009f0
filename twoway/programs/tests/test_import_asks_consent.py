"""An import enrols nobody: members on the sheet are invited like newcomers, and join by accepting.

Alice manages a program. Her sheet lists Bob, who has an account and a complete profile, and
Nico, who has none. Before, Bob was enrolled at once and a round could pair him without his
consent, and the report ("enrol" for Bob, "invite" for Nico) told Alice which addresses have
accounts. Now both are invited, the report and the participants page read the same for both,
and a round pairs only people who accepted.
"""

from __future__ import annotations

from typing import Any

from django.test import Client

from conftest import PASSWORD
from twoway.programs.imports import import_check
from twoway.programs.models import Enrolment, Invitation
from twoway.programs.rounds import round_execute, round_start
from twoway.programs.services import invitation_token
from twoway.programs.tests.helpers import accept_invitations, import_now, members, program_for

SHEET = (
    b"email,name,role,team\nbob@example.com,Bob,mentor,Data\nnico@example.com,Nico,mentor,Data\n"
)


def imported(alice: Any) -> Any:
    program = program_for(alice)
    batch = import_check(user=alice, program=program, filename="p.csv", data=SHEET, mapping={})
    return import_now(alice, program, batch.pk)


def without_email(row: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in row.items() if k not in ("row", "email", "name")}


def test_bob_is_invited_like_nico_and_the_report_cannot_tell_them_apart(
    alice: Any, bob: Any, mailoutbox: Any
) -> None:
    batch = imported(alice)

    bob_row, nico_row = batch.report["rows"]
    assert without_email(bob_row) == without_email(nico_row)
    assert bob_row["action"] == "invite"
    assert batch.report["counts"] == {"invite": 2, "already": 0, "errors": 0}
    assert not Enrolment.objects.filter(user=bob).exists()
    assert sorted(Invitation.objects.values_list("email", flat=True)) == [
        "bob@example.com",
        "nico@example.com",
    ]


def test_the_participants_page_shows_bob_and_nico_both_as_invited(
    client: Client, alice: Any, bob: Any
) -> None:
    batch = imported(alice)
    assert client.login(email=alice.email, password=PASSWORD)

    page = client.get(batch.program.get_absolute_url()).content.decode()

    invited = page[page.index("Invited, not joined yet (2)") :]
    row = '<td>{}</td><td>{}</td><td>Mentor</td><td>Data</td><td><span class="badge">Invited'
    assert row.format("Bob", bob.email) in invited
    assert row.format("Nico", "nico@example.com") in invited
    assert "Nobody yet." in page  # nobody is enrolled


def test_a_round_pairs_only_people_who_accepted(alice: Any) -> None:
    program = program_for(alice)
    people = members(12)
    sheet = "email\n" + "".join(f"{u.email}\n" for u in people)
    batch = import_check(
        user=alice, program=program, filename="p.csv", data=sheet.encode(), mapping={}
    )
    import_now(alice, program, batch.pk)

    first = round_start(user=alice, program=program)
    round_execute(first.pk, first.attempt)
    first.refresh_from_db()
    assert first.summary["people"] == 0 and first.pairs.count() == 0

    accept_invitations(program)
    again = round_start(user=alice, program=program)
    round_execute(again.pk, again.attempt)
    assert again.pairs.count() > 0


def test_bob_joins_by_accepting_while_signed_in(client: Client, alice: Any, bob: Any) -> None:
    imported(alice)
    url = f"/programs/invitations/{invitation_token(Invitation.objects.get(email=bob.email))}/"
    logged_out = client.get(url).content.decode()
    assert "Already have an account with this address?" in logged_out

    assert client.login(email=bob.email, password=PASSWORD)
    response = client.post(url)

    assert response.status_code == 302
    enrolment = Enrolment.objects.get(user=bob)
    assert (enrolment.status, enrolment.role, enrolment.team) == ("active", "mentor", "Data")
