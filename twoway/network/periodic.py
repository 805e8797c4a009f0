"""Periodic job of the network: form circles among the members waiting in the circle queue.

Registered with :mod:`twoway.core.scheduler` (the notifications app imports this module at
start-up). The job runs hourly but only forms circles when :func:`queue_due` says so.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from twoway.core.scheduler import periodic
from twoway.network.circle_queue import queue_place


@periodic("network.circle_queue", every=timedelta(hours=1))
def place_waiting_members(now: datetime) -> int:
    """Form circles among the waiting members when due; returns how many were placed."""
    return queue_place(now=now).placed
