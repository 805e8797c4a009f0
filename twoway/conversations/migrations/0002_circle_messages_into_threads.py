"""Copy the circles' old discussion (network.CircleMessage) into each circle's thread.

Every old message becomes a Message of its circle's Thread (made when the circle has none yet)
with the same author, text and time, inserted oldest first so that ids keep their order. The
next network migration then drops the old table. Going back keeps the copies in the threads.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations

BATCH = 500


def copy_circle_messages(apps: Any, schema_editor: Any) -> None:
    CircleMessage = apps.get_model("network", "CircleMessage")
    Thread = apps.get_model("conversations", "Thread")
    Message = apps.get_model("conversations", "Message")
    threads: dict[int, int] = {}
    batch: list[Any] = []
    for old in CircleMessage.objects.order_by("created_at", "id").iterator(chunk_size=BATCH):
        if old.circle_id not in threads:
            thread, _ = Thread.objects.get_or_create(circle_id=old.circle_id)
            threads[old.circle_id] = thread.pk
        batch.append(
            Message(
                thread_id=threads[old.circle_id],
                author_id=old.author_id,
                text=old.text,
                created_at=old.created_at,
            )
        )
        if len(batch) == BATCH:
            Message.objects.bulk_create(batch)
            batch = []
    Message.objects.bulk_create(batch)


class Migration(migrations.Migration):
    dependencies = [
        ("conversations", "0001_initial"),
        ("network", "0002_circle_queue"),
    ]

    operations = [migrations.RunPython(copy_circle_messages, migrations.RunPython.noop)]
