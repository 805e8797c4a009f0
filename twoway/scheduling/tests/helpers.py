"""Helpers for the scheduling tests: partners in two time zones, and their weekly windows."""

from __future__ import annotations

from datetime import time
from typing import Any

from django.test import Client

from twoway.partnerships.models import Partnership
from twoway.partnerships.tests.helpers import partner, swap_profiles
from twoway.people.models import Profile
from twoway.scheduling.services import availability_set
from twoway.scheduling.slots import Window

BERLIN, NEW_YORK = "Europe/Berlin", "America/New_York"


def every_day(user: Any, start: int, end: int) -> None:
    """``user`` is free every day from ``start`` to ``end`` o'clock, in their own zone."""
    availability_set(user=user, windows=[Window(d, time(start), time(end)) for d in range(7)])


def berlin_and_new_york(alice: Any, bob: Any) -> Partnership:
    """Alice lives in Berlin and Bob in New York; they are partners, with no availability yet."""
    swap_profiles(alice, bob)
    Profile.objects.filter(user=alice).update(timezone=BERLIN)
    Profile.objects.filter(user=bob).update(timezone=NEW_YORK)
    alice.refresh_from_db()
    bob.refresh_from_db()
    return partner(alice, bob)


def free_most_days(alice: Any, bob: Any) -> None:
    """Alice 08:00–23:00 Berlin, Bob 06:00–20:00 New York: both free 12:00–21:00 UTC, daily."""
    every_day(alice, 8, 23)
    every_day(bob, 6, 20)


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client
