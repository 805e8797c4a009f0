"""The demo's network is dense enough for the graph and "who can help with Kubernetes?"."""

from __future__ import annotations

from typing import Any

import pytest

from twoway.accounts.models import User
from twoway.core.demo.seed import demo_seed
from twoway.network.graph import network_of
from twoway.network.models import Circle, CircleLearning, CircleMeeting
from twoway.network.services import who_can_help

pytestmark = [pytest.mark.slow]


def test_sam_and_ana_reach_twenty_people_and_find_kubernetes_help(db: Any) -> None:
    demo_seed()
    assert Circle.objects.count() >= 5
    assert CircleMeeting.objects.count() >= 2 * Circle.objects.count()
    assert CircleLearning.objects.exists()
    for email in ("sam@northwind.example", "ana@northwind.example"):
        user = User.objects.get(email=email)
        network = network_of(owner=user, viewer=user)
        assert len(network.nodes) - 1 >= 20, email
        skill, helpers = who_can_help(user=user, text="Kubernetes")
        assert helpers, email
        assert any(h.node.distance == 1 for h in helpers)
