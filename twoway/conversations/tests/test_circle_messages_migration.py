"""The circles' old discussion moves into their threads when the database migrates.

The database goes back to where ``network.CircleMessage`` still exists, Ana and Sam's old
messages are written there, and migrating forward leaves them in the circle's thread, in order,
with their authors and times; the old table is gone.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from twoway.conversations.models import Message, Thread

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("conversations", "0001_initial"), ("network", "0002_circle_queue")]
AFTER = [("conversations", "0002_circle_messages_into_threads"),
         ("network", "0003_circle_messages_moved_to_conversations")]  # fmt: skip


def migrate(targets: list[tuple[str, str]]) -> Any:
    """Migrate to ``targets``; the historical apps at that state."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


def test_old_circle_messages_arrive_in_the_circles_thread_in_order(make_user: Any) -> None:
    ana, sam = make_user("ana@example.com"), make_user("sam@example.com")
    old = migrate(BEFORE)
    circle = old.get_model("network", "Circle").objects.create(name="Design circle")
    quiet = old.get_model("network", "Circle").objects.create(name="Quiet circle")
    CircleMessage = old.get_model("network", "CircleMessage")
    start = timezone.now() - timedelta(days=3)
    # Written out of order on purpose: the copy follows the time they were written.
    for minutes, author, text in [(2, sam, "Friday works"), (0, ana, "Hello"), (1, ana, "When?")]:
        CircleMessage.objects.create(
            circle_id=circle.pk,
            author_id=author.pk,
            text=text,
            created_at=start + timedelta(minutes=minutes),
        )
    migrate(AFTER)
    thread = Thread.objects.get(circle_id=circle.pk)
    rows = list(thread.messages.order_by("id"))
    assert [(m.author_id, m.text) for m in rows] == [
        (ana.pk, "Hello"),
        (ana.pk, "When?"),
        (sam.pk, "Friday works"),
    ]
    assert [m.created_at for m in rows] == [start + timedelta(minutes=i) for i in range(3)]
    assert not Thread.objects.filter(circle_id=quiet.pk).exists()
    assert Message.objects.count() == 3
    assert "network_circlemessage" not in connection.introspection.table_names()
