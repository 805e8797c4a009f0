"""Suggestions for Alice: two-way first, one-way ones low with the reason, hide and save."""

from typing import Any

import pytest
from django.test import Client

from twoway.partnerships.requests import request_create
from twoway.partnerships.suggestions import suggestion_mark, suggestions_for
from twoway.partnerships.tests.helpers import call, login, partner, swap_profiles
from twoway.people.tests.helpers import make_complete


@pytest.fixture
def people(alice: Any, bob: Any, make_user: Any) -> dict[str, Any]:
    swap_profiles(alice, bob)
    dave = make_user("dave@example.com", first_name="Dave")
    make_complete(dave, teaches={"Figma": 4}, learns={"Excel": 2})  # only gives to Alice
    erin = make_user("erin@example.com", first_name="Erin")
    make_complete(erin, teaches={"Excel": 3}, learns={"SQL": 2})  # only takes from Alice
    return {"bob": bob, "dave": dave, "erin": erin}


def _names(user: Any, **filters: Any) -> list[str]:
    return [s.profile.display_name for s in suggestions_for(user=user, **filters).items]


def test_two_way_ranks_first_and_one_way_says_why(alice: Any, people: dict[str, Any]) -> None:
    items = suggestions_for(user=alice).items
    assert [s.profile.display_name for s in items][0] == "Bob"
    assert items[0].explanation == (
        "You can teach Bob SQL (you: proficient, Bob wants it: high); "
        "Bob can teach you Figma (Bob: expert, you want it: high)"
    )
    caveats = {s.profile.display_name: s.caveat for s in items[1:]}
    assert caveats == {
        "Dave": "One way only: Dave doesn't want anything you teach yet.",
        "Erin": "One way only: Erin doesn't teach anything you want yet.",
    }
    assert items[0].percent > max(s.percent for s in items[1:])


def test_hidden_members_leave_the_list_and_saved_ones_are_kept(
    alice: Any, people: dict[str, Any]
) -> None:
    suggestion_mark(user=alice, other=people["bob"], kind="hidden")
    suggestion_mark(user=alice, other=people["dave"], kind="saved")
    assert "Bob" not in _names(alice)
    assert _names(alice, show="hidden") == ["Bob"]
    assert _names(alice, show="saved") == ["Dave"]


def test_closed_members_and_current_partners_are_not_suggested(
    alice: Any, bob: Any, people: dict[str, Any]
) -> None:
    make_complete(people["dave"], open_to_partners=False)
    assert "Dave" not in _names(alice)
    partner(alice, bob)
    make_complete(alice, capacity=2)
    assert "Bob" not in _names(alice)


def test_a_pending_request_is_flagged(alice: Any, bob: Any, people: dict[str, Any]) -> None:
    request_create(sender=alice, receiver=bob, message="Hi")
    bob_item = next(s for s in suggestions_for(user=alice).items if s.profile.user == bob)
    assert bob_item.pending


def test_an_unknown_skill_filter_finds_nobody(alice: Any, people: dict[str, Any]) -> None:
    found = suggestions_for(user=alice, skill="Qwzxv")
    assert found.items == [] and found.skill is None


def test_the_api_lists_marks_and_clears(client: Client, alice: Any, people: dict[str, Any]) -> None:
    api = login(client, alice)
    status, items = call(api, "get", "/api/suggestions")
    assert status == 200 and items[0]["member"]["handle"] == "bob"
    assert items[0]["two_way"] and items[0]["they_can_teach"][0]["skill"] == "Figma"
    assert call(api, "put", "/api/suggestions/bob/mark", {"kind": "hidden"})[1] == {
        "handle": "bob",
        "kind": "hidden",
    }
    assert "bob" not in [i["member"]["handle"] for i in call(api, "get", "/api/suggestions")[1]]
    assert call(api, "delete", "/api/suggestions/bob/mark")[0] == 204
    assert call(api, "put", "/api/suggestions/bob/mark", {"kind": "loved"})[0] == 422
    assert call(api, "put", "/api/suggestions/nobody/mark", {"kind": "saved"})[0] == 404
    assert call(api, "put", "/api/suggestions/alice/mark", {"kind": "saved"})[0] == 404


def test_hiding_a_suggestion_goes_back_only_to_a_page_of_this_site(
    client: Client, alice: Any, people: dict[str, Any]
) -> None:
    """A crafted form with next=https://evil.example must not become an open redirect."""
    page = login(client, alice)
    url = "/suggestions/bob/mark/"
    away = page.post(url, {"kind": "hidden", "next": "https://evil.example/phish"})
    assert away.status_code == 302 and away["Location"] == "/suggestions/"
    back = page.post(url, {"kind": "saved", "next": "/suggestions/?skill=sql"})
    assert back["Location"] == "/suggestions/?skill=sql"
