"""Priya publishes a round only after confirming she reviewed the pairs: the round page asks for
the tick, and a publish without it creates nothing and says why."""

from __future__ import annotations

from typing import Any

from django.test import Client

from twoway.partnerships.models import Partnership
from twoway.partnerships.tests.helpers import login
from twoway.programs.models import Round
from twoway.programs.rounds import round_execute, round_start
from twoway.programs.tests.helpers import enrol, members, program_for


def _proposed(priya: Any) -> Round:
    program = program_for(priya)
    enrol(program, members(12))
    round_ = round_start(user=priya, program=program)
    assert round_execute(round_.pk, round_.attempt) == "proposed"
    round_.refresh_from_db()
    return round_


def _url(round_: Round) -> str:
    return f"/programs/{round_.program_id}/rounds/{round_.pk}/publish/"


def test_the_round_page_asks_to_confirm_the_review_before_publishing(
    client: Client, priya: Any
) -> None:
    round_ = _proposed(priya)
    page = login(client, priya).get(round_.get_absolute_url()).content.decode()
    assert 'name="reviewed" required' in page
    assert '<label for="publish-reviewed">I have reviewed the pairs</label>' in page
    assert "onclick" not in page and "confirm(" not in page


def test_publishing_without_the_tick_creates_nothing_and_says_why(
    client: Client, priya: Any
) -> None:
    round_ = _proposed(priya)
    response = login(client, priya).post(_url(round_), follow=True)
    round_.refresh_from_db()
    assert round_.status == "proposed"
    assert not Partnership.objects.exists()
    assert "Nothing was published: tick “I have reviewed the pairs”" in response.content.decode()


def test_publishing_with_the_tick_creates_the_partnerships(client: Client, priya: Any) -> None:
    round_ = _proposed(priya)
    response = login(client, priya).post(_url(round_), {"reviewed": "on"}, follow=True)
    round_.refresh_from_db()
    assert round_.status == "published"
    assert Partnership.objects.count() == round_.pairs.count() > 0
    assert "partnerships created" in response.content.decode()
