"""Managers act only on their own programs; participants and strangers can't manage."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import PASSWORD
from twoway.programs.models import Enrolment, Program
from twoway.programs.rounds import round_execute, round_start
from twoway.programs.tests.helpers import enrol, members, program_for


@pytest.fixture
def programs(alice: Any, bob: Any, charlie: Any) -> tuple[Program, Program]:
    """Alice manages A; Bob manages B, where Charlie takes part."""
    a = program_for(alice, name="Program A")
    b = program_for(bob, name="Program B")
    Enrolment.objects.create(program=b, user=charlie)
    enrol(b, members(12))
    round_ = round_start(user=bob, program=b)
    round_execute(round_.pk, round_.attempt)
    return a, b


def manage_urls(program: Program) -> list[str]:
    round_ = program.rounds.first()
    urls = [
        f"/programs/{program.pk}/edit/",
        f"/programs/{program.pk}/import/",
        f"/programs/{program.pk}/dashboard/",
        f"/programs/{program.pk}/dashboard/funnel.csv",
    ]
    if round_ is not None:
        urls.append(f"/programs/{program.pk}/rounds/{round_.pk}/")
    return urls


def login(client: Any, user: Any) -> None:
    assert client.login(email=user.email, password=PASSWORD)


def test_a_manager_cannot_see_another_managers_program(
    client: Any, alice: Any, programs: Any
) -> None:
    _, b = programs
    login(client, alice)
    for url in [f"/programs/{b.pk}/", *manage_urls(b)]:
        assert client.get(url).status_code == 404, url
    assert client.post(f"/programs/{b.pk}/rounds/").status_code == 404
    assert b.rounds.count() == 1
    assert "Program B" not in client.get("/programs/").content.decode()


def test_a_participant_cannot_act_as_a_manager(client: Any, charlie: Any, programs: Any) -> None:
    _, b = programs
    login(client, charlie)
    assert client.get(f"/programs/{b.pk}/").status_code == 200  # their own program page
    for url in manage_urls(b):
        assert client.get(url).status_code == 403, url
    round_ = b.rounds.get()
    assert client.post(f"/programs/{b.pk}/rounds/{round_.pk}/publish/").status_code == 403
    assert client.post(f"/programs/{b.pk}/rounds/").status_code == 403
    round_.refresh_from_db()
    assert round_.status == "proposed"


def test_a_member_who_is_not_a_program_manager_cannot_create_programs(
    client: Any, charlie: Any
) -> None:
    login(client, charlie)
    assert client.get("/programs/new/").status_code == 403
    response = client.post("/programs/new/", {"name": "Mine", "mode": "peer"})
    assert response.status_code == 403
    assert not Program.objects.filter(name="Mine").exists()


def test_a_manager_sees_and_runs_their_own_program(client: Any, bob: Any, programs: Any) -> None:
    _, b = programs
    login(client, bob)
    for url in [f"/programs/{b.pk}/", *manage_urls(b)]:
        assert client.get(url).status_code == 200, url


def test_staff_may_manage_every_program(client: Any, make_user: Any, programs: Any) -> None:
    _, b = programs
    login(client, make_user("staff@example.com", is_staff=True))
    for url in manage_urls(b):
        assert client.get(url).status_code == 200, url
