"""Periodic nudges: tomorrow's session, no session for weeks, learning flowing one way.

Each goes once per period: running a job twice sends nothing new.
"""

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from twoway.accounts.models import User
from twoway.core import scheduler
from twoway.core.scheduler import registered_jobs
from twoway.notifications.models import Notification
from twoway.partnerships.learning import learning_log
from twoway.partnerships.models import Partnership
from twoway.partnerships.sessions import session_schedule
from twoway.partnerships.tests.helpers import partner, swap_profiles


@pytest.fixture
def partnership(alice: Any, bob: Any) -> Partnership:
    swap_profiles(alice, bob)
    made = partner(alice, bob)
    Notification.objects.all().delete()
    return made


def _run(name: str, now: Any = None) -> Any:
    return registered_jobs()[f"partnerships.{name}"].func(now or timezone.now())


def _kinds(user: Any) -> list[str]:
    return list(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


def test_both_partners_hear_about_tomorrows_session_once(
    alice: Any, bob: Any, partnership: Partnership
) -> None:
    soon = timezone.now() + timedelta(hours=20)
    session_schedule(user=alice, partnership=partnership, day=soon.date(), at=soon.time(), tz="UTC")
    Notification.objects.all().delete()
    assert _run("sessions_due_tomorrow") == 1
    _run("sessions_due_tomorrow")
    assert _kinds(alice) == _kinds(bob) == ["session_due_tomorrow"]


def test_a_session_next_week_is_not_reminded_yet(alice: Any, partnership: Partnership) -> None:
    later = timezone.now() + timedelta(days=7)
    session_schedule(
        user=alice, partnership=partnership, day=later.date(), at=later.time(), tz="UTC"
    )
    assert _run("sessions_due_tomorrow") == 0


def test_a_quiet_partnership_is_nudged_once_per_period(
    alice: Any, bob: Any, partnership: Partnership, settings: Any
) -> None:
    settings.PARTNERSHIP_QUIET_WEEKS = 3
    Partnership.objects.update(started_at=timezone.now() - timedelta(weeks=4))
    assert _run("no_recent_session") == 1
    _run("no_recent_session")
    assert _kinds(alice) == _kinds(bob) == ["no_recent_session"]
    title = Notification.objects.get(recipient=alice).title
    assert title == "You and Bob haven't met for 3 weeks"


def test_a_partnership_with_a_planned_session_is_not_quiet(
    alice: Any, partnership: Partnership
) -> None:
    Partnership.objects.update(started_at=timezone.now() - timedelta(weeks=8))
    soon = timezone.now() + timedelta(days=3)
    session_schedule(user=alice, partnership=partnership, day=soon.date(), at=soon.time(), tz="UTC")
    assert _run("no_recent_session") == 0


def test_a_new_partnership_is_not_quiet(partnership: Partnership) -> None:
    assert _run("no_recent_session") == 0


def test_one_sided_learning_is_nudged_once(alice: Any, bob: Any, partnership: Partnership) -> None:
    for n in range(4):
        learning_log(user=alice, partnership=partnership, text=f"Lesson {n}")
    assert _run("balance_one_sided") == 1
    _run("balance_one_sided")
    assert _kinds(alice) == _kinds(bob) == ["balance_one_sided"]
    assert "only from you to Alice" in Notification.objects.get(recipient=bob).title
    assert "only from Bob to you" in Notification.objects.get(recipient=alice).title


def test_balanced_learning_is_not_nudged(alice: Any, bob: Any, partnership: Partnership) -> None:
    for user in (alice, bob, alice, bob):
        learning_log(user=user, partnership=partnership, text="Lesson")
    assert _run("balance_one_sided") == 0


def test_the_jobs_read_partnerships_in_batches_and_nudge_each_once(
    alice: Any,
    bob: Any,
    partnership: Partnership,
    make_user: Any,
    settings: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Batches of one: three quiet partnerships take three reads (and a fourth that is empty).
    carol, dave, erin, frank = (
        make_user(f"{n}@example.com") for n in ("carol", "dave", "erin", "frank")
    )
    for first, second in ((carol, dave), (erin, frank)):
        swap_profiles(first, second)
        partner(first, second)
    settings.PARTNERSHIP_QUIET_WEEKS = 3
    Partnership.objects.update(started_at=timezone.now() - timedelta(weeks=4))
    Notification.objects.all().delete()
    monkeypatch.setattr(scheduler, "BATCH", 1)
    assert _run("no_recent_session") == 3
    everyone = (alice, bob, carol, dave, erin, frank)
    assert all(_kinds(user) == ["no_recent_session"] for user in everyone)


def test_in_batches_yields_every_row_once_in_key_order(make_user: Any) -> None:
    for n in range(5):
        make_user(f"member{n}@example.com")
    rows = User.objects.filter(email__startswith="member")
    batches = list(scheduler.in_batches(rows, size=2))
    assert [len(b) for b in batches] == [2, 2, 1]
    keys = [user.pk for batch in batches for user in batch]
    assert keys == sorted(keys) == list(rows.order_by("pk").values_list("pk", flat=True))
