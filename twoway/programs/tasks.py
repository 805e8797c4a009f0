"""Background work for programs, run by `twoway db_worker`."""

from __future__ import annotations

from django_tasks import task


@task()
def run_round(round_id: int, attempt: int) -> str:
    """Run one attempt of a match round (see :func:`twoway.programs.rounds.round_execute`)."""
    from twoway.programs.rounds import round_execute

    return round_execute(round_id, attempt)


@task()
def tell_matched(round_id: int) -> int:
    """Notify both partners of every pair of a published round (safe to run twice)."""
    from twoway.programs.publish import round_tell

    return round_tell(round_id)


@task()
def run_import(batch_id: int, attempt: int) -> str:
    """Import a checked file, all or nothing (:func:`twoway.programs.imports.import_execute`)."""
    from twoway.programs.imports import import_execute

    return import_execute(batch_id, attempt)


@task()
def announce_batch(batch_id: int) -> int:
    """Email the invitations of an import once it is committed (safe to run twice)."""
    from twoway.programs.services import invitations_send

    return invitations_send(batch_id=batch_id)


@task()
def announce_import(enrolment_ids: list[int], invitation_ids: list[int]) -> int:
    """Before imports invited everyone: welcome the members an import enrolled and email its
    invitations (kept for tasks queued by an older version; safe to run twice)."""
    from twoway.programs.services import import_announce

    return import_announce(enrolment_ids=enrolment_ids, invitation_ids=invitation_ids)
