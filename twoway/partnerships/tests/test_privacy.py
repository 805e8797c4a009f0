"""Charlie is not in the pair: every page and endpoint answers 404 and nothing changes.

404 rather than 403, so an outsider can't even learn that a request or partnership exists.
"""

from datetime import date, time
from typing import Any

import pytest
from django.test import Client

from twoway.partnerships.goals import goal_add
from twoway.partnerships.models import Partnership, Request
from twoway.partnerships.requests import request_create
from twoway.partnerships.sessions import session_schedule
from twoway.partnerships.tests.helpers import call, login, partner, snapshot, swap_profiles
from twoway.people.tests.helpers import make_complete


@pytest.fixture
def world(alice: Any, bob: Any, charlie: Any, make_user: Any) -> dict[str, int]:
    swap_profiles(alice, bob)
    make_complete(charlie, teaches={"Go": 3}, learns={"SQL": 2})
    dave = make_user("dave@example.com", first_name="Dave")
    make_complete(dave, teaches={"Figma": 3}, learns={"SQL": 2})
    partnership = partner(alice, bob)
    goal = goal_add(user=alice, partnership=partnership, text="Figma basics")
    session = session_schedule(
        user=alice, partnership=partnership, day=date(2031, 1, 1), at=time(9), tz="UTC"
    )
    request = request_create(sender=dave, receiver=bob, message="Hi Bob")
    return {"p": partnership.pk, "g": goal.pk, "s": session.pk, "r": request.pk}


PAGES_GET = [
    "/partnerships/{p}/",
    "/partnerships/{p}/end/",
    "/partnerships/sessions/{s}.ics",
    "/partnerships/requests/{r}/",
]
PAGES_POST = [
    ("/partnerships/{p}/agreement/", {"cadence": "weekly"}),
    ("/partnerships/{p}/goals/", {"text": "Sneaky"}),
    ("/partnerships/goals/{g}/", {"progress": "90"}),
    (
        "/partnerships/{p}/sessions/",
        {"day": "2031-02-02", "at": "10:00", "tz": "UTC", "duration_minutes": "30"},
    ),
    ("/partnerships/sessions/{s}/status/", {"status": "cancelled"}),
    ("/partnerships/sessions/{s}/agenda/", {"text": "Sneaky"}),
    ("/partnerships/{p}/learning/", {"kind": "learned", "text": "Sneaky"}),
    ("/partnerships/{p}/end/", {"early": "1", "reason": "Sneaky"}),
    ("/partnerships/{p}/feedback/", {"rating": "1"}),
    ("/partnerships/{p}/levels/", {"level_sql": "5"}),
    ("/partnerships/{p}/calendar/regenerate/", {}),
    ("/partnerships/requests/{r}/accept/", {}),
    ("/partnerships/requests/{r}/decline/", {"reason": "Sneaky"}),
    ("/partnerships/requests/{r}/withdraw/", {}),
    ("/partnerships/requests/{r}/message/", {"text": "Sneaky"}),
]
API = [
    ("get", "/api/partnerships/{p}", None),
    ("get", "/api/partnerships/{p}/balance", None),
    ("get", "/api/partnerships/{p}/feedback", None),
    ("get", "/api/requests/{r}", None),
    ("get", "/api/sessions/{s}/ics", None),
    ("patch", "/api/partnerships/{p}/agreement", {"cadence": "weekly"}),
    ("post", "/api/partnerships/{p}/goals", {"text": "Sneaky"}),
    ("patch", "/api/goals/{g}", {"progress": 90}),
    (
        "post",
        "/api/partnerships/{p}/sessions",
        {"date": "2031-02-02", "time": "10:00", "timezone": "UTC"},
    ),
    ("post", "/api/sessions/{s}/status", {"status": "cancelled"}),
    ("post", "/api/sessions/{s}/agenda", {"text": "Sneaky"}),
    ("post", "/api/partnerships/{p}/learning", {"text": "Sneaky"}),
    ("post", "/api/partnerships/{p}/end", {"early": True, "reason": "Sneaky"}),
    ("post", "/api/partnerships/{p}/feedback", {"rating": 1}),
    ("post", "/api/partnerships/{p}/levels", {"skill": "SQL", "level": 5}),
    ("post", "/api/partnerships/{p}/calendar-token", {}),
    ("post", "/api/requests/{r}/accept", {}),
    ("post", "/api/requests/{r}/decline", {"reason": "Sneaky"}),
    ("post", "/api/requests/{r}/withdraw", {}),
    ("post", "/api/requests/{r}/messages", {"text": "Sneaky"}),
]


def test_charlie_gets_404_on_every_page_and_changes_nothing(
    client: Client, charlie: Any, world: dict[str, int]
) -> None:
    login(client, charlie)
    before = snapshot()
    for url in PAGES_GET:
        assert client.get(url.format(**world)).status_code == 404, url
    for url, data in PAGES_POST:
        assert client.post(url.format(**world), data).status_code == 404, url
    assert snapshot() == before


def test_charlie_gets_404_with_the_error_shape_on_every_endpoint(
    client: Client, charlie: Any, world: dict[str, int]
) -> None:
    login(client, charlie)
    before = snapshot()
    for method, url, body in API:
        status, answer = call(client, method, url.format(**world), body)
        assert status == 404, (method, url, answer)
        if answer is not None and "error" in answer:
            assert answer["error"]["code"] == "not_found"
    assert snapshot() == before


def test_lists_show_charlie_nothing_of_theirs(
    client: Client, charlie: Any, world: dict[str, int]
) -> None:
    login(client, charlie)
    assert call(client, "get", "/api/partnerships")[1] == []
    assert call(client, "get", "/api/requests")[1] == {"received": [], "sent": [], "closed": []}
    page = client.get("/partnerships/").content.decode()
    assert "Bob" not in page and "Dave" not in page


def test_signed_out_visitors_are_sent_to_log_in(client: Client, world: dict[str, int]) -> None:
    response = client.get(f"/partnerships/{world['p']}/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert call(client, "get", f"/api/partnerships/{world['p']}")[0] == 401
    assert (
        Partnership.objects.get().is_active and Request.objects.filter(status="open").count() == 1
    )
