"""Background work for a member's data, run by `twoway db_worker`."""

from __future__ import annotations

from django_tasks import task


@task()
def build_data_export(export_id: int) -> bool:
    """Build one data export and tell its owner (see :func:`services.data_export_build`)."""
    from twoway.privacy.services import data_export_build

    return data_export_build(export_id)
