"""Members read the two-way balance as sentences ("Alice taught 4 things, Bob none yet"), never
as a raw index or "4 vs 0"."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from twoway.partnerships.learning import balance_of, learning_log
from twoway.partnerships.models import Partnership
from twoway.partnerships.tests.helpers import login, partner, swap_profiles


@pytest.fixture
def partnership(alice: Any, bob: Any) -> Partnership:
    swap_profiles(alice, bob)
    return partner(alice, bob)


def _bob_learns(partnership: Partnership, bob: Any, times: int) -> None:
    for n in range(times):
        learning_log(user=bob, partnership=partnership, text=f"Note {n}", skills=["SQL"])


def test_the_counts_read_as_a_sentence_naming_who_taught(
    alice: Any, bob: Any, partnership: Partnership
) -> None:
    assert balance_of(partnership).counts == ""
    _bob_learns(partnership, bob, 1)
    assert balance_of(partnership).counts == "Alice taught 1 thing, Bob none yet"
    _bob_learns(partnership, bob, 3)
    assert balance_of(partnership).counts == "Alice taught 4 things, Bob none yet"
    learning_log(user=alice, partnership=partnership, text="Figma frames", skills=["Figma"])
    assert balance_of(partnership).counts == "Alice taught 4 things, Bob taught 1"


def test_an_even_balance_says_each_taught_the_same(
    alice: Any, bob: Any, partnership: Partnership
) -> None:
    _bob_learns(partnership, bob, 2)
    for n in range(2):
        learning_log(user=alice, partnership=partnership, text=f"Figma {n}", skills=["Figma"])
    assert balance_of(partnership).counts == "Alice and Bob each taught 2 things"


def test_the_partnership_page_shows_sentences_and_no_index(
    client: Client, alice: Any, bob: Any, partnership: Partnership
) -> None:
    _bob_learns(partnership, bob, 4)
    page = login(client, bob).get(f"/partnerships/{partnership.pk}/").content.decode()
    assert "So far learning flows only from Alice to Bob" in page
    assert "Alice taught 4 things, Bob none yet." in page
    assert "What Bob taught Alice" in page and "What Alice taught Bob" in page
    assert "Balance index" not in page and " vs " not in page and "entries" not in page
