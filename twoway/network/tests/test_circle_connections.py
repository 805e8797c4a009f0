"""Circles connect people while they share a seat, and afterwards only the people they met.

Ana, Sam and Lee share a circle. Charlie is a stranger who joins an open circle and leaves again:
that must not make him anyone's connection, not even with a meeting he dates inside his seat but
leaves before it ends. Kim joins after Sam has left, so they never meet.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.test import Client
from django.utils import timezone

from twoway.network.graph import is_connected, network_of
from twoway.network.models import Circle, CircleMeeting, Membership
from twoway.network.tests.helpers import (
    call,
    circle_with,
    login,
    meeting,
    member,
    partnered,
    seated_since,
)


def _names(network: Any) -> set[str]:
    return {n.name for n in network.nodes.values()}


def test_charlie_who_joins_and_leaves_an_open_circle_gets_404_again(
    make_user: Any, client: Client
) -> None:
    ana, sam, lee, zoe = (member(make_user, n) for n in ("Ana", "Sam", "Lee", "Zoe"))
    partnered(ana, zoe)
    circle = circle_with([ana, sam, lee], status=Circle.Status.OPEN)
    seated_since(circle, days=30)
    meeting(circle, days_from_now=-3)  # before Charlie joined
    meeting(circle, days_from_now=1)  # after he left: not held yet
    charlie = member(make_user, "Charlie")
    api = login(client, charlie)
    assert call(api, "get", "/api/network?of=ana")[0] == 404
    assert call(api, "post", f"/api/circles/{circle.pk}/join")[0] == 200
    joined = Membership.objects.get(circle=circle, user=charlie).joined_at
    CircleMeeting.objects.create(  # dated inside his seat, but not over when he leaves
        circle=circle, starts_at=joined + timedelta(microseconds=1), created_by=charlie
    )
    assert call(api, "post", f"/api/circles/{circle.pk}/leave")[0] == 200
    status, body = call(api, "get", "/api/network?of=ana")
    assert (status, body["error"]["code"]) == (404, "not_found")
    assert api.get("/network/people/ana/").status_code == 404
    assert _names(network_of(owner=charlie, viewer=charlie)) == {"Charlie"}
    assert "Charlie" not in _names(network_of(owner=ana, viewer=ana))


def test_sam_who_left_keeps_the_members_he_met_and_never_gains_kim(make_user: Any) -> None:
    ana, sam, lee, kim = (member(make_user, n) for n in ("Ana", "Sam", "Lee", "Kim"))
    circle = circle_with([ana, sam, lee])
    seated_since(circle, days=30)
    meeting(circle, days_from_now=-10)  # Ana, Sam and Lee
    circle.current().filter(user=sam).update(left_at=timezone.now() - timedelta(days=5))
    Membership.objects.create(circle=circle, user=kim, joined_at=timezone.now() - timedelta(days=3))
    meeting(circle, days_from_now=-2)  # Ana, Lee and Kim
    assert _names(network_of(owner=sam, viewer=sam, depth=1)) == {"Sam", "Ana", "Lee"}
    assert is_connected(sam.pk, ana.pk) and not is_connected(sam.pk, kim.pk)
    assert _names(network_of(owner=kim, viewer=kim, depth=1)) == {"Kim", "Ana", "Lee"}


def test_a_member_who_left_before_any_meeting_keeps_nobody(make_user: Any) -> None:
    ana, sam, lee = (member(make_user, n) for n in ("Ana", "Sam", "Lee"))
    circle = circle_with([ana, sam, lee])
    seated_since(circle, days=30)
    circle.current().filter(user=sam).update(left_at=timezone.now() - timedelta(days=20))
    meeting(circle, days_from_now=-10)  # Ana and Lee only
    assert is_connected(ana.pk, lee.pk)
    assert not is_connected(sam.pk, ana.pk) and not is_connected(sam.pk, lee.pk)


def test_a_current_member_sees_the_circles_members_and_their_networks(
    make_user: Any, client: Client
) -> None:
    ana, sam, lee, zoe = (member(make_user, n) for n in ("Ana", "Sam", "Lee", "Zoe"))
    partnered(ana, zoe)
    circle_with([ana, sam, lee])
    assert _names(network_of(owner=lee, viewer=lee, depth=1)) == {"Lee", "Ana", "Sam"}
    status, body = call(login(client, lee), "get", "/api/network?of=ana&depth=1")
    assert status == 200
    assert {n["handle"] for n in body["nodes"]} == {"ana", "sam", "lee", "zoe"}
