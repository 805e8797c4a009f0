"""Publishing a proposal creates partnerships and tells people, once."""

from __future__ import annotations

from typing import Any

import pytest

from twoway.core.errors import Refused
from twoway.notifications.models import Notification
from twoway.partnerships.models import Partnership
from twoway.programs.models import Round
from twoway.programs.publish import round_publish, round_tell
from twoway.programs.rounds import round_execute, round_start
from twoway.programs.tests.helpers import enrol, members, program_for


def proposed(manager: Any, program: Any) -> Round:
    round_ = round_start(user=manager, program=program)
    assert round_execute(round_.pk, round_.attempt) == "proposed"
    round_.refresh_from_db()
    return round_


def test_publishing_creates_a_partnership_per_pair_and_tells_both(
    alice: Any, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    # The news goes out from a task; the immediate backend runs it when publishing commits.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    program = program_for(alice)
    enrol(program, members(60))
    round_ = proposed(alice, program)
    pairs = round_.pairs.count()
    assert pairs > 10

    with django_capture_on_commit_callbacks(execute=True):
        result = round_publish(user=alice, round_=round_)

    assert result.created == pairs
    assert Partnership.objects.filter(status="active").count() == pairs
    assert Notification.objects.filter(kind="program_matched").count() == 2 * pairs
    assert not round_.pairs.filter(partnership__isnull=True).exists()
    assert round_tell(round_.pk) == 0  # the task run again tells nobody twice


def test_a_pair_already_partnered_keeps_its_partnership(alice: Any) -> None:
    program = program_for(alice)
    enrol(program, members(20))
    round_ = proposed(alice, program)
    pair = round_.pairs.first()
    assert pair is not None
    own = Partnership.objects.create(member_low=pair.member_low, member_high=pair.member_high)

    result = round_publish(user=alice, round_=round_)

    pair.refresh_from_db()
    assert pair.partnership == own
    assert result.linked == 1 and result.created == round_.pairs.count() - 1
    assert Partnership.objects.count() == round_.pairs.count()


def test_publishing_twice_creates_no_duplicates(alice: Any) -> None:
    program = program_for(alice)
    enrol(program, members(40))
    round_ = proposed(alice, program)
    round_publish(user=alice, round_=round_)
    partnerships = Partnership.objects.count()
    notifications = Notification.objects.count()

    again = round_publish(user=alice, round_=round_)

    assert again.created == 0
    assert Partnership.objects.count() == partnerships
    assert Notification.objects.count() == notifications


def test_a_published_round_cannot_be_run_again(alice: Any) -> None:
    program = program_for(alice)
    enrol(program, members(20))
    round_ = proposed(alice, program)
    round_publish(user=alice, round_=round_)
    from twoway.programs.rounds import round_rerun

    with pytest.raises(Refused):
        round_rerun(user=alice, round_=round_)


def test_a_round_still_running_cannot_be_published(alice: Any) -> None:
    program = program_for(alice)
    enrol(program, members(20))
    round_ = round_start(user=alice, program=program)
    with pytest.raises(Refused):
        round_publish(user=alice, round_=round_)
    assert Partnership.objects.count() == 0
