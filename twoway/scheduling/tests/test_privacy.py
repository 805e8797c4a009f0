"""Only Alice and Bob see or act on their proposals: Charlie (a stranger) and Dave (Alice's
partner in another partnership) get 404 everywhere, as if nothing existed; signed-out visitors
are sent to sign in (pages) or get 401 (API)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from twoway.partnerships.models import Partnership
from twoway.scheduling.models import Proposal
from twoway.scheduling.services import proposal_send, slots_find

from .helpers import signed_in


@pytest.fixture
def proposal(alice: Any, pair: Partnership) -> Proposal:
    found = slots_find(user=alice, partnership=pair).offered
    return proposal_send(user=alice, partnership=pair, starts=found[:2])


def targets(pair: Partnership, proposal: Proposal) -> list[tuple[str, str, Any]]:
    slot = proposal.slots.all()[0]
    p, s = pair.pk, proposal.pk
    offer = {"slots": [slot.starts_at.isoformat()], "minutes": "60"}
    return [
        ("get", f"/scheduling/partnerships/{p}/find-time/", None),
        ("get", f"/scheduling/partnerships/{p}/find-time/?minutes=60", None),
        ("post", f"/scheduling/partnerships/{p}/propose/", offer),
        ("post", f"/scheduling/proposals/{s}/pick/", {"slot": str(slot.pk)}),
        ("post", f"/scheduling/proposals/{s}/decline/", {}),
        ("post", f"/scheduling/proposals/{s}/withdraw/", {}),
    ]  # fmt: skip


def api_targets(pair: Partnership, proposal: Proposal) -> list[tuple[str, str, Any]]:
    slot = proposal.slots.all()[0]
    p, s = pair.pk, proposal.pk
    return [
        ("get", f"/api/partnerships/{p}/slots", None),
        ("get", f"/api/partnerships/{p}/proposals", None),
        ("post", f"/api/partnerships/{p}/proposals", {"slots": [slot.starts_at.isoformat()]}),
        ("get", f"/api/proposals/{s}", None),
        ("post", f"/api/proposals/{s}/pick", {"slot": slot.pk}),
        ("post", f"/api/proposals/{s}/decline", None),
        ("post", f"/api/proposals/{s}/withdraw", None),
    ]


def unchanged(proposal: Proposal) -> bool:
    proposal.refresh_from_db()
    return proposal.is_open and Proposal.objects.count() == 1


@pytest.mark.parametrize("outsider", ["charlie", "dave"])
def test_an_outsider_finds_no_page(
    request: pytest.FixtureRequest, pair: Partnership, proposal: Proposal, outsider: str
) -> None:
    client = signed_in(request.getfixturevalue(outsider))
    for method, url, data in targets(pair, proposal):
        assert getattr(client, method)(url, data).status_code == 404, url
    assert unchanged(proposal)


@pytest.mark.parametrize("outsider", ["charlie", "dave"])
def test_an_outsider_finds_nothing_in_the_api(
    request: pytest.FixtureRequest, pair: Partnership, proposal: Proposal, outsider: str
) -> None:
    client = signed_in(request.getfixturevalue(outsider))
    for method, url, body in api_targets(pair, proposal):
        response = getattr(client, method)(url, body, content_type="application/json")
        assert response.status_code == 404, url
        assert response.json()["error"]["code"] == "not_found"
    assert unchanged(proposal)


def test_a_visitor_is_asked_to_sign_in(
    client: Client, pair: Partnership, proposal: Proposal
) -> None:
    for method, url, data in targets(pair, proposal):
        response = getattr(client, method)(url, data)
        assert response.status_code == 302 and "/accounts/login/" in response.url, url
    for method, url, body in api_targets(pair, proposal):
        response = getattr(client, method)(url, body, content_type="application/json")
        assert response.status_code == 401, url
    assert unchanged(proposal)
