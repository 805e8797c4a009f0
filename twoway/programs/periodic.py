"""Periodic jobs of programs: queue again the match rounds and imports whose worker died.

Registered with :mod:`twoway.core.scheduler` (the notifications app imports this module at
start-up). A round or import whose heartbeat has been silent for ``WORKER_HEARTBEAT_SECONDS`` lost
its worker (killed, restarted, machine gone): it is queued as a new attempt, which starts clean.
Opening the round or import page does the same at once.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from twoway.core.scheduler import periodic
from twoway.programs.imports import imports_revive_lost
from twoway.programs.rounds import rounds_revive_lost


@periodic("programs.revive_lost_work", every=timedelta(minutes=1))
def revive_lost_work(now: datetime) -> int:
    """Queue again every round and import that lost its worker; returns how many."""
    return rounds_revive_lost() + imports_revive_lost()
