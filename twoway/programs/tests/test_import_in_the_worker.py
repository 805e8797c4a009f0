"""An import is committed by the worker, in chunks of short transactions, all or nothing.

Alice, a program manager, imports five people with IMPORT_CHUNK_ROWS=2: three chunks, each its
own transaction, so the database's write lock is held for one chunk at a time. Rows written by
earlier chunks stay staged (nobody sees them) until the last one, and a failure in a later chunk
leaves nothing behind.

transactional_db: the chunks must really commit one by one, as in the worker, which a test wrapped
in one transaction could not show.
"""

from __future__ import annotations

from typing import Any
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection

from conftest import PASSWORD
from twoway.core.errors import Refused
from twoway.programs import imports
from twoway.programs.imports import import_check, import_commit, import_execute
from twoway.programs.models import ImportBatch, Invitation
from twoway.programs.tests.helpers import program_for

pytestmark = pytest.mark.usefixtures("transactional_db")
FIVE = "email\n" + "".join(f"p{n}@example.com\n" for n in range(5))


@pytest.fixture
def batch(alice: Any, settings: Any) -> ImportBatch:
    settings.IMPORT_CHUNK_ROWS = 2
    program = program_for(alice)
    checked = import_check(
        user=alice, program=program, filename="five.csv", data=FIVE.encode(), mapping={}
    )
    return import_commit(user=alice, program=program, batch_id=checked.pk)


def test_the_commit_writes_three_chunks_each_in_its_own_short_transaction(
    batch: ImportBatch,
) -> None:
    seen: list[tuple[bool, int, int]] = []
    write = imports._write_chunk

    def watched(*args: Any) -> None:
        # No transaction spans the chunks, and what earlier chunks wrote is staged: invisible.
        live, staged = Invitation.objects.live().count(), Invitation.objects.count()
        seen.append((connection.in_atomic_block, live, staged))
        write(*args)

    with mock.patch.object(imports, "_write_chunk", watched):
        assert import_execute(batch.pk, batch.attempt) == "committed"

    assert seen == [(False, 0, 0), (False, 0, 2), (False, 0, 4)]
    batch.refresh_from_db()
    assert (batch.status, batch.progress) == ("committed", 1.0)
    assert Invitation.objects.live().count() == 5


def test_a_failure_in_a_later_chunk_leaves_nothing_and_can_be_tried_again(
    batch: ImportBatch, alice: Any
) -> None:
    write = imports._write_chunk
    staged_before_failure: list[int] = []

    def third_fails(*args: Any) -> None:
        if len(staged_before_failure) == 2:
            raise DatabaseError("disk I/O error")
        write(*args)
        staged_before_failure.append(Invitation.objects.count())

    with mock.patch.object(imports, "_write_chunk", third_fails):
        assert import_execute(batch.pk, batch.attempt) == "failed"

    assert staged_before_failure == [2, 4]  # two chunks had been written...
    assert Invitation.objects.count() == 0  # ...and are gone
    batch.refresh_from_db()
    assert batch.status == "failed"
    assert batch.error == ("The import stopped (disk I/O error); nothing was imported. Try again.")

    retried = import_commit(user=alice, program=batch.program, batch_id=batch.pk)
    assert import_execute(retried.pk, retried.attempt) == "committed"
    assert Invitation.objects.live().count() == 5


def test_the_page_queues_the_import_and_the_worker_commits_it(client: Any, alice: Any) -> None:
    program = program_for(alice)
    checked = import_check(
        user=alice, program=program, filename="five.csv", data=FIVE.encode(), mapping={}
    )
    assert client.login(email=alice.email, password=PASSWORD)
    url = f"/programs/{program.pk}/import/{checked.pk}/"

    response = client.post(url)

    assert response.status_code == 302
    assert Invitation.objects.count() == 0  # the request only queued it
    page = client.get(url).content.decode()
    assert "Waiting to start" in page and 'hx-trigger="every 1s"' in page

    call_command("db_worker", "--batch", "--no-reload", "--no-startup-delay", verbosity=0)

    assert Invitation.objects.live().count() == 5
    done = client.get(url + "progress/?was=running")
    assert done["HX-Refresh"] == "true"
    assert "Imported: 5 invited by email" in client.get(url).content.decode()


def test_a_second_import_waits_for_the_first(batch: ImportBatch, alice: Any) -> None:
    other = import_check(
        user=alice, program=batch.program, filename="more.csv",
        data=b"email\nq@example.com\n", mapping={},
    )  # fmt: skip

    with pytest.raises(Refused, match="Another import of this program is on its way"):
        import_commit(user=alice, program=batch.program, batch_id=other.pk)
