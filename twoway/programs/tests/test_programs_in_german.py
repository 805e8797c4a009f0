"""Programs in German (docs/i18n.md): pages, reasons, import problems and the API in the reader's
language, and emails in the recipient's, whatever language the manager works in.

Personas: Priya manages "Cohort"; Alice and Bob swap SQL and Figma; Charlie enrolled with an
incomplete profile, so the round leaves him out.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.utils import translation

from conftest import PASSWORD
from twoway.engine.reasons import DETAILS
from twoway.notifications.models import Notification
from twoway.partnerships.tests.helpers import swap_profiles
from twoway.programs.import_words import said
from twoway.programs.imports import import_check
from twoway.programs.models import Invitation, Program, Round
from twoway.programs.publish import round_publish, round_tell
from twoway.programs.round_words import seat_words, unmatched_words, warning_words
from twoway.programs.rounds import round_execute, round_start
from twoway.programs.services import enrol_member, enrolment_welcome, invitation_send
from twoway.programs.tests.helpers import enrol, program_for

pytestmark = pytest.mark.django_db


def _speaks(user: Any, language: str) -> None:
    user.profile.interface_language = language
    user.profile.save()


def _proposed(priya: Any, alice: Any, bob: Any, charlie: Any) -> Round:
    swap_profiles(alice, bob)
    program = program_for(priya, name="Cohort")
    enrol(program, [alice, bob, charlie])
    round_ = round_start(user=priya, program=program)
    assert round_execute(round_.pk, round_.attempt) == "proposed"
    return Round.objects.get(pk=round_.pk)


def test_a_member_whose_language_is_german_gets_german_email_while_priya_works_in_english(
    priya: Any, alice: Any, bob: Any, charlie: Any
) -> None:
    _speaks(priya, "en")
    _speaks(alice, "de")
    round_ = _proposed(priya, alice, bob, charlie)
    program = round_.program
    with translation.override("en"):  # Priya's pages: the work is done in English
        invitation = Invitation.objects.create(
            program=program, email=alice.email, name="Alice", invited_by=priya
        )
        assert invitation_send(invitation=invitation)
        enrolment, _ = enrol_member(program=program, user=alice, role="either")
        enrolment_welcome(enrolment=enrolment)
        round_publish(user=priya, round_=round_)
        round_tell(round_.pk)

    email = mail.outbox[0]
    assert email.subject == "Du bist zu Cohort eingeladen"
    assert email.body.startswith("Hallo Alice,\n\nDu bist zum Mentoring-Programm Cohort")
    notices = {n.kind: n for n in Notification.objects.filter(recipient=alice)}
    assert notices["other"].title == "Du bist im Programm Cohort"
    matched = notices["program_matched"]
    assert matched.title == "Cohort: Du bildest ein Tandem mit Bob"
    assert matched.body.startswith(
        "Das Lernen fließt in beide Richtungen: Du bringst Bob SQL bei; Bob bringt dir Figma bei."
    )
    bobs = Notification.objects.get(recipient=bob, kind="program_matched")
    assert bobs.title == "Cohort: you're matched with Alice"


def test_an_invitee_without_an_account_is_written_to_in_the_inviting_managers_language(
    priya: Any, alice: Any
) -> None:
    _speaks(priya, "fr")
    program = program_for(priya, name="Cohort")
    invitation = Invitation.objects.create(
        program=program, email="nico@example.com", invited_by=priya
    )
    assert invitation_send(invitation=invitation)
    assert mail.outbox[0].subject == "Vous êtes invité à Cohort"
    assert mail.outbox[0].body.startswith("Bonjour,\n\n")


def test_the_round_page_says_why_someone_was_left_out_in_german(
    priya: Any, alice: Any, bob: Any, charlie: Any, client: Client
) -> None:
    round_ = _proposed(priya, alice, bob, charlie)
    _speaks(priya, "de")
    client.force_login(priya)
    page = client.get(round_.get_absolute_url()).content.decode()
    assert "Ohne Tandem (1)" in page
    assert (
        "Das Profil braucht eine Fähigkeit zum Beibringen, eine zum Lernen und eine Sprache, "
        "bevor es ein Tandem geben kann."
    ) in page
    assert "Personen im Durchlauf" in page and "1 Paar veröffentlichen" in page


@pytest.mark.parametrize(
    ("reason", "detail"),
    [
        *DETAILS.items(),
        ("capacity", "Their capacity is 0, so they take no partner."),
        ("capacity", "Their capacity is 0, so they join no circle."),
        ("nobody_teaches_their_wants", "Nobody here teaches what they want to learn yet."),
        ("nobody_wants_their_skills", "Nobody here wants to learn what they teach yet."),
        ("no_two_way_partner", "No mentor or mentee here fits their role and skills."),
        ("no_two_way_partner", "Nobody who teaches what they want also wants what they teach."),
        ("no_two_way_partner", "No circle of 3–6 could be formed in which they both learn."),
        ("profile_incomplete", "… before it can be placed."),
    ],
)
def test_every_reason_the_engine_gives_is_said_in_german(reason: str, detail: str) -> None:
    with translation.override("de"):
        words = unmatched_words(reason, detail)
    assert words != detail and words.strip()
    with translation.override("en"):
        english = unmatched_words(reason, detail)
    assert words != english


def test_a_pairs_broken_rules_and_a_circle_seat_are_said_in_spanish() -> None:
    with translation.override("es"):
        assert warning_words("both in group Data; Ana is over capacity; re-run to rebalance") == (
            "ambos en el grupo Data; Ana supera su capacidad; vuelve a ejecutar para reequilibrar"
        )
        assert seat_words("Ana learns Figma from Sam, SQL from Lee; teaches nothing yet.") == (
            "Ana aprende Figma de Sam, SQL de Lee; enseña nada todavía."
        )


def test_an_import_problem_keeps_the_sheets_column_and_row_in_german(
    priya: Any, client: Client
) -> None:
    program = program_for(priya, name="Cohort")
    sheet = b"Work Email,Role\r\nnot-an-address,boss\r\n"
    batch = import_check(user=priya, program=program, filename="people.csv", data=sheet, mapping={})
    _speaks(priya, "de")
    client.force_login(priya)
    page = client.get(f"/programs/{program.pk}/import/{batch.pk}/").content.decode()
    assert "<td>2</td><td>Work Email</td>" in page
    assert "&#x27;not-an-address&#x27; ist keine E-Mail-Adresse" in page
    assert "die Rolle muss either, mentor oder mentee sein, erhalten: &#x27;boss&#x27;" in page
    with translation.override("en"):  # stored as found, said in the reader's language
        assert said(batch.report["errors"][0]["message"]) == batch.report["errors"][0]["message"]


def test_the_api_says_an_import_problem_in_the_callers_language(priya: Any, client: Client) -> None:
    program = program_for(priya, name="Cohort")
    batch = import_check(
        user=priya, program=program, filename="p.csv", data=b"email\r\nnope\r\n", mapping={}
    )
    assert client.login(email=priya.email, password=PASSWORD)
    response = client.post(
        f"/api/programs/{program.pk}/imports/{batch.pk}/commit", HTTP_ACCEPT_LANGUAGE="fr"
    )
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert error["message"] == "Le fichier comporte 1 problème ; rien n'a été importé."
    assert error["fields"][0] == {
        "field": "row 2, column 'email'",
        "message": "'nope' n'est pas une adresse e-mail",
    }


def test_a_participant_reads_their_program_page_in_german(
    priya: Any, alice: Any, client: Client
) -> None:
    program = program_for(priya, name="Cohort", mode=Program.Mode.MENTOR_MENTEE)
    enrol(program, [alice], role="mentee")
    _speaks(alice, "de")
    client.force_login(alice)
    page = client.get(program.get_absolute_url()).content.decode()
    assert 'Dein Platz: <span class="badge">Aufgenommen</span> · Rolle: Mentee.' in page
    assert "Mentor–Mentee, mit Reverse Mentoring" in page
