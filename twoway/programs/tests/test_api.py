"""The programs API: the same services as the pages, every refusal with its code."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile

from conftest import PASSWORD
from twoway.partnerships.models import Partnership
from twoway.programs.imports import import_execute
from twoway.programs.models import Enrolment, Program
from twoway.programs.rounds import round_execute
from twoway.programs.tests.helpers import accept_invitations, enrol, members, program_for


def login(client: Any, user: Any) -> None:
    assert client.login(email=user.email, password=PASSWORD)


def test_a_program_manager_creates_and_updates_a_program(client: Any, alice: Any) -> None:
    Group.objects.get_or_create(name="Program managers")[0].user_set.add(alice)
    login(client, alice)
    body = {"name": "Spring", "mode": "mentor-mentee", "reverse_weight": 0.8,
            "questions": ["What do you hope to learn?"]}  # fmt: skip
    response = client.post("/api/programs", body, content_type="application/json")
    assert response.status_code == 201, response.content
    data = response.json()
    assert (data["mode"], data["reverse_weight"], data["managing"]) == ("mentor-mentee", 0.8, True)
    assert data["questions"][0]["label"] == "What do you hope to learn?"

    url = f"/api/programs/{data['id']}"
    patched = client.patch(url, {"exclude_same_team": True}, content_type="application/json")
    assert patched.status_code == 200
    assert patched.json()["exclude_same_team"] is True
    assert patched.json()["name"] == "Spring"


def test_a_member_cannot_create_a_program(client: Any, charlie: Any) -> None:
    login(client, charlie)
    response = client.post("/api/programs", {"name": "X"}, content_type="application/json")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "forbidden"


def test_another_managers_program_is_not_found_and_a_participant_is_forbidden(
    client: Any, alice: Any, bob: Any, charlie: Any
) -> None:
    program = program_for(bob)
    Enrolment.objects.create(program=program, user=charlie)
    login(client, alice)
    for url in (f"/api/programs/{program.pk}", f"/api/programs/{program.pk}/dashboard"):
        assert client.get(url).status_code == 404
    assert client.post(f"/api/programs/{program.pk}/rounds").status_code == 404
    client.logout()
    login(client, charlie)
    assert client.get(f"/api/programs/{program.pk}").status_code == 200
    assert client.get(f"/api/programs/{program.pk}/participants").status_code == 403
    assert client.post(f"/api/programs/{program.pk}/rounds").status_code == 403


def test_an_import_is_checked_then_committed(client: Any, alice: Any, make_user: Any) -> None:
    program = program_for(alice)
    make_user("dana@example.com")
    login(client, alice)
    upload = SimpleUploadedFile(
        "people.csv", b"Mail;Rolle\ndana@example.com;mentor\nnew@example.com;\n"
    )
    response = client.post(
        f"/api/programs/{program.pk}/imports", {"file": upload, "email": "Mail", "role": "Rolle"}
    )
    assert response.status_code == 201, response.content
    batch = response.json()
    assert batch["report"]["counts"] == {"invite": 2, "already": 0, "errors": 0}
    assert Enrolment.objects.count() == 0

    done = client.post(f"/api/programs/{program.pk}/imports/{batch['id']}/commit")
    assert done.status_code == 202
    assert done.json()["status"] == "queued"
    import_execute(batch["id"], done.json()["attempt"])  # the worker's part
    status = client.get(f"/api/programs/{program.pk}/imports/{batch['id']}").json()
    assert (status["status"], status["progress"]) == ("committed", 1.0)
    assert Enrolment.objects.count() == 0  # Dana, a member, is invited like anyone
    invited = client.get(f"/api/programs/{program.pk}/invitations").json()
    assert [(i["email"], i["role"], i["status"]) for i in invited] == [
        ("dana@example.com", "mentor", "invited"),
        ("new@example.com", "either", "invited"),
    ]
    accept_invitations(program)
    assert Enrolment.objects.get().role == "mentor"
    again = client.post(f"/api/programs/{program.pk}/imports/{batch['id']}/commit")
    assert again.status_code == 409


def test_a_bad_import_answers_422_naming_row_and_column(client: Any, alice: Any) -> None:
    program = program_for(alice)
    login(client, alice)
    upload = SimpleUploadedFile("p.csv", b"email,capacity\na@example.com,1\nb@example.com,lots\n")
    batch = client.post(f"/api/programs/{program.pk}/imports", {"file": upload}).json()

    response = client.post(f"/api/programs/{program.pk}/imports/{batch['id']}/commit")

    assert response.status_code == 422
    assert response.json()["error"]["fields"][0]["field"] == "row 3, column 'capacity'"
    assert Enrolment.objects.count() == 0


def test_a_round_runs_is_previewed_locked_and_published_once(client: Any, alice: Any) -> None:
    program = program_for(alice)
    people = members(30)
    enrol(program, people)
    login(client, alice)
    started = client.post(f"/api/programs/{program.pk}/rounds")
    assert started.status_code == 202
    round_id = started.json()["id"]
    assert round_execute(round_id, started.json()["attempt"]) == "proposed"
    base = f"/api/programs/{program.pk}/rounds/{round_id}"
    assert client.get(base).json()["status"] == "proposed"

    preview = client.get(f"{base}/preview").json()
    assert preview["pairs"] and preview["pairs"][0]["why"]
    rule = {"a": people[0].pk, "b": people[1].pk, "kind": "lock"}
    locked = client.post(f"/api/programs/{program.pk}/rules", rule, content_type="application/json")
    assert locked.status_code == 200
    rerun = client.post(f"{base}/rerun").json()
    assert round_execute(round_id, rerun["attempt"]) == "proposed"
    pairs = client.get(f"{base}/preview").json()["pairs"]
    assert any({p["a"], p["b"]} == {people[0].pk, people[1].pk} and p["locked"] for p in pairs)

    first = client.post(f"{base}/publish").json()
    second = client.post(f"{base}/publish").json()
    assert first["created"] == len(pairs) and second["created"] == 0
    assert Partnership.objects.count() == len(pairs)
    dashboard = client.get(f"/api/programs/{program.pk}/dashboard").json()
    funnel = dashboard["charts"][0]
    assert funnel["key"] == "funnel"
    assert dict((r["label"], r["value"]) for r in funnel["rows"])["Matched"] == 2 * len(pairs)


def test_a_member_joins_an_open_program_with_answers(client: Any, alice: Any, bob: Any) -> None:
    program = program_for(alice, open_enrolment=True)
    Program.objects.filter(pk=program.pk).update(
        questions=[{"key": "goal", "label": "Your goal?", "required": True}]
    )
    login(client, bob)
    url = f"/api/programs/{program.pk}/join"
    missing = client.post(url, {"role": "mentee"}, content_type="application/json")
    assert missing.status_code == 422
    joined = client.post(
        url, {"role": "mentee", "answers": {"goal": "SQL"}}, content_type="application/json"
    )
    assert joined.status_code == 201
    assert joined.json()["answers"] == {"goal": "SQL"}
    assert (
        client.post(url, {"answers": {"goal": "x"}}, content_type="application/json").status_code
        == 409
    )


def test_the_participants_list_gives_the_member_ids_that_pairs_are_added_by(
    client: Any, alice: Any, bob: Any, charlie: Any
) -> None:
    program = program_for(alice)
    for person in (bob, charlie):
        Enrolment.objects.create(program=program, user=person)
    login(client, alice)
    response = client.get(f"/api/programs/{program.pk}/participants")
    assert response.status_code == 200, response.content
    rows = response.json()
    rows = rows["items"] if isinstance(rows, dict) else rows
    assert {(r["email"], r["user_id"]) for r in rows} >= {
        (bob.email, bob.pk),
        (charlie.email, charlie.pk),
    }
