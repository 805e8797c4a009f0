"""The suggestions page in words: Alice sees Bob (two-way, with a percentage), and Charlie and
Priya, who fit only one way, in labelled sections of their own without a percentage. Every
"Ask to partner" link's accessible name starts with its visible text (WCAG label-in-name)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

import pytest
from django.test import Client

from twoway.partnerships.suggestions import suggestions_for
from twoway.partnerships.tests.helpers import login, swap_profiles
from twoway.people.tests.helpers import make_complete

THEY_TEACH = "They could teach you, but want nothing you teach yet"
I_TEACH = "They want what you teach, but teach nothing you want yet"


@pytest.fixture
def people(alice: Any, bob: Any, charlie: Any, priya: Any) -> None:
    swap_profiles(alice, bob)
    make_complete(charlie, teaches={"Figma": 4}, learns={"Excel": 2})  # only gives to Alice
    make_complete(priya, teaches={"Excel": 3}, learns={"SQL": 2})  # only takes from Alice


def _sections(page: str) -> dict[str, str]:
    """Each suggestion section's heading → the section's HTML."""
    found = re.findall(r'<section class="suggestion-group".*?<h2[^>]*>(.*?)</h2>(.*?)</section>',
                       page, flags=re.S)  # fmt: skip
    return {title: body for title, body in found}


def test_each_kind_of_fit_gets_its_own_group_in_order(alice: Any, people: None) -> None:
    groups = suggestions_for(user=alice).groups
    assert [(g.kind, [s.profile.display_name for s in g.items]) for g in groups] == [
        ("two_way", ["Bob"]),
        ("they_teach", ["Charlie"]),
        ("i_teach", ["Priya"]),
    ]


def test_one_way_people_are_listed_under_their_own_heading_without_a_percentage(
    client: Client, alice: Any, people: None
) -> None:
    page = login(client, alice).get("/suggestions/").content.decode()
    sections = _sections(page)
    assert list(sections) == ["You can learn from each other", THEY_TEACH, I_TEACH]
    assert "Bob" in sections["You can learn from each other"]
    assert "match-percent" in sections["You can learn from each other"]
    assert "Charlie" in sections[THEY_TEACH] and "Priya" in sections[I_TEACH]
    assert "% match" not in sections[THEY_TEACH] + sections[I_TEACH]
    assert "match-percent" not in sections[THEY_TEACH] + sections[I_TEACH]


class _Links(HTMLParser):
    """The links of a page: (visible text, full text a screen reader reads, aria-label)."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str, str | None]] = []
        self._open: list[Any] | None = None
        self._hidden_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "a":
            self._open = ["", "", found.get("aria-label")]
        elif tag == "span" and self._open is not None:
            hidden = "visually-hidden" in (found.get("class") or "")
            self._hidden_depth += 1 if hidden or self._hidden_depth else 0

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._open is not None:
            self.links.append((self._open[0].strip(), " ".join(self._open[1].split()),
                               self._open[2]))  # fmt: skip
            self._open = None
        elif tag == "span" and self._hidden_depth:
            self._hidden_depth -= 1

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._open[1] += data
            if not self._hidden_depth:
                self._open[0] += data


def test_ask_to_partner_links_are_named_by_their_visible_text_and_the_person(
    client: Client, alice: Any, people: None
) -> None:
    parser = _Links()
    parser.feed(login(client, alice).get("/suggestions/").content.decode())
    asks = [link for link in parser.links if link[0] == "Ask to partner"]
    assert {name for _, name, _ in asks} == {
        "Ask to partner with Bob", "Ask to partner with Charlie", "Ask to partner with Priya",
    }  # fmt: skip
    assert all(label is None for _, _, label in asks)  # no aria-label hiding the visible words
