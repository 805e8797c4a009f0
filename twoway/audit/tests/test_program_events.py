"""A manager's import and a published round are each one entry naming the manager."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse

from twoway.audit.models import AuditEvent
from twoway.audit.tests.conftest import only
from twoway.programs.imports import import_check, import_commit
from twoway.programs.models import Round
from twoway.programs.rounds import round_execute, round_start
from twoway.programs.tests.helpers import enrol, members, program_for


def test_priya_importing_a_file_records_one_entry_with_the_program_as_target(
    priya: Any,
) -> None:
    program = program_for(priya)
    data = b"email,name\ndana@example.com,Dana\nnico@example.com,Nico\n"
    batch = import_check(user=priya, program=program, filename="spring.csv", data=data, mapping={})
    import_commit(user=priya, program=program, batch_id=batch.pk)
    import_commit(user=priya, program=program, batch_id=batch.pk)  # a second click: queued already

    entry = only("import.commit")
    assert (entry.actor, entry.target_type, entry.target_id) == (
        priya, "programs.program", str(program.pk)
    )  # fmt: skip
    assert entry.detail == {"file": "spring.csv", "batch": batch.pk}


def test_priya_publishing_a_round_records_one_entry_even_when_she_clicks_twice(
    client: Client, priya: Any
) -> None:
    program = program_for(priya)
    enrol(program, members(12))
    round_ = round_start(user=priya, program=program)
    assert round_execute(round_.pk, round_.attempt) == "proposed"
    client.force_login(priya)
    url = reverse("programs:round_publish", args=[program.pk, round_.pk])

    client.post(url, {"reviewed": "on"})
    client.post(url, {"reviewed": "on"})

    entry = only("round.publish")
    assert (entry.actor, entry.target_type, entry.target_id) == (
        priya, "programs.round", str(round_.pk)
    )  # fmt: skip
    assert entry.detail == {"created": round_.pairs.count(), "linked": 0}
    assert entry.ip == "127.0.0.1"
    assert Round.objects.get(pk=round_.pk).status == "published"
    assert AuditEvent.objects.filter(action="round.publish").count() == 1
