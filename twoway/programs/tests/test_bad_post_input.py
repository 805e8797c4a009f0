"""Every programs page that takes a POST reads it through a form: bad input is explained, never
a server error.

Alice manages the program (she is staff, so she may create programs too); Bob takes part.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.test import Client

from conftest import PASSWORD
from twoway.programs.models import Enrolment, Invitation, PairRule, Program, Round
from twoway.programs.services import invitation_token
from twoway.programs.tests.helpers import enrol, members, program_for

GARBAGE = {
    "a": "abc",
    "b": "",
    "kind": "sideways",
    "action": "x" * 50,
    "role": "captain",
    "email": "not an email",
    "mentor_weight": "lots",
    "default_capacity": "two",
    "min_overlap_hours": "-x-",
    "display_name": "",
    "password": "",
}


@pytest.fixture
def setting(client: Client, make_user: Any, bob: Any) -> dict[str, Any]:
    """Alice's program with Bob enrolled, a round, an invitation, and Alice signed in."""
    alice = make_user("alice@example.com", first_name="Alice", is_staff=True)
    program = program_for(alice, open_enrolment=True)
    program.invite_token = "invite-token"
    program.save()
    enrolment = Enrolment.objects.create(program=program, user=bob)
    round_ = Round.objects.create(program=program, number=1, created_by=alice, attempt=1)
    invitation = Invitation.objects.create(program=program, email="nico@example.com")
    assert client.login(email=alice.email, password=PASSWORD)
    return {"alice": alice, "program": program, "enrolment": enrolment, "round": round_,
            "token": invitation_token(invitation)}  # fmt: skip


def post_urls(s: dict[str, Any]) -> list[str]:
    p, r = s["program"].pk, s["round"].pk
    return [
        "/programs/new/",
        f"/programs/{p}/edit/",
        f"/programs/{p}/join/",
        "/programs/join/invite-token/",
        f"/programs/{p}/managers/",
        f"/programs/{p}/participants/{s['enrolment'].pk}/",
        f"/programs/{p}/import/",
        f"/programs/{p}/rounds/{r}/rule/",
        f"/programs/{p}/rounds/{r}/add/",
        f"/programs/{p}/dashboard/nudge/999999/",
    ]


@pytest.mark.parametrize("payload", [GARBAGE, {}], ids=["not-numbers", "missing"])
def test_no_programs_page_answers_bad_or_missing_input_with_a_server_error(
    client: Client, setting: dict[str, Any], payload: dict[str, str]
) -> None:
    for url in post_urls(setting):
        assert client.post(url, payload).status_code < 500, url
    anonymous = Client()
    assert anonymous.post(f"/programs/invitations/{setting['token']}/", payload).status_code < 500
    assert not PairRule.objects.exists()
    assert Program.objects.count() == 1


def messages_of(response: Any) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_a_pair_rule_with_ids_that_are_not_numbers_is_explained_on_the_round_page(
    client: Client, setting: dict[str, Any]
) -> None:
    round_ = setting["round"]
    url = f"/programs/{setting['program'].pk}/rounds/{round_.pk}/rule/"

    response = client.post(url, {"a": "abc", "b": "12", "kind": "lock"})

    assert response.status_code == 302 and response["Location"] == round_.get_absolute_url()
    assert any("pick the pair again" in m for m in messages_of(response))


def test_a_pair_rule_of_an_unknown_kind_is_explained(
    client: Client, setting: dict[str, Any]
) -> None:
    url = f"/programs/{setting['program'].pk}/rounds/{setting['round'].pk}/rule/"

    response = client.post(url, {"a": "1", "b": "2", "kind": "sideways"})

    assert "Choose lock, forbid or clear." in messages_of(response)


def test_a_manager_still_locks_and_clears_a_pair_from_the_round_page(
    client: Client, setting: dict[str, Any]
) -> None:
    program, round_ = setting["program"], setting["round"]
    ana, ben = members(2)
    enrol(program, [ana, ben])
    url = f"/programs/{program.pk}/rounds/{round_.pk}/rule/"

    client.post(url, {"a": str(ana.pk), "b": str(ben.pk), "kind": "lock"})
    assert PairRule.objects.get(program=program).kind == "lock"

    client.post(url, {"a": str(ana.pk), "b": str(ben.pk), "kind": "clear"})
    assert not PairRule.objects.filter(program=program).exists()


def test_a_participant_action_that_is_not_one_is_explained_and_changes_nothing(
    client: Client, setting: dict[str, Any]
) -> None:
    program, enrolment = setting["program"], setting["enrolment"]
    url = f"/programs/{program.pk}/participants/{enrolment.pk}/"

    response = client.post(url, {"action": "x" * 50})
    too_long = messages_of(response)
    response = client.post(url, {"action": "promote"})

    assert too_long and "Choose approve, withdraw or reenrol." in messages_of(response)
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.ACTIVE


def test_adding_a_manager_by_something_that_is_not_an_email_is_explained(
    client: Client, setting: dict[str, Any]
) -> None:
    program = setting["program"]

    response = client.post(f"/programs/{program.pk}/managers/", {"email": "bob"})

    assert response.status_code == 302
    assert "Enter a valid email address." in messages_of(response)
    assert list(program.managers.all()) == [setting["alice"]]
