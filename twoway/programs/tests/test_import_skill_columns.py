"""Importing skills a survey spreads over several columns: Alice, a manager, maps teaches to
HaveWorkedLanguage and HaveWorkedFramework. Dana already has an account (and a profile of her own);
Nico has none yet. Both are invited; the sheet's skills reach their profiles when they accept."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from conftest import PASSWORD
from twoway.people.models import Learning, Teaching
from twoway.people.services import profile_ensure, teaching_set
from twoway.programs.imports import ImportFailed, import_check, import_commit, import_execute
from twoway.programs.models import Enrolment, Invitation
from twoway.programs.services import invitation_accept, invitation_token
from twoway.programs.tests.helpers import accept_invitations, import_now, program_for

SURVEY = (
    "Email,HaveWorkedLanguage,HaveWorkedFramework,WantWorkLanguage,Country\n"
    "dana@example.com,Python:4;SQL,Django;python:5,Rust,Chile\n"
    "nico@example.com,Go,,Python:3,Peru\n"
)
JOINED = {"teaches": "HaveWorkedLanguage, HaveWorkedFramework", "learns": "WantWorkLanguage"}


def check(manager: Any, program: Any, text: str = SURVEY, **mapping: str) -> Any:
    data = text.encode("utf-8")
    return import_check(
        user=manager, program=program, filename="survey.csv", data=data, mapping=mapping
    )


def taught(user: Any) -> dict[str, int]:
    return dict(Teaching.objects.filter(profile__user=user).values_list("skill__name", "level"))


def wanted(user: Any) -> dict[str, int]:
    return dict(Learning.objects.filter(profile__user=user).values_list("skill__name", "priority"))


def test_a_dry_run_joins_the_skill_columns_and_writes_nothing(alice: Any, make_user: Any) -> None:
    program = program_for(alice)
    make_user("dana@example.com")

    report = check(alice, program, **JOINED).report

    assert report["errors"] == []
    dana, nico = report["rows"]
    # As in one cell: a skill in both columns keeps its highest level.
    assert dana["teaches"] == {"Python": 5, "SQL": 3, "Django": 3}
    assert (dana["learns"], dana["action"]) == ({"Rust": 2}, "invite")
    assert (nico["teaches"], nico["learns"]) == ({"Go": 3}, {"Python": 3})
    assert report["columns"]["teaches"] == "HaveWorkedLanguage, HaveWorkedFramework"
    assert report["warnings"] == ["Ignored columns: Country"]
    assert (Teaching.objects.count(), Enrolment.objects.count()) == (0, 0)


def test_accepting_adds_the_skills_and_keeps_what_dana_wrote_herself(
    alice: Any, make_user: Any
) -> None:
    program = program_for(alice)
    dana = make_user("dana@example.com")
    teaching_set(profile=profile_ensure(user=dana), skill_text="Python", level=2)
    batch = check(alice, program, **JOINED)

    import_now(alice, program, batch.pk)
    assert taught(dana) == {"Python": 2}  # nothing changes before she says yes
    accept_invitations(program)

    assert taught(dana) == {"Python": 2, "SQL": 3, "Django": 3}
    assert wanted(dana) == {"Rust": 2}
    invitation = Invitation.objects.get(email="nico@example.com")
    assert (invitation.teaches, invitation.learns) == ({"Go": 3}, {"Python": 3})


def test_nico_finds_the_sheets_skills_on_his_profile_after_accepting(alice: Any) -> None:
    program = program_for(alice)
    batch = check(alice, program, **JOINED)
    import_now(alice, program, batch.pk)
    token = invitation_token(Invitation.objects.get(email="nico@example.com"))

    enrolment = invitation_accept(
        token=token, password="a long pass phrase 42", display_name="Nico"
    )

    assert taught(enrolment.user) == {"Go": 3}
    assert wanted(enrolment.user) == {"Python": 3}


def test_every_missing_skill_column_is_named_and_nothing_is_imported(
    alice: Any, make_user: Any
) -> None:
    program = program_for(alice)
    make_user("dana@example.com")
    mapping = {**JOINED, "teaches": "HaveWorkedLanguage,HaveWorkedDatabase,HaveWorkedPlatform"}
    batch = check(alice, program, **mapping)

    errors = batch.report["errors"]
    assert [(e["row"], e["column"]) for e in errors] == [
        (1, "HaveWorkedDatabase"),
        (1, "HaveWorkedPlatform"),
    ]
    assert errors[0]["message"].startswith(
        "there is no column 'HaveWorkedDatabase' for teaches; the file has 'Email', "
    )
    with pytest.raises(ImportFailed):
        import_commit(user=alice, program=program, batch_id=batch.pk)
    assert Enrolment.objects.count() == Invitation.objects.count() == Teaching.objects.count() == 0


def test_a_bad_level_names_the_column_it_was_written_in(alice: Any) -> None:
    program = program_for(alice)
    text = SURVEY.replace("Django;python:5", "Django:expert")

    (error,) = check(alice, program, text, **JOINED).report["errors"]

    assert (error["row"], error["column"]) == (2, "HaveWorkedFramework")
    assert "got 'expert' in 'Django:expert'" in error["message"]


def test_a_list_of_columns_for_the_team_is_refused(alice: Any) -> None:
    program = program_for(alice)

    (error,) = check(alice, program, **JOINED, team="Country,Email").report["errors"]

    assert error["message"] == (
        "team is read from one column, so it can't join 'Country,Email'; only teaches and "
        "learns can join several columns."
    )


def test_the_api_takes_several_columns_for_teaches(client: Any, alice: Any) -> None:
    program = program_for(alice)
    assert client.login(email=alice.email, password=PASSWORD)
    upload = SimpleUploadedFile("survey.csv", SURVEY.encode())

    response = client.post(f"/api/programs/{program.pk}/imports", {"file": upload, **JOINED})

    assert response.status_code == 201, response.content
    batch = response.json()
    assert batch["report"]["rows"][0]["teaches"] == {"Python": 5, "SQL": 3, "Django": 3}
    done = client.post(f"/api/programs/{program.pk}/imports/{batch['id']}/commit")
    assert done.status_code == 202
    import_execute(batch["id"], done.json()["attempt"])  # the worker's part
    assert Invitation.objects.count() == 2


def test_the_import_page_joins_columns_and_refuses_a_list_for_the_team(
    client: Any, alice: Any
) -> None:
    program = program_for(alice)
    assert client.login(email=alice.email, password=PASSWORD)
    url = f"/programs/{program.pk}/import/"
    fields = {"col_teaches": JOINED["teaches"], "col_learns": JOINED["learns"]}

    refused = client.post(url, {"file": SimpleUploadedFile("s.csv", SURVEY.encode()),
                                **fields, "col_team": "Country, Email"})  # fmt: skip
    checked = client.post(url, {"file": SimpleUploadedFile("s.csv", SURVEY.encode()), **fields})

    assert refused.status_code == 200
    assert "only teaches and learns can join several columns" in refused.content.decode()
    assert checked.status_code == 302
    report = client.get(checked["Location"]).content.decode()
    assert "Python, SQL, Django" in report and "HaveWorkedLanguage, HaveWorkedFramework" in report


def test_a_report_without_skill_columns_shows_no_skill_columns(client: Any, alice: Any) -> None:
    program = program_for(alice)
    assert client.login(email=alice.email, password=PASSWORD)
    batch = check(alice, program, "email,name\nnico@example.com,Nico\n")

    page = client.get(f"/programs/{program.pk}/import/{batch.pk}/")

    assert page.status_code == 200
    assert "Teaches" not in page.content.decode()


def test_a_skill_name_too_long_to_store_names_its_column_in_the_dry_run(alice: Any) -> None:
    program = program_for(alice)
    text = SURVEY.replace("Django;python:5", "Django;" + "Very long framework name " * 4)

    (error,) = check(alice, program, text, **JOINED).report["errors"]

    assert (error["row"], error["column"]) == (2, "HaveWorkedFramework")
    assert "is over 80 characters; shorten it" in error["message"]
