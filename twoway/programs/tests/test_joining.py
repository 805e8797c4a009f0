"""Joining a program: the open page, the invite link with approval, and emailed invitations."""

from __future__ import annotations

from typing import Any

from conftest import PASSWORD
from twoway.accounts.models import User
from twoway.programs.models import Enrolment, Invitation
from twoway.programs.services import invitation_token
from twoway.programs.tests.helpers import program_for


def login(client: Any, user: Any) -> None:
    assert client.login(email=user.email, password=PASSWORD)


def test_a_member_joins_an_open_program_answering_its_questions(
    client: Any, alice: Any, bob: Any
) -> None:
    program = program_for(alice, open_enrolment=True)
    program.questions = [{"key": "hope", "label": "What do you hope to learn?", "required": True}]
    program.save()
    login(client, bob)
    url = f"/programs/{program.pk}/join/"
    assert "What do you hope to learn?" in client.get(url).content.decode()
    client.post(url, {"role": "mentee"})
    assert not Enrolment.objects.exists()  # the required answer was missing

    client.post(url, {"role": "mentee", "q_hope": "Negotiation"})

    enrolment = Enrolment.objects.get(user=bob)
    assert (enrolment.status, enrolment.role, enrolment.answers) == (
        "active", "mentee", {"hope": "Negotiation"},
    )  # fmt: skip


def test_a_closed_program_is_joined_only_by_its_invite_link_and_waits_for_approval(
    client: Any, alice: Any, bob: Any
) -> None:
    program = program_for(alice, requires_approval=True)
    login(client, bob)
    assert client.get(f"/programs/{program.pk}/join/").status_code == 404
    assert client.get("/programs/join/not-the-token/").status_code == 404

    client.post(f"/programs/join/{program.invite_token}/", {"role": "either"})
    enrolment = Enrolment.objects.get(user=bob)
    assert enrolment.status == "pending"
    client.logout()
    login(client, alice)
    client.post(f"/programs/{program.pk}/participants/{enrolment.pk}/", {"action": "approve"})
    enrolment.refresh_from_db()
    assert enrolment.status == "active"
    client.post(f"/programs/{program.pk}/participants/{enrolment.pk}/", {"action": "withdraw"})
    enrolment.refresh_from_db()
    assert enrolment.status == "withdrawn"
    client.post(f"/programs/{program.pk}/participants/{enrolment.pk}/", {"action": "reenrol"})
    enrolment.refresh_from_db()
    assert enrolment.status == "active"


def test_an_invitation_link_signs_up_logs_in_and_enrols(client: Any, alice: Any) -> None:
    program = program_for(alice)
    invitation = Invitation.objects.create(program=program, email="nico@example.com", name="Nico",
                                           role="mentor")  # fmt: skip
    url = f"/programs/invitations/{invitation_token(invitation)}/"
    assert "nico@example.com" in client.get(url).content.decode()

    response = client.post(url, {"display_name": "Nico N", "password": "a long pass phrase 42"})

    assert response.status_code == 302
    nico = User.objects.get(email="nico@example.com")
    assert nico.email_verified
    assert Enrolment.objects.get(user=nico).role == "mentor"
    assert client.get("/programs/").context["user"] == nico  # logged in


def test_a_tampered_invitation_link_is_refused_kindly(client: Any, alice: Any) -> None:
    program = program_for(alice)
    invitation = Invitation.objects.create(program=program, email="nico@example.com")
    token = invitation_token(invitation)
    response = client.get(f"/programs/invitations/{token[:-2]}xx/")
    assert response.status_code == 404
    assert "broken or has expired" in response.content.decode()


def test_the_progress_fragment_polls_until_the_round_is_done(client: Any, alice: Any) -> None:
    from twoway.programs.rounds import round_execute, round_start
    from twoway.programs.tests.helpers import enrol, members

    program = program_for(alice)
    enrol(program, members(10))
    round_ = round_start(user=alice, program=program)
    login(client, alice)
    url = f"/programs/{program.pk}/rounds/{round_.pk}/progress/"
    assert 'hx-trigger="every 1s"' in client.get(url).content.decode()

    round_execute(round_.pk, round_.attempt)

    done = client.get(url + "?was=running")
    assert "hx-trigger" not in done.content.decode()
    assert done["HX-Refresh"] == "true"
