"""In Chromium, axe-core (vendored in ``vendor/``, so no CDN and no npm) checks the main pages a
visitor and Priya (a program manager with a partner, a request, a program, a round, a post and a
circle: the test world) see, on a desktop and on a phone, and finds no violation of "serious" or
"critical" impact. The checker itself is shown to fail on a page built to break two rules."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, Route, ViewportSize, expect

from conftest import PASSWORD
from twoway.core.tests.world import World, build_world

pytestmark = [pytest.mark.browser]
AXE = Path(__file__).parent / "vendor" / "axe.min.js"
BLOCKING = ("serious", "critical")
# Only the rules of the standards we aim for (WCAG 2.x A and AA), plus axe's best practices.
RUN = """async () => {
  const result = await axe.run(document, {
    runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa",
                                    "best-practice"]},
  });
  return result.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map((n) => n.target.join(" ")),
  }));
}"""
BROKEN = b"""<!doctype html><html lang="en"><head><title>Broken</title></head><body><main>
<h1>Broken on purpose</h1><img src="/x.png"><button></button></main></body></html>"""
VISITOR_PAGES = ["/", "/accounts/login/", "/accounts/signup/"]
PHONE: ViewportSize = {"width": 390, "height": 844}
DESKTOP: ViewportSize = {"width": 1280, "height": 800}


def member_pages(world: World) -> list[str]:
    """The main pages Priya sees signed in, one of each kind."""
    ids = world.ids
    program = f"/programs/{ids['program_id']}"
    return [
        "/", "/people/", f"/people/{ids['handle']}/", "/suggestions/", "/partnerships/",
        f"/partnerships/{ids['partnership_id']}/",
        f"/partnerships/requests/{world.by_path['requests']['pk']}/", "/notifications/",
        "/circles/", f"/circles/{ids['circle_id']}/", "/posts/", f"/posts/{ids['slug']}/",
        f"{program}/dashboard/", f"{program}/rounds/{ids['round_id']}/", "/accounts/settings/",
    ]  # fmt: skip


@pytest.fixture
def world(transactional_db: None, priya: Any, bob: Any, charlie: Any) -> World:
    return build_world(priya, bob, charlie)


@pytest.fixture
def axe_page(page: Page) -> Page:
    """A page that loads axe before anything else; an init script is not subject to the site's
    Content-Security-Policy, which refuses an injected inline <script>."""
    page.add_init_script(path=AXE)
    return page


def blocking_violations(page: Page) -> list[str]:
    """Every serious or critical violation on the open page: rule, impact, help and selectors."""
    page.wait_for_load_state("networkidle")
    found = page.evaluate(RUN)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {', '.join(v['nodes'])}"
        for v in found
        if v["impact"] in BLOCKING
    ]


def check(page: Page, base: str, paths: list[str]) -> list[str]:
    """Open each path and collect its blocking violations, each prefixed with the path."""
    report: list[str] = []
    for path in paths:
        response = page.goto(f"{base}{path}")
        assert response is not None and response.ok, path
        report.extend(f"{path}: {line}" for line in blocking_violations(page))
    return report


def _sign_in(page: Page, base: str, world: World) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Email").fill(world.member.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("form[action$='/logout/']")).to_have_count(1)  # behind Menu on a phone


def test_the_checker_reports_a_page_built_to_break_the_rules(
    axe_page: Page, live_server: Any
) -> None:
    def serve(route: Route) -> None:
        route.fulfill(status=200, content_type="text/html", body=BROKEN)

    axe_page.route("**/broken-on-purpose/", serve)
    axe_page.goto(f"{live_server.url}/broken-on-purpose/")
    report = blocking_violations(axe_page)
    assert any(line.startswith("image-alt (critical)") and " img" in line for line in report)
    assert any(line.startswith("button-name (critical)") for line in report), report


def test_a_visitor_sees_no_serious_violation(
    axe_page: Page, live_server: Any, transactional_db: None
) -> None:
    report = check(axe_page, live_server.url, VISITOR_PAGES)
    assert not report, "\n".join(report)


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_priya_sees_no_serious_violation_on_the_main_pages(
    axe_page: Page, live_server: Any, world: World, size: ViewportSize
) -> None:
    axe_page.set_viewport_size(size)
    _sign_in(axe_page, live_server.url, world)
    report = check(axe_page, live_server.url, member_pages(world))
    assert not report, "\n".join(report)
