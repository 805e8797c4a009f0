"""Alice adds a pair by hand by choosing two participants from a search list on the round page.

Alice manages the program. Ana, Ben and Cai take part; Wen withdrew; Bob is a participant who
must not see the list; Charlie is an outsider; Olu teaches Python but is not in the program.
"""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.test import Client

from conftest import PASSWORD
from twoway.programs.forms import CHOOSE_TWO
from twoway.programs.models import Enrolment, Program, Round
from twoway.programs.round_page import level_words, pair_picker
from twoway.programs.rounds import round_start
from twoway.programs.tests.crafted import participant, run
from twoway.programs.tests.helpers import program_for


@pytest.fixture
def cohort(alice: Any, bob: Any) -> tuple[Program, Round]:
    program = program_for(alice)
    participant(program, "Ana Lima", teaches={"Python": 5}, learns={"SQL": 3})
    participant(program, "Ben Okafor", teaches={"SQL": 4, "Python": 1}, learns={"Python": 3},
                team="Core")  # fmt: skip
    participant(program, "Cai Wu", teaches={"Figma": 4}, learns={"Python": 2})
    wen = participant(program, "Wen Ito", teaches={"Python": 4}, learns={"SQL": 2})
    Enrolment.objects.filter(user=wen).update(status=Enrolment.Status.WITHDRAWN)
    other = program_for(alice, name="Elsewhere")
    participant(other, "Olu Ade", teaches={"Python": 4}, learns={"SQL": 2})
    Enrolment.objects.create(program=program, user=bob, status=Enrolment.Status.ACTIVE)
    return program, run(round_start(user=alice, program=program))


def names(program: Program, round_: Round, text: str, **chosen: Any) -> list[str]:
    picker = pair_picker(program=program, round_=round_, text=text, a=None, b=None, **chosen)
    return [found.name for found in picker.results]


def test_the_search_list_finds_participants_by_name_and_by_skill(
    cohort: tuple[Program, Round],
) -> None:
    program, round_ = cohort
    assert names(program, round_, "lima") == ["Ana Lima"]
    # Ana and Wen teach Python, Ben and Cai want it; Wen withdrew and Olu is in another program.
    assert names(program, round_, "python") == ["Ana Lima", "Ben Okafor", "Cai Wu"]
    assert names(program, round_, "core") == ["Ben Okafor"]
    assert names(program, round_, "olu") == names(program, round_, "wen") == []


def test_the_search_list_leaves_out_whoever_is_chosen_already(
    cohort: tuple[Program, Round],
) -> None:
    program, round_ = cohort
    ana = Enrolment.objects.get(user__first_name="Ana Lima").user_id
    picker = pair_picker(program=program, round_=round_, text="python", a=ana, b=None)
    assert picker.a is not None and picker.a.name == "Ana Lima"
    assert [f.name for f in picker.results] == ["Ben Okafor", "Cai Wu"]


def test_the_list_says_who_is_paired_already_and_shows_what_managers_see(
    client: Client, alice: Any, cohort: tuple[Program, Round]
) -> None:
    _, round_ = cohort
    client.force_login(alice)
    page = client.get(round_.get_absolute_url(), {"q": "Ana"}).content.decode()
    assert "Ana Lima" in page and "ana-lima@example.com" in page  # as on the participants page
    assert "Already paired in this round" in page and "with Ben Okafor" in page
    assert "Teaches: Python" in page and "Wants to learn: SQL" in page


def test_htmx_gets_only_the_results(
    client: Client, alice: Any, cohort: tuple[Program, Round]
) -> None:
    _, round_ = cohort
    client.force_login(alice)
    response = client.get(
        round_.get_absolute_url(),
        {"q": "figma"},
        headers={"HX-Request": "true", "HX-Target": "pair-results"},
    )
    body = response.content.decode()
    assert "Cai Wu" in body and "1</strong> participant found" in body
    assert "<h1" not in body and "Ana Lima" not in body


@pytest.mark.parametrize("who, status", [("bob", 403), ("charlie", 404)])
def test_nobody_but_a_manager_sees_the_search_list(
    client: Client, cohort: tuple[Program, Round], who: str, status: int, request: Any
) -> None:
    _, round_ = cohort
    client.force_login(request.getfixturevalue(who))
    for headers in ({}, {"HX-Request": "true", "HX-Target": "pair-results"}):
        response = client.get(round_.get_absolute_url(), {"q": "a"}, headers=headers)
        assert response.status_code == status
        assert "Ana Lima" not in response.content.decode()


def choose_link(page: str, name: str) -> str:
    found = re.search(rf'<a class="button button-small" href="([^"]+)"[^>]*>Choose {name}', page)
    assert found, f"no Choose link for {name}"
    return html.unescape(found.group(1)).split("#")[0]


def test_a_manager_adds_a_pair_through_the_search_list(
    client: Client, alice: Any, cohort: tuple[Program, Round]
) -> None:
    _, round_ = cohort
    assert client.login(email=alice.email, password=PASSWORD)
    url = round_.get_absolute_url()
    first = choose_link(client.get(url, {"q": "ana"}).content.decode(), "Ana Lima")
    page = client.get(url + first).content.decode()
    assert "Search participants for the second person" in page
    second = choose_link(client.get(url + first + "&q=figma").content.decode(), "Cai Wu")
    page = client.get(url + second).content.decode().split('id="pair-picker"')[1]
    form = re.search(r'name="a" value="(\d+)"><input type="hidden" name="b" value="(\d+)"', page)
    assert form and "Add and lock Ana Lima ⇄ Cai Wu" in page

    response = client.post(f"{url}add/", {"a": form.group(1), "b": form.group(2)}, follow=True)

    row = round_.pairs.get(manual=True)
    assert {row.member_low.first_name, row.member_high.first_name} == {"Ana Lima", "Cai Wu"}
    assert row.locked and "no learning flows both ways" in row.warning
    assert "Added and locked, but note" in response.content.decode()


def test_a_pair_without_two_chosen_people_is_explained(
    client: Client, alice: Any, cohort: tuple[Program, Round]
) -> None:
    _, round_ = cohort
    client.force_login(alice)
    response = client.post(f"{round_.get_absolute_url()}add/", {"a": "abc"})
    assert [str(m) for m in get_messages(response.wsgi_request)] == [str(CHOOSE_TWO)]
    assert not round_.pairs.filter(manual=True).exists()


def test_the_round_page_says_levels_and_balance_in_words(
    client: Client, alice: Any, cohort: tuple[Program, Round]
) -> None:
    _, round_ = cohort
    client.force_login(alice)
    page = client.get(round_.get_absolute_url()).content.decode()
    # Ana (Python 5) teaches Ben (Python 1); Ben (SQL 4) teaches Ana, who doesn't know SQL.
    assert 'Python: <span class="level">an expert teaching a beginner</span>' in page
    assert 'SQL: <span class="level">someone proficient teaching someone new to it</span>' in page
    assert "Learning flows both ways evenly" in page
    assert " vs " not in page and "balance 0" not in page and "balance 1" not in page


@pytest.mark.parametrize(
    "teacher, learner, words",
    [
        (5, 1, "an expert teaching a beginner"),
        (4, 0, "someone proficient teaching someone new to it"),
        (3, 2, "someone competent teaching an advanced beginner"),
    ],
)
def test_levels_are_named_as_members_choose_them(teacher: int, learner: int, words: str) -> None:
    assert level_words(teacher, learner) == words
