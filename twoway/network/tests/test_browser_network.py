"""In a real browser: the network page draws the graph, and the list shows the same people."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from conftest import PASSWORD
from twoway.core.tests.browser import screenshot
from twoway.network.tests.helpers import circle_learned, circle_with, member, partnered

pytestmark = [pytest.mark.browser]


def _network(make_user: Any) -> Any:
    """Sam with four partners, each with three partners of their own, and a circle."""
    sam = member(make_user, "Sam", teaches={"Figma": 4})
    for i in range(4):
        near = member(make_user, f"Near{i}", teaches={"SQL": 4})
        partnered(sam, near, learned=[(sam, "SQL")])
        for j in range(3):
            partnered(near, member(make_user, f"Far{i}x{j}", teaches={"Kubernetes": 2 + j}))
    kim, lee = member(make_user, "Kim", teaches={"Go": 4}), member(make_user, "Lee")
    circle = circle_with([sam, kim, lee])
    circle_learned(circle, sam, kim, "Go")
    return sam


def test_the_graph_renders_people_and_the_list_shows_them(
    page: Page, live_server: Any, transactional_db: None, make_user: Any, tmp_path: Path
) -> None:
    sam = _network(make_user)
    page.goto(f"{live_server.url}/accounts/login/?next=/network/")
    page.get_by_label("Email").fill(sam.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Password").press("Enter")
    graph = page.locator("[data-network-graph]")
    expect(graph).to_have_attribute("data-rendered-nodes", "19")
    expect(page.locator("[data-graph-status]")).to_have_text("18 people, 19 connections.")
    assert page.locator("svg .network-node").count() == 19
    assert page.locator("svg .network-edge").count() == 19
    rows = page.locator(".network-table tbody th[scope=row]")
    expect(rows).to_have_count(18)
    expect(page.locator(".network-table")).to_contain_text("Near0")
    expect(page.locator(".network-table")).to_contain_text("Far3x2")

    screenshot(page, "network-graph", tmp_path)
    node = page.locator('.network-node[data-handle="kim"]')
    node.focus()
    tooltip = page.locator(".network-tooltip")
    expect(tooltip).to_be_visible()
    expect(tooltip).to_contain_text("With Sam: taught Go (1 entry)")
    page.keyboard.press("Enter")
    expect(page.locator("[data-graph-details]")).to_contain_text("Kim · direct connection")
    page.keyboard.press("ArrowRight")
    expect(tooltip).to_be_visible()
    page.get_by_role("button", name="Zoom in").click()
    assert "scale(1.25)" in (page.locator(".network-view").get_attribute("transform") or "")

    page.get_by_label("Who can help me with").fill("k8s")
    page.get_by_role("button", name="Find people").click()
    helpers = page.locator(".helper")
    expect(helpers).to_have_count(12)
    expect(helpers.first).to_contain_text("Kubernetes 4/5")
    expect(helpers.first).to_contain_text("two steps away")
