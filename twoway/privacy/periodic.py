"""Periodic job of a member's data: the daily retention run (docs/security.md, "Data lifecycle").

Registered with :mod:`twoway.core.scheduler` (the notifications app imports this module at
start-up).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from twoway.core.scheduler import periodic
from twoway.privacy.retention import retention_run


@periodic("privacy.retention", every=timedelta(days=1))
def apply_retention(now: datetime) -> dict[str, int]:
    """Delete the rows and export files that have outlived their retention settings."""
    return retention_run(now=now)
