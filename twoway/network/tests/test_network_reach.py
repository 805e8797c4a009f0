"""My network: people within two steps through partnerships (any status) and circles."""

from __future__ import annotations

from typing import Any

from twoway.network.graph import network_of, pair
from twoway.network.tests.helpers import (
    circle_learned,
    circle_with,
    meeting,
    member,
    partnered,
    seated_since,
)
from twoway.partnerships.models import Goal, Partnership


def test_it_reaches_two_steps_through_partnerships_and_circles_but_not_three(
    make_user: Any,
) -> None:
    ana, sam, lee, kim, zoe, max_ = (
        member(make_user, n) for n in ("Ana", "Sam", "Lee", "Kim", "Zoe", "Max")
    )
    partnered(ana, sam, status=Partnership.Status.ENDED)
    partnered(sam, lee, status=Partnership.Status.ACTIVE)
    circle_with([ana, kim])
    partnered(kim, zoe)
    partnered(zoe, max_)  # three steps from Ana
    network = network_of(owner=ana, viewer=ana)
    distances = {network.nodes[u].name: n.distance for u, n in network.nodes.items()}
    assert distances == {"Ana": 0, "Sam": 1, "Kim": 1, "Lee": 2, "Zoe": 2}
    assert network.edges[pair(ana.pk, sam.pk)].kinds == {"partnership"}
    assert network.edges[pair(ana.pk, kim.pk)].kinds == {"circle"}
    assert [n.name for n in network.vias(lee.pk)] == ["Sam"]


def test_depth_one_shows_only_direct_connections(make_user: Any) -> None:
    ana, sam, lee = (member(make_user, n) for n in ("Ana", "Sam", "Lee"))
    partnered(ana, sam)
    partnered(sam, lee)
    network = network_of(owner=ana, viewer=ana, depth=1)
    assert sorted(n.name for n in network.nodes.values()) == ["Ana", "Sam"]


def test_each_edge_says_what_flowed_each_way(make_user: Any) -> None:
    ana = member(make_user, "Ana", teaches={"SQL": 5})
    sam = member(make_user, "Sam", teaches={"Figma": 4, "Go": 3})
    lee = member(make_user, "Lee", teaches={"Kubernetes": 4})
    partnership = partnered(ana, sam, learned=[(ana, "Figma"), (ana, "Figma"), (sam, "SQL")])
    Goal.objects.create(partnership=partnership, owner=ana, text="Ship in Go", skill_id=None)
    Goal.objects.create(
        partnership=partnership,
        owner=ana,
        text="Learn Go",
        skill=sam.profile.teaches.get(skill__name="Go").skill,
    )
    circle = circle_with([ana, lee])
    circle_learned(circle, ana, lee, "Kubernetes")
    network = network_of(owner=ana, viewer=ana)
    with_sam = network.edges[pair(ana.pk, sam.pk)]
    sam_to_ana = with_sam.flow(sam.pk, ana.pk)
    ana_to_sam = with_sam.flow(ana.pk, sam.pk)
    assert sam_to_ana is not None and ana_to_sam is not None
    assert sam_to_ana.skill_names() == ["Figma", "Go"]
    assert sam_to_ana.entries == 2
    assert (ana_to_sam.skill_names(), ana_to_sam.entries) == (["SQL"], 1)
    lee_to_ana = network.edges[pair(ana.pk, lee.pk)].flow(lee.pk, ana.pk)
    assert lee_to_ana is not None
    assert (lee_to_ana.skill_names(), lee_to_ana.entries) == (["Kubernetes"], 1)


def test_a_past_circle_member_who_met_the_circle_stays_in_the_network(
    make_user: Any, client: Any
) -> None:
    from twoway.network.circles import circle_leave

    ana, sam, lee = (member(make_user, n) for n in ("Ana", "Sam", "Lee"))
    circle = circle_with([ana, sam, lee])
    seated_since(circle, days=7)
    meeting(circle, days_from_now=-1)
    circle_leave(user=sam, circle_id=circle.pk)
    network = network_of(owner=ana, viewer=ana)
    assert network.nodes[sam.pk].distance == 1
