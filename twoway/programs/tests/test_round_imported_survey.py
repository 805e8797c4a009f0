"""A round over survey rows a manager imported matches the same share as ``twoway match``.

Priya, a program manager, imports the first 600 respondents of the Stack Overflow Developer Survey
2017 (twoway/engine/tests/files/devsurvey2017_600.csv) with teaches=have and learns=want. Every
respondent already has an account; the import invites them all, and they all accept (the sheet's
skills reach their profiles as they do). They each add a language (no column of the sheet fills
one, and a profile without one is incomplete, so a round would leave everyone out), then Priya
runs a round, which the real database worker picks up. The engine, as ``twoway match`` calls it,
reads the same file with ``read_people``.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.hashers import make_password
from django.core.management import call_command

import twoway.engine
from twoway.accounts.models import User
from twoway.engine.io.read import read_people
from twoway.engine.match import match
from twoway.engine.model import MatchConfig, Person
from twoway.people.models import Profile
from twoway.programs.imports import import_check
from twoway.programs.models import Program, Round
from twoway.programs.rounds import load_cohort, round_start
from twoway.programs.tests.helpers import accept_invitations, import_now, program_for

FILE = Path(twoway.engine.__file__).parent / "tests" / "files" / "devsurvey2017_600.csv"
COLUMNS = {"id": "respondent", "teaches": "have", "learns": "want"}


def sheet_with_emails() -> bytes:
    """The survey file with an invented address for each respondent, as an export would have."""
    with FILE.open(newline="", encoding="utf-8") as file:
        header, *rows = list(csv.reader(file))
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["email", *header])
    writer.writerows([f"r{row[0]}@survey.example", *row] for row in rows)
    return out.getvalue().encode("utf-8")


def respondents_sign_up(count: int) -> None:
    """An account for each respondent, in the sheet's order (in bulk: one password hash)."""
    password = make_password("unused-password-1")
    User.objects.bulk_create(
        User(email=f"r{n}@survey.example", username=f"r{n}@survey.example", password=password,
             email_verified=True, first_name=f"Respondent {n}")
        for n in range(1, count + 1)
    )  # fmt: skip


def import_survey(manager: Any, program: Program) -> None:
    mapping = {"teaches": "have", "learns": "want"}
    batch = import_check(user=manager, program=program, filename=FILE.name,
                         data=sheet_with_emails(), mapping=mapping)  # fmt: skip
    assert batch.report["errors"] == []
    import_now(manager, program, batch.pk)
    assert len(accept_invitations(program)) == 600


def run_round(manager: Any, program: Program) -> Round:
    round_ = round_start(user=manager, program=program)  # enqueued when its transaction commits
    call_command("db_worker", "--batch", "--no-reload", "--no-startup-delay", verbosity=0)
    round_.refresh_from_db()
    assert round_.status == Round.Status.PROPOSED, round_.error
    return round_


def able(people: list[Person]) -> set[str]:
    """Ids of those who teach something and want a skill they could still learn: one they don't
    know at the highest level anybody teaches (benchmarks/able.py explains why)."""
    top = max(level for p in people for level in p.teaches.values())
    return {p.id for p in people if p.teaches and any(p.teaches.get(s, 0) < top
                                                     for s in p.learns)}  # fmt: skip


def share(people: list[Person], matched: set[str]) -> float:
    return len(able(people) & matched) / len(able(people))


@pytest.mark.slow
def test_a_round_over_600_imported_survey_rows_matches_the_share_twoway_match_does(
    transactional_db: None, make_user: Any
) -> None:
    # transactional_db: the worker commits and closes its connection, as a real worker does.
    priya = make_user("priya@example.com", first_name="Priya")
    program = program_for(priya, name="Developer survey 2017")
    respondents_sign_up(600)
    import_survey(priya, program)
    Profile.objects.update(languages="English")  # each adds one; nobody is kept apart by it

    round_ = run_round(priya, program)

    emails = User.objects.filter(email__endswith="@survey.example").values_list("pk", "email")
    respondent = {str(pk): email[1:].removesuffix("@survey.example") for pk, email in emails}
    ours = load_cohort(program).people
    theirs = read_people(FILE, columns=COLUMNS).people
    # The round gives the engine the sheet's people, in its order, with the same skills, except
    # the 178 rows without a skill to teach or one to learn (incomplete profiles): they can't be
    # matched either way.
    assert [(respondent[p.id], p.teaches, p.learns) for p in ours] == [
        (p.id, p.teaches, p.learns) for p in theirs if p.teaches and p.learns
    ]
    assert round_.summary["incomplete"] == 600 - len(ours) == 178
    pairs = round_.pairs.values_list("member_low_id", "member_high_id")
    matched_here = {str(uid) for pair in pairs for uid in pair}
    cli = match(theirs, MatchConfig())
    matched_there = {pid for pair in cli.pairs for pid in (pair.a, pair.b)}
    assert len(able(ours)) == len(able(theirs)) == 364
    # The same share, not the same count: the engine breaks ties by position, and the round's
    # people sit at other positions (the 178 are left out). Shuffling the 422 complete people
    # moves the engine's count between 340 and 344 (±0.55 points of the able), so an equal count
    # would pin an accident of order. On 2026-12-02 both matched 342.
    assert abs(share(ours, matched_here) - share(theirs, matched_there)) <= 0.01
