"""The learning log and the two-way balance with its plain-words reading."""

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from twoway.core.errors import Refused
from twoway.partnerships.learning import balance_index, balance_of, learning_log
from twoway.partnerships.models import Partnership
from twoway.partnerships.services import partnership_end
from twoway.partnerships.tests.helpers import partner, snapshot, swap_profiles


@pytest.fixture
def partnership(alice: Any, bob: Any) -> Partnership:
    swap_profiles(alice, bob)
    return partner(alice, bob)


def _log(user: Any, partnership: Partnership, times: int, kind: str = "learned") -> None:
    for n in range(times):
        learning_log(
            user=user, partnership=partnership, kind=kind, text=f"Note {n}", skills=["SQL"]
        )


def test_nothing_logged_reads_nothing_logged_yet(partnership: Partnership) -> None:
    balance = balance_of(partnership)
    assert (balance.index, balance.reading, balance.total) == (0.0, "Nothing logged yet", 0)


def test_learning_both_ways_reads_evenly(alice: Any, bob: Any, partnership: Partnership) -> None:
    _log(alice, partnership, 2)
    _log(bob, partnership, 2)
    balance = balance_of(partnership)
    assert balance.index == 1.0
    assert balance.reading == "Learning flows both ways evenly"


def test_mostly_one_way_names_who_teaches_whom(
    alice: Any, bob: Any, partnership: Partnership
) -> None:
    _log(bob, partnership, 3)  # Bob learned from Alice three times
    _log(alice, partnership, 1)
    balance = balance_of(partnership)
    assert balance.index == pytest.approx(1 / 3)
    assert balance.reading == "Learning flows mostly from Alice to Bob"


def test_only_one_way_says_so(alice: Any, bob: Any, partnership: Partnership) -> None:
    _log(alice, partnership, 1)
    assert balance_of(partnership).reading == "So far learning flows only from Bob to Alice"


def test_what_i_shared_counts_for_my_partners_learning_without_double_counting(
    alice: Any, bob: Any, partnership: Partnership
) -> None:
    _log(alice, partnership, 2, kind="shared")  # Alice taught Bob twice
    _log(bob, partnership, 1)  # Bob logged one of those
    balance = balance_of(partnership)
    to_bob = balance.one if balance.one.learner == bob else balance.two
    assert (to_bob.learned, to_bob.shared, to_bob.count) == (1, 2, 2)
    assert to_bob.skills == ("SQL",)


def test_four_entries_one_way_is_one_sided(alice: Any, partnership: Partnership) -> None:
    _log(alice, partnership, 3)
    assert not balance_of(partnership).one_sided
    _log(alice, partnership, 1)
    assert balance_of(partnership).one_sided


def test_the_index_is_min_over_max() -> None:
    assert (balance_index(0, 0), balance_index(3, 0), balance_index(2, 4)) == (0.0, 0.0, 0.5)


def test_a_bad_kind_an_empty_text_or_an_ended_partnership_is_refused(
    alice: Any, partnership: Partnership
) -> None:
    with pytest.raises(ValidationError):
        learning_log(user=alice, partnership=partnership, kind="stole", text="x")
    with pytest.raises(ValidationError):
        learning_log(user=alice, partnership=partnership, text="  ")
    partnership_end(user=alice, partnership=partnership)
    before = snapshot()
    with pytest.raises(Refused):
        learning_log(user=alice, partnership=partnership, text="Late")
    assert snapshot() == before
