"""What a proposal refuses, and that a refusal changes nothing: Alice (Berlin) proposes, Bob (New
York) answers."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from twoway.core.errors import Refused
from twoway.partnerships.models import Partnership, Session
from twoway.partnerships.sessions import session_schedule
from twoway.scheduling.models import Proposal, ProposedSlot
from twoway.scheduling.services import (
    proposal_decline,
    proposal_pick,
    proposal_send,
    proposal_withdraw,
    slots_find,
)


def propose(user: Any, pair: Partnership, now: datetime | None = None) -> Proposal:
    found = slots_find(user=user, partnership=pair, now=now).offered
    return proposal_send(user=user, partnership=pair, starts=found[:3], now=now)


def state() -> tuple[Any, ...]:
    return (
        list(Proposal.objects.order_by("pk").values_list("pk", "status", "session")),
        ProposedSlot.objects.count(),
        Session.objects.count(),
    )


def refused(code: str, action: Any) -> str:
    before = state()
    with pytest.raises(Refused) as caught:
        action()
    assert caught.value.code == code
    assert state() == before
    return str(caught.value)


def test_alice_cannot_pick_from_her_own_proposal(alice: Any, pair: Partnership) -> None:
    proposal = propose(alice, pair)
    slot = proposal.slots.all()[0].pk
    message = refused(
        "own_proposal", lambda: proposal_pick(user=alice, proposal_id=proposal.pk, slot_id=slot)
    )
    assert "your partner picks" in message
    refused("own_proposal", lambda: proposal_decline(user=alice, proposal_id=proposal.pk))


def test_an_answered_proposal_cannot_be_answered_again(
    alice: Any, bob: Any, pair: Partnership
) -> None:
    proposal = propose(alice, pair)
    first, second = (s.pk for s in proposal.slots.all()[:2])
    proposal_pick(user=bob, proposal_id=proposal.pk, slot_id=first)
    message = refused(
        "proposal_closed",
        lambda: proposal_pick(user=bob, proposal_id=proposal.pk, slot_id=second),
    )
    assert "a time was picked" in message
    refused("proposal_closed", lambda: proposal_decline(user=bob, proposal_id=proposal.pk))
    refused("proposal_closed", lambda: proposal_withdraw(user=alice, proposal_id=proposal.pk))
    assert Session.objects.count() == 1


def test_a_time_from_another_proposal_is_not_offered_here(
    alice: Any, bob: Any, pair: Partnership
) -> None:
    proposal = propose(alice, pair)
    proposal_decline(user=bob, proposal_id=proposal.pk)
    other = propose(alice, pair)
    stale = proposal.slots.all()[0].pk
    refused(
        "slot_not_offered", lambda: proposal_pick(user=bob, proposal_id=other.pk, slot_id=stale)
    )


def test_a_time_that_has_passed_cannot_be_picked(alice: Any, bob: Any, pair: Partnership) -> None:
    last_week = timezone.now() - timedelta(days=7)
    proposal = propose(alice, pair, now=last_week)
    slot = proposal.slots.all()[0].pk
    message = refused(
        "slot_past", lambda: proposal_pick(user=bob, proposal_id=proposal.pk, slot_id=slot)
    )
    assert "passed" in message


def test_a_time_that_has_passed_cannot_be_proposed(alice: Any, pair: Partnership) -> None:
    past = [timezone.now().replace(microsecond=0) - timedelta(hours=1)]
    refused("slot_past", lambda: proposal_send(user=alice, partnership=pair, starts=past))


def test_a_time_taken_by_a_session_planned_since_cannot_be_picked(
    alice: Any, bob: Any, pair: Partnership
) -> None:
    proposal = propose(alice, pair)
    slot = proposal.slots.all()[0]
    at = slot.starts_at + timedelta(minutes=30)
    session_schedule(user=alice, partnership=pair, day=at.date(), at=at.time(), tz="UTC")
    refused("slot_taken", lambda: proposal_pick(user=bob, proposal_id=proposal.pk, slot_id=slot.pk))


def test_nothing_is_proposed_or_picked_once_the_partnership_has_ended(
    alice: Any, bob: Any, pair: Partnership
) -> None:
    proposal = propose(alice, pair)
    Partnership.objects.filter(pk=pair.pk).update(status=Partnership.Status.COMPLETED)
    slot = proposal.slots.all()[0].pk
    refused("not_active", lambda: proposal_pick(user=bob, proposal_id=proposal.pk, slot_id=slot))
    refused("not_active", lambda: proposal_decline(user=bob, proposal_id=proposal.pk))
    refused("not_active", lambda: slots_find(user=alice, partnership=pair))
    starts = [s.starts_at for s in proposal.slots.all()]
    refused("not_active", lambda: proposal_send(user=bob, partnership=pair, starts=starts))


def test_bob_answers_alices_proposal_before_sending_his_own(
    alice: Any, bob: Any, pair: Partnership
) -> None:
    propose(alice, pair)
    message = refused("proposal_waiting", lambda: propose(bob, pair))
    assert "Alice proposed times to meet" in message


def test_once_every_time_in_alices_proposal_has_passed_bob_may_propose(
    alice: Any, bob: Any, pair: Partnership
) -> None:
    stale = propose(alice, pair, now=timezone.now() - timedelta(days=20))
    mine = propose(bob, pair)
    stale.refresh_from_db()
    assert stale.status == Proposal.Status.EXPIRED and mine.is_open


def test_only_alice_may_withdraw_her_proposal(alice: Any, bob: Any, pair: Partnership) -> None:
    proposal = propose(alice, pair)
    with pytest.raises(PermissionDenied):
        proposal_withdraw(user=bob, proposal_id=proposal.pk)
    proposal.refresh_from_db()
    assert proposal.is_open


def test_a_time_that_is_not_free_for_both_is_refused_by_name(alice: Any, pair: Partnership) -> None:
    three_am = (timezone.now() + timedelta(days=2)).replace(
        hour=3, minute=0, second=0, microsecond=0
    )  # 04:00 or 05:00 in Berlin, before Alice's day
    with pytest.raises(ValidationError) as caught:
        proposal_send(user=alice, partnership=pair, starts=[three_am])
    assert "not free for you both" in caught.value.message_dict["slots"][0]
    assert not Proposal.objects.exists()


def test_a_proposal_holds_one_to_five_times(alice: Any, pair: Partnership) -> None:
    found = slots_find(user=alice, partnership=pair, minutes=30).offered
    many = [*found, *(s + timedelta(minutes=30) for s in found)]
    for starts in ([], many):
        with pytest.raises(ValidationError) as caught:
            proposal_send(user=alice, partnership=pair, starts=starts, minutes=30)
        assert "slots" in caught.value.message_dict


def test_a_link_must_be_a_web_address(alice: Any, pair: Partnership) -> None:
    found = slots_find(user=alice, partnership=pair).offered
    with pytest.raises(ValidationError) as caught:
        proposal_send(user=alice, partnership=pair, starts=found[:1], link="javascript:alert(1)")
    assert "link" in caught.value.message_dict


def test_the_database_holds_one_open_proposal_per_partnership(
    alice: Any, pair: Partnership
) -> None:
    from django.db import IntegrityError, transaction

    propose(alice, pair)
    with pytest.raises(IntegrityError), transaction.atomic():
        Proposal.objects.create(partnership=pair, proposer=alice)
    assert Proposal.objects.filter(status="open").count() == 1
