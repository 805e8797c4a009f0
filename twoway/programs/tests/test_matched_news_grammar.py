"""The "you're matched" news reads right for each partner: Alice is told "you teach Bob SQL; Bob
teaches you Figma", Bob the reverse, never "you teaches" nor the engine's "4 vs 1" levels."""

from __future__ import annotations

from typing import Any

from twoway.notifications.models import Notification
from twoway.partnerships.tests.helpers import swap_profiles
from twoway.programs.models import Round, RoundPair
from twoway.programs.publish import matched_news, round_publish, round_tell
from twoway.programs.rounds import round_execute, round_start
from twoway.programs.tests.helpers import enrol, program_for


def _published_pair(priya: Any, alice: Any, bob: Any) -> Round:
    swap_profiles(alice, bob)
    program = program_for(priya)
    enrol(program, [alice, bob])
    round_ = round_start(user=priya, program=program)
    assert round_execute(round_.pk, round_.attempt) == "proposed"
    round_publish(user=priya, round_=Round.objects.get(pk=round_.pk))
    return round_


def test_each_partner_reads_the_news_in_their_own_words(priya: Any, alice: Any, bob: Any) -> None:
    round_ = _published_pair(priya, alice, bob)
    assert round_tell(round_.pk) == 2
    news = {n.recipient.first_name: n.body for n in Notification.objects.all()}
    assert news["Alice"].startswith(
        "Learning flows both ways: you teach Bob SQL; Bob teaches you Figma."
    )
    assert news["Bob"].startswith(
        "Learning flows both ways: you teach Alice Figma; Alice teaches you SQL."
    )
    assert not any("you teaches" in body or " vs " in body for body in news.values())


def test_a_one_way_pair_is_told_what_is_missing(alice: Any, bob: Any) -> None:
    swap_profiles(alice, bob)
    pair = RoundPair(member_low=alice, member_high=bob, low_teaches=[["SQL", 4, 0, 3],
                     ["Excel", 3, 1, 2]], high_teaches=[])  # fmt: skip
    assert matched_news(pair, alice) == (
        "You teach Bob SQL and Excel; Bob teaches nothing you want yet."
    )
    assert matched_news(pair, bob) == (
        "Alice wants nothing you teach yet; Alice teaches you SQL and Excel."
    )
